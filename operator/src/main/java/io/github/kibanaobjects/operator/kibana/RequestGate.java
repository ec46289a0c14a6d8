package io.github.kibanaobjects.operator.kibana;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What every request to one Kibana passes before it is sent: a shared back-off after Kibana said it
 * is overloaded (429 or 503, for as long as its {@code Retry-After} asks, else 1 s doubling, at
 * most 5 s), a rate of at most {@code maxPerSecond} requests (evenly spaced), and at most {@code
 * maxConcurrent} in flight. The whole wait is bounded: a request that would wait longer fails at
 * once with a retryable {@link Reason#KIBANA_UNREACHABLE}, so reconcile threads never pile up.
 */
final class RequestGate {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /**
   * The longest every request waits together. A longer Retry-After is honoured by the resource
   * whose request got it (its failure carries the wait), not by every resource of the connection,
   * which would stall all of them on one throttled route.
   */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Waits, in nanoseconds; tests advance a clock instead. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final int maxConcurrent;
  private final int maxPerSecond;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Semaphore inFlight;
  private final String target;

  // guarded by this
  private long pausedUntil;
  private long nextSlot;
  private int overloads;

  /**
   * @param maxPerSecond requests per second; 0 means no rate limit
   * @param maxWait the longest a request waits here before it fails
   * @param target names Kibana in messages (its URL)
   */
  RequestGate(
      int maxConcurrent,
      int maxPerSecond,
      Duration maxWait,
      String target,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    this.maxConcurrent = maxConcurrent;
    this.maxPerSecond = maxPerSecond;
    this.maxWaitNanos = maxWait.toNanos();
    this.target = target;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.inFlight = new Semaphore(maxConcurrent, true);
    this.pausedUntil = nanoTime.getAsLong();
    this.nextSlot = pausedUntil;
  }

  static RequestGate of(KibanaEndpoint endpoint) {
    return new RequestGate(
        endpoint.maxConcurrentRequests(),
        endpoint.maxRequestsPerSecond(),
        endpoint.requestTimeout(),
        endpoint.url(),
        System::nanoTime,
        TimeUnit.NANOSECONDS::sleep);
  }

  /** Waits for the back-off to pass, a rate slot and a free slot; {@link #release} after. */
  void acquire(String method, String path) {
    long start = nanoTime.getAsLong();
    try {
      long sendAt = reserve(method, path, start);
      if (sendAt > start) {
        sleeper.sleep(sendAt - start);
      }
      long left = maxWaitNanos - Math.max(0, nanoTime.getAsLong() - start);
      if (!inFlight.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        throw new OperatorException(
            Reason.KIBANA_UNREACHABLE,
            "%s %s: %d requests to %s were still in flight after %s"
                .formatted(method, path, maxConcurrent, target, Duration.ofNanos(maxWaitNanos)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException(
          Reason.KIBANA_UNREACHABLE, method + " " + path + ": interrupted while queued", e);
    }
  }

  void release() {
    inFlight.release();
  }

  /** The time this request may go: after the back-off and its own rate slot. */
  private synchronized long reserve(String method, String path, long now) {
    if (pausedUntil - now > maxWaitNanos) {
      var left = Duration.ofNanos(pausedUntil - now);
      throw new OperatorException(
          Reason.KIBANA_UNREACHABLE,
          "%s %s: not sent, %s asked the operator to back off for another %ds (429 or 503)"
              .formatted(method, path, target, Math.max(1, left.toSeconds())),
          true,
          left,
          0,
          null);
    }
    long at = Math.max(now, pausedUntil);
    if (maxPerSecond > 0) {
      at = Math.max(at, nextSlot);
      if (at - now > maxWaitNanos) {
        throw new OperatorException(
            Reason.KIBANA_UNREACHABLE,
            "%s %s: not sent, more than %d requests per second to %s are queued beyond %s"
                .formatted(method, path, maxPerSecond, target, Duration.ofNanos(maxWaitNanos)));
      }
      nextSlot = at + TimeUnit.SECONDS.toNanos(1) / maxPerSecond;
    }
    return at;
  }

  /**
   * Kibana answered 429 or 503: every request to it waits {@code retryAfter} (when it sent one),
   * else a back-off that doubles with each overload in a row.
   */
  synchronized void overloaded(Duration retryAfter) {
    var wait = retryAfter;
    if (wait == null || wait.isNegative()) {
      wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(overloads, 5));
    }
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    overloads++;
    pausedUntil = Math.max(pausedUntil, nanoTime.getAsLong() + wait.toNanos());
  }

  /** Kibana answered without overload: the next back-off starts short again. */
  synchronized void answered() {
    overloads = 0;
  }
}

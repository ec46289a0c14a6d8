package io.github.kibanaobjects.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Faults injected in front of Kibana routes (never in front of {@code /__sim/}). A route matcher is
 * {@code "*"} (every Kibana route), a route template such as {@code
 * "/api/saved_objects/{type}/{id}"} (any method) or {@code "GET /api/..."}.
 */
public final class SimFaults {

  /** What to do with one request, decided before it reaches its handler. */
  public sealed interface Decision {
    record Proceed(Duration delay) implements Decision {}

    record Fail(Duration delay, int status, Duration retryAfter) implements Decision {}

    record Reset(Duration delay) implements Decision {}

    /** 503 "not ready yet" with this Retry-After, as Kibana answers while it starts. */
    record Outage(Duration retryAfter) implements Decision {}

    /** Answer with {@code status} and a body that repeats the request, headers included. */
    record Echo(Duration delay, int status) implements Decision {}
  }

  private sealed interface Rule {
    String route();
  }

  private record Latency(String route, Duration delay) implements Rule {}

  private record Errors(String route, double rate, int status, Duration retryAfter)
      implements Rule {}

  private record ConnectionReset(String route, double rate) implements Rule {}

  private record Echo(String route, int status) implements Rule {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Hold> holds = new CopyOnWriteArrayList<>();
  private final LongSupplier nanoTime;
  private volatile long outageUntilNanos;
  private volatile boolean outageActive;
  private volatile Duration outageRetryAfter = DEFAULT_OUTAGE_RETRY_AFTER;

  /** The Retry-After of an outage's 503 unless the outage says otherwise. */
  public static final Duration DEFAULT_OUTAGE_RETRY_AFTER = Duration.ofSeconds(30);

  public SimFaults() {
    this(System::nanoTime);
  }

  /** With this monotonic clock for outage windows (tests end a window without waiting). */
  SimFaults(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public SimFaults latency(String route, Duration delay) {
    rules.add(new Latency(checkRoute(route), delay));
    return this;
  }

  /**
   * Parks every matching request (before any other fault applies) until the returned hold is
   * released: a test sees a request in flight for exactly as long as it needs to, with no timing
   * window. {@link #clear()} and stopping the simulator release every hold, so nothing hangs.
   */
  public Hold hold(String route) {
    var hold = new Hold(checkRoute(route));
    holds.add(hold);
    return hold;
  }

  /** Blocks the calling request while a hold matches it; called before {@link #decide}. */
  public void park(String method, String template) {
    for (Hold hold : holds) {
      if (matches(hold.route, method, template)) {
        hold.park();
      }
    }
  }

  public SimFaults errors(String route, double rate, int status) {
    return errors(route, rate, status, null);
  }

  public SimFaults errors(String route, double rate, int status, Duration retryAfter) {
    checkRate(rate);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("fault status must be 4xx or 5xx: " + status);
    }
    rules.add(new Errors(checkRoute(route), rate, status, retryAfter));
    return this;
  }

  public SimFaults connectionReset(String route, double rate) {
    checkRate(rate);
    rules.add(new ConnectionReset(checkRoute(route), rate));
    return this;
  }

  /**
   * Every matching request is answered by something that repeats it back, headers included (a
   * debugging proxy, a misconfigured gateway): {@code status} with the request line and headers as
   * the error {@code message}; on an import ({@code 200}) every object sent fails with that text as
   * its per-object error message. Tests use it to prove that no credential leaks from an answer.
   */
  public SimFaults echo(String route, int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("echo status must be 2xx to 5xx: " + status);
    }
    rules.add(new Echo(checkRoute(route), status));
    return this;
  }

  public SimFaults outage(Duration window) {
    return outage(window, DEFAULT_OUTAGE_RETRY_AFTER);
  }

  /**
   * An outage whose 503s ask clients to come back after {@code retryAfter} (whole seconds): a soak
   * that ends an outage early needs clients that do not stay away for the default 30 s.
   */
  public SimFaults outage(Duration window, Duration retryAfter) {
    outageRetryAfter = retryAfter;
    outageUntilNanos = nanoTime.getAsLong() + window.toNanos();
    outageActive = true;
    return this;
  }

  public void clear() {
    rules.clear();
    outageActive = false;
    releaseHolds();
  }

  /** Lets every parked request go (the simulator stops, or a test clears its faults). */
  public void releaseHolds() {
    for (Hold hold : holds) {
      hold.release();
    }
  }

  /** Decides the fate of one Kibana request; {@code template} is the matched route template. */
  public Decision decide(String method, String template) {
    if (outageActive && nanoTime.getAsLong() - outageUntilNanos < 0) {
      return new Decision.Outage(outageRetryAfter);
    }
    if (rules.isEmpty()) {
      return new Decision.Proceed(Duration.ZERO);
    }
    Duration delay = Duration.ZERO;
    Decision failure = null;
    var random = ThreadLocalRandom.current();
    for (Rule rule : rules) {
      if (!matches(rule.route(), method, template)) {
        continue;
      }
      if (rule instanceof Latency l) {
        delay = delay.plus(l.delay());
      } else if (failure == null && rule instanceof ConnectionReset r && hit(random, r.rate())) {
        failure = new Decision.Reset(Duration.ZERO);
      } else if (failure == null && rule instanceof Errors e && hit(random, e.rate())) {
        failure = new Decision.Fail(Duration.ZERO, e.status(), e.retryAfter());
      } else if (failure == null && rule instanceof Echo e) {
        failure = new Decision.Echo(Duration.ZERO, e.status());
      }
    }
    if (failure instanceof Decision.Echo e) {
      return new Decision.Echo(delay, e.status());
    }
    if (failure instanceof Decision.Reset) {
      return new Decision.Reset(delay);
    }
    if (failure instanceof Decision.Fail f) {
      return new Decision.Fail(delay, f.status(), f.retryAfter());
    }
    return new Decision.Proceed(delay);
  }

  private static boolean hit(ThreadLocalRandom random, double rate) {
    return rate >= 1.0 || (rate > 0 && random.nextDouble() < rate);
  }

  static boolean matches(String matcher, String method, String template) {
    if ("*".equals(matcher)) {
      return true;
    }
    int space = matcher.indexOf(' ');
    if (space < 0) {
      return matcher.equals(template);
    }
    return matcher.substring(0, space).equalsIgnoreCase(method)
        && matcher.substring(space + 1).equals(template);
  }

  private static String checkRoute(String route) {
    String trimmed = route.trim();
    if (!"*".equals(trimmed) && !trimmed.contains("/")) {
      throw new IllegalArgumentException(
          "route must be \"*\", a template like /api/... or \"METHOD /api/...\": " + route);
    }
    int space = trimmed.indexOf(' ');
    return space < 0
        ? trimmed
        : trimmed.substring(0, space).toUpperCase(Locale.ROOT)
            + " "
            + trimmed.substring(space + 1).trim();
  }

  private static void checkRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be within 0..1: " + rate);
    }
  }

  /**
   * Requests of one route parked by {@link #hold}. The test waits for them with {@link
   * #awaitArrived} and lets them (and every later one) through with {@link #release}; closing
   * releases too, so {@code try (var hold = sim.faults().hold(...))} cannot leave a request parked.
   */
  public final class Hold implements AutoCloseable {
    /** How long {@link #awaitArrived(int)} waits: a bound for a broken test, not a timing. */
    public static final Duration ARRIVAL_WAIT = Duration.ofSeconds(30);

    /** The longest a request stays parked when no one releases it. */
    static final Duration PARK_LIMIT = Duration.ofMinutes(5);

    private final String route;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int arrived;
    private boolean released;

    private Hold(String route) {
      this.route = route;
    }

    public String route() {
      return route;
    }

    /** How many requests have arrived at this hold so far (parked or since released). */
    public int arrived() {
      lock.lock();
      try {
        return arrived;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits until {@code n} requests have arrived at this hold; fails after {@link #ARRIVAL_WAIT}.
     */
    public Hold awaitArrived(int n) {
      return awaitArrived(n, ARRIVAL_WAIT);
    }

    public Hold awaitArrived(int n, Duration timeout) {
      long left = timeout.toNanos();
      lock.lock();
      try {
        while (arrived < n) {
          if (left <= 0) {
            throw new IllegalStateException(
                "hold "
                    + route
                    + ": "
                    + arrived
                    + " of "
                    + n
                    + " requests arrived within "
                    + timeout);
          }
          left = changed.awaitNanos(left);
        }
        return this;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting at hold " + route, e);
      } finally {
        lock.unlock();
      }
    }

    /** Lets every parked request proceed; later requests no longer stop here. Idempotent. */
    public void release() {
      holds.remove(this);
      lock.lock();
      try {
        released = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    public boolean released() {
      lock.lock();
      try {
        return released;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      release();
    }

    private void park() {
      lock.lock();
      try {
        if (released) {
          return;
        }
        arrived++;
        changed.signalAll();
        // bounded, so that a request never outlives a forgotten hold by long
        long left = PARK_LIMIT.toNanos();
        while (!released && left > 0) {
          left = changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }
  }
}

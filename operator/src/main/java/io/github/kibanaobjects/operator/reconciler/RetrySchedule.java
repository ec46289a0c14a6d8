package io.github.kibanaobjects.operator.reconciler;

import io.github.kibanaobjects.operator.status.OperatorException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to try a failed resource again. JOSDK's own retry gives up after a few attempts, which would
 * leave a resource stuck after a long Kibana outage; so every failure ends JOSDK's retry and
 * reschedules itself here instead: retryable failures back off exponentially (at least Kibana's
 * {@code Retry-After}), failures only a change can fix come back at the resync period, so that a
 * privilege granted in Kibana is noticed without touching the resource.
 */
public final class RetrySchedule {
  private final Duration initial;
  private final Duration max;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public RetrySchedule(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  public static RetrySchedule defaults() {
    return new RetrySchedule(Duration.ofSeconds(2), Duration.ofMinutes(5));
  }

  /**
   * Records one more failure of {@code key} and returns the delay before its next attempt.
   *
   * @param resyncPeriod the resource's resync period: the delay for non-retryable failures, and an
   *     upper bound for the backoff so a resource is never checked less often than it asks
   */
  public Duration onFailure(String key, OperatorException failure, Duration resyncPeriod) {
    if (!failure.isRetryable()) {
      failures.remove(key);
      return resyncPeriod;
    }
    int attempt = failures.merge(key, 1, Integer::sum);
    var backoff = initial.multipliedBy(1L << Math.min(attempt - 1, 20));
    var capped = min(min(backoff, max), resyncPeriod);
    return failure
        .retryAfter()
        .filter(retryAfter -> retryAfter.compareTo(capped) > 0)
        .orElse(capped);
  }

  /** A success starts the next failure's backoff from the beginning. */
  public void onSuccess(String key) {
    failures.remove(key);
  }

  /** Forgets a deleted resource. */
  public void forget(String key) {
    failures.remove(key);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

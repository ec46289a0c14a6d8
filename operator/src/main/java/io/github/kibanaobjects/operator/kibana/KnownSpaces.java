package io.github.kibanaobjects.operator.kibana;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spaces one Kibana answered for lately. Every create and spec change checks that its space
 * exists before it writes (Kibana would write into a space nobody can open); a burst of creates
 * into one space, as a cold start or a GitOps sync brings, asks Kibana once instead of once per
 * object. Only presence is remembered, and only for {@link #FRESH_FOR}: a space deleted in Kibana
 * is noticed by the next check after that, and a missing space is asked about every time.
 */
final class KnownSpaces {
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  KnownSpaces(Clock clock) {
    this.clock = clock;
  }

  /** Whether Kibana said the space exists within {@link #FRESH_FOR}. */
  boolean recentlySeen(String id) {
    var at = seen.get(id);
    return at != null && !clock.instant().isAfter(at.plus(FRESH_FOR));
  }

  void seen(String id) {
    seen.put(id, clock.instant());
  }

  void gone(String id) {
    seen.remove(id);
  }
}

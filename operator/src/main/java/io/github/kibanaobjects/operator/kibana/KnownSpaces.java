package io.github.kibanaobjects.operator.kibana;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The spaces one Kibana answered for lately. Every create and spec change checks that its space
 * exists before it writes (Kibana would write into a space nobody can open); a burst of creates
 * into one space, as a cold start or a GitOps sync brings, asks Kibana once instead of once per
 * object. Only presence is remembered, and only for {@link #FRESH_FOR}: a space deleted in Kibana
 * is noticed by the next check after that, and a missing space is asked about every time. Spaces
 * are learned from the space list, one request for all of them, so writes spread over many spaces
 * cost one request per {@link #FRESH_FOR}, not one per space.
 */
final class KnownSpaces {
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private Instant listed;

  KnownSpaces(Clock clock) {
    this.clock = clock;
  }

  /** Whether Kibana said the space exists within {@link #FRESH_FOR}. */
  boolean recentlySeen(String id) {
    var at = seen.get(id);
    return at != null && !clock.instant().isAfter(at.plus(FRESH_FOR));
  }

  /**
   * Learns every space from {@code list} unless it was listed within {@link #FRESH_FOR}; one caller
   * at a time, so a burst of checks lists once. A list Kibana refused (the credentials may not list
   * spaces) is not asked for again within {@link #FRESH_FOR} either.
   *
   * @param list the ids of the spaces Kibana lists; throws when Kibana refuses
   */
  synchronized void learn(Supplier<Collection<String>> list) {
    var now = clock.instant();
    if (listed != null && !now.isAfter(listed.plus(FRESH_FOR))) {
      return;
    }
    listed = now;
    list.get().forEach(id -> seen.put(id, now));
  }

  void seen(String id) {
    seen.put(id, clock.instant());
  }

  void gone(String id) {
    seen.remove(id);
  }
}

package io.github.kibanaobjects.operator.kibana;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spaces one Kibana answered for lately. Every create and spec change checks that its space
 * exists before it writes (Kibana would write into a space nobody can open); a burst of creates
 * into one space, as a cold start or a GitOps sync brings, asks Kibana once instead of once per
 * object. Only presence is remembered, and only for {@link #FRESH_FOR}: a space deleted in Kibana
 * is noticed by the next check after that, and a missing space is asked about every time. Spaces
 * are learned from the space list, one request for all of them, so writes spread over many spaces
 * cost one request per {@link #FRESH_FOR}, not one per space. No lock is held over a request: a
 * Kibana that hangs holds each caller once, for one request, as a request of its own would.
 */
final class KnownSpaces {
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(KnownSpaces.class);

  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  /** When each space was last deleted or found missing: a list sent before that is out of date. */
  private final Map<String, Instant> goneAt = new ConcurrentHashMap<>();

  // guarded by this
  private Instant listed;
  private CompletableFuture<Void> listing;

  KnownSpaces(Clock clock) {
    this.clock = clock;
  }

  /** Whether Kibana said the space exists within {@link #FRESH_FOR}. */
  boolean recentlySeen(String id) {
    var at = seen.get(id);
    return at != null && !clock.instant().isAfter(at.plus(FRESH_FOR));
  }

  /**
   * Learns every space from {@code list} unless the last list ended within {@link #FRESH_FOR}. One
   * list at a time: callers that come while it is under way wait for its answer instead of asking
   * again. A list that failed (the credentials may not list spaces, or Kibana is down) is not sent
   * again within {@link #FRESH_FOR} either; callers then ask about their space by its id.
   *
   * @param list the ids of the spaces Kibana lists
   */
  void learn(Supplier<Collection<String>> list) {
    CompletableFuture<Void> pending;
    boolean mine = false;
    synchronized (this) {
      if (listed != null && !clock.instant().isAfter(listed.plus(FRESH_FOR))) {
        return;
      }
      if (listing == null) {
        listing = new CompletableFuture<>();
        mine = true;
      }
      pending = listing;
    }
    if (!mine) {
      try {
        pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // never completed exceptionally
      }
      return;
    }
    var asked = clock.instant();
    try {
      for (var id : list.get()) {
        var gone = goneAt.get(id);
        if (gone == null || gone.isBefore(asked)) {
          seen.put(id, asked);
        }
      }
    } catch (RuntimeException e) {
      log.debug("listing spaces failed, asking about each by its id: {}", e.getMessage());
    } finally {
      synchronized (this) {
        listed = clock.instant();
        listing = null;
      }
      pending.complete(null);
    }
  }

  void seen(String id) {
    goneAt.remove(id);
    seen.put(id, clock.instant());
  }

  void gone(String id) {
    goneAt.put(id, clock.instant());
    seen.remove(id);
  }
}

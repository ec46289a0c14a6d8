package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Exclusive ownership of Kibana objects. One object (connection, space, type, id) is managed by one
 * resource: every resource whose spec names it claims it, and the oldest claim wins
 * (creationTimestamp, then namespace/name), whether or not any of them says {@code adopt}. The
 * others are {@code Conflict} naming the owner, and never write or delete the object; when the
 * owner goes away (its deletion done), the next claimant is woken and may take over.
 *
 * <p>Claims are read from an index over the kind's informer cache, so asking costs no API call.
 * Claimants of one object are always of one kind (the type is part of the key).
 */
public final class Claims<R extends HasMetadata> {
  static final String INDEX = "by-kibana-object";

  /** Oldest first: creationTimestamp (a missing one counts as newest), then namespace/name. */
  static final Comparator<HasMetadata> OLDEST_FIRST =
      Comparator.<HasMetadata, Instant>comparing(r -> created(r))
          .thenComparing(r -> Objects.toString(r.getMetadata().getNamespace(), ""))
          .thenComparing(r -> r.getMetadata().getName());

  private final Function<R, Optional<String>> keyOf;
  private final SimpleInboundEventSource<R> wakeUps = new SimpleInboundEventSource<>("claims");
  // Owners whose deletion is done but whose finalizer is not yet removed: they claim nothing more.
  private final Map<ResourceID, String> released = new ConcurrentHashMap<>();
  private volatile IndexedResourceCache<R> cache;

  /**
   * @param keyOf the claim key of a resource's spec ({@link IndexKeys#ofObject}); empty for a
   *     resource that claims nothing (its spec could not be read). Must not throw.
   */
  public Claims(Function<R, Optional<String>> keyOf) {
    this.keyOf = keyOf;
  }

  /**
   * Indexes the kind's informer cache by claim key; returns the event source that wakes claimants.
   */
  public SimpleInboundEventSource<R> register(EventSourceContext<R> context) {
    var primary = context.getPrimaryCache();
    primary.addIndexer(
        INDEX,
        resource -> {
          try {
            return keyOf.apply(resource).map(List::of).orElse(List.of());
          } catch (RuntimeException unreadable) {
            return List.of();
          }
        });
    cache = primary;
    return wakeUps;
  }

  /** The resource's claim key, as the index holds it. */
  public Optional<String> keyOf(R resource) {
    try {
      return keyOf.apply(resource);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * The owner of the object {@code key} names, among the resources whose spec claims it and which
   * {@code allowed} lets use the connection; {@code self} counts when its own spec names the
   * object.
   */
  public Optional<R> owner(R self, String key, Predicate<R> allowed) {
    return claimants(self, key, allowed).stream().min(OLDEST_FIRST);
  }

  /**
   * @throws OperatorException {@link Reason#CONFLICT} naming the owner, when another resource
   *     manages the object
   */
  public void requireOwner(R self, String key, String what, Predicate<R> allowed) {
    owner(self, key, allowed)
        .filter(owner -> !same(owner, self))
        .ifPresent(
            owner -> {
              throw new OperatorException(
                  Reason.CONFLICT,
                  ("%s is managed by %s %s/%s, the oldest resource that names it through this"
                          + " connection; this resource does not write or delete it, adopt or not."
                          + " Give it another id (or space), or delete one of the two")
                      .formatted(
                          what,
                          owner.getKind(),
                          owner.getMetadata().getNamespace(),
                          owner.getMetadata().getName()));
            });
  }

  /**
   * The resource that manages the object instead of {@code self}, if any: {@code self} may delete
   * the object it wrote only when there is none (it owns the object, or, when its spec names
   * another object now, no other resource claims this one).
   */
  public Optional<R> otherOwner(R self, String key, Predicate<R> allowed) {
    var claimants = claimants(self, key, allowed);
    var selfClaims = keyOf(self).filter(key::equals).isPresent();
    if (!selfClaims) {
      return claimants.stream().min(OLDEST_FIRST);
    }
    return claimants.stream().min(OLDEST_FIRST).filter(owner -> !same(owner, self));
  }

  /**
   * The resource's deletion is done: it claims nothing more (its finalizer is about to go), and the
   * other claimants of these keys are woken, so the next one may take over at once.
   */
  public void release(R self, List<String> keys) {
    var id = ResourceID.fromResource(self);
    released.put(id, Objects.toString(self.getMetadata().getUid(), ""));
    prune();
    for (var key : keys) {
      wake(self, key);
    }
  }

  /** Wakes the other claimants of a key (the resource no longer names the object). */
  public void wake(R self, String key) {
    if (cache == null) {
      return;
    }
    for (var claimant : cache.byIndex(INDEX, key)) {
      if (!same(claimant, self)) {
        wakeUps.propagateEvent(ResourceID.fromResource(claimant));
      }
    }
  }

  private List<R> claimants(R self, String key, Predicate<R> allowed) {
    var found = new ArrayList<R>();
    if (cache != null) {
      for (var claimant : cache.byIndex(INDEX, key)) {
        // the resource in hand, not its cached copy, speaks for itself
        if (!same(claimant, self) && !isReleased(claimant) && allowed.test(claimant)) {
          found.add(claimant);
        }
      }
    }
    if (keyOf(self).filter(key::equals).isPresent() && !isReleased(self)) {
      found.add(self);
    }
    return found;
  }

  private boolean isReleased(R resource) {
    var uid = released.get(ResourceID.fromResource(resource));
    return uid != null && uid.equals(Objects.toString(resource.getMetadata().getUid(), ""));
  }

  /** Forgets released resources that are gone from the cache (or came back as new ones). */
  private void prune() {
    if (cache == null) {
      return;
    }
    released
        .entrySet()
        .removeIf(
            entry ->
                cache
                    .get(entry.getKey())
                    .map(r -> !entry.getValue().equals(r.getMetadata().getUid()))
                    .orElse(true));
  }

  private static boolean same(HasMetadata a, HasMetadata b) {
    return ResourceID.fromResource(a).equals(ResourceID.fromResource(b));
  }

  private static Instant created(HasMetadata resource) {
    var text = resource.getMetadata().getCreationTimestamp();
    if (text == null) {
      return Instant.MAX;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException unreadable) {
      return Instant.MAX;
    }
  }
}

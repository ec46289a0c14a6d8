package io.github.kibanaobjects.operator.reconciler.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.JsonLimits;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What one connection's Kibana holds of the collections its resources manage (the saved objects of
 * a type in a space, the roles), read in one go per collection and kept as compact JSON text.
 * Reconciles read their object here instead of asking Kibana; a collection is read the first time
 * someone asks, and then by {@link #poll} every poll interval. A resource that found its object in
 * sync (or wrote it) leaves an expectation: the digest of its object as it should be; a poll that
 * finds the object changed or gone names that resource, so only it is reconciled.
 *
 * <p>The operator's own writes go into the cache at once ({@link #wrote}), also over a poll that
 * was under way meanwhile, so the next poll finds what it expects and wakes nobody.
 */
public final class KibanaState {
  // the same limits as the Kibana client that read the objects (long strings: charts are large)
  private static final ObjectMapper JSON =
      JsonMapper.builder(JsonLimits.operator(new JsonFactory())).build();

  /** A resource that expects an object: its kind (controller) and id. */
  public record Owner(String kind, ResourceID resource) {}

  /**
   * Reads a collection, or one member of it.
   *
   * @see Loaded
   */
  public interface Loader {
    /**
     * @param members the members someone cares about (a loader that cannot read the whole
     *     collection at once reads these)
     */
    Loaded load(Set<String> members);

    /** Just this member: for a collection too large to read whole, and for per-object reads. */
    Optional<ObjectNode> loadOne(String member);

    /** A loader from its two reads. */
    static Loader of(
        Function<Set<String>, Loaded> collection, Function<String, Optional<ObjectNode>> one) {
      return new Loader() {
        @Override
        public Loaded load(Set<String> members) {
          return collection.apply(members);
        }

        @Override
        public Optional<ObjectNode> loadOne(String member) {
          return one.apply(member);
        }
      };
    }
  }

  /**
   * @param members member key to object
   * @param complete whether every member of the collection is in it; else a member missing from it
   *     is read alone when asked about
   */
  public record Loaded(Map<String, ObjectNode> members, boolean complete) {}

  private record Expectation(Owner owner, Function<JsonNode, String> digest, String expected) {}

  private record Write(long nanos, String text) {}

  private static final class Collection {
    final ReentrantLock lock = new ReentrantLock();
    volatile Loader loader;
    volatile ConcurrentMap<String, String> members;
    volatile boolean complete;
    volatile long loadStarted;
    volatile boolean refresh;
    final ConcurrentMap<String, Write> writes = new ConcurrentHashMap<>();
    final ConcurrentMap<String, Expectation> expected = new ConcurrentHashMap<>();
  }

  private record Key(String collection, String member) {}

  private final LongSupplier nanoTime;
  private final boolean perObject;
  private volatile long maxAgeNanos = Long.MAX_VALUE;
  private final ConcurrentMap<String, Collection> collections = new ConcurrentHashMap<>();
  private final ConcurrentMap<Owner, Key> expectationOf = new ConcurrentHashMap<>();

  public KibanaState(LongSupplier nanoTime) {
    this(nanoTime, false);
  }

  /**
   * @param perObject every {@link #current} asks Kibana for its member alone and nothing is cached
   *     or polled (OperatorConfig.KibanaReads.PER_OBJECT)
   */
  public KibanaState(LongSupplier nanoTime, boolean perObject) {
    this.nanoTime = nanoTime;
    this.perObject = perObject;
  }

  /**
   * How old a collection may be before {@link #current} reads it again: twice the poll interval, so
   * a collection the poller keeps fresh is never read twice, and one it does not (nobody expects
   * anything of it yet) is not trusted for long.
   */
  void pollEvery(java.time.Duration interval) {
    maxAgeNanos = interval.multipliedBy(2).toNanos();
  }

  /**
   * The member as Kibana held it at the last read (or as the operator last wrote it); empty when it
   * does not exist. The collection is read first if it never was (concurrent callers wait for one
   * read); a failed read is thrown to the caller.
   */
  public Optional<ObjectNode> current(String collection, String member, Loader loader) {
    if (perObject) {
      return loader.loadOne(member);
    }
    var c = collections.computeIfAbsent(collection, k -> new Collection());
    c.loader = loader;
    if (stale(c)) {
      c.lock.lock();
      try {
        if (stale(c)) {
          load(c, Set.of(member));
        }
      } finally {
        c.lock.unlock();
      }
    }
    var members = c.members;
    if (!c.complete && !members.containsKey(member)) {
      // read alone (the collection is too large to read whole) and kept from now on
      var one = loader.loadOne(member);
      if (one.isEmpty()) {
        return Optional.empty();
      }
      members.put(member, one.get().toString());
    }
    return Optional.ofNullable(members.get(member)).map(KibanaState::parse);
  }

  /**
   * Makes the next {@link #current} of the collection read Kibana again, whatever the cache's age:
   * for a reconcile someone asked for explicitly (Flux's requestedAt), which must not trust a read
   * that may be a poll interval old.
   */
  public void refresh(String collection) {
    var c = collections.get(collection);
    if (c != null) {
      c.refresh = true;
    }
  }

  /** {@link #refresh} for every collection. */
  public void refreshAll() {
    collections.values().forEach(c -> c.refresh = true);
  }

  /** Records what the operator just wrote ({@code object}), or deleted (null). */
  public void wrote(String collection, String member, JsonNode object) {
    var c = collections.get(collection);
    if (c == null) {
      return;
    }
    var text = object == null ? null : object.toString();
    c.writes.put(member, new Write(nanoTime.getAsLong(), text));
    var members = c.members;
    if (members != null) {
      put(members, member, text);
    }
  }

  /**
   * Records that {@code owner}'s object is in sync as {@code inSync} shows it: a poll that finds it
   * otherwise (by {@code digest}) or gone names the owner. Replaces what the owner expected before.
   */
  public void expect(
      String collection,
      String member,
      Owner owner,
      Function<JsonNode, String> digest,
      JsonNode inSync) {
    forget(owner);
    var c = collections.computeIfAbsent(collection, k -> new Collection());
    c.expected.put(member, new Expectation(owner, digest, digestOf(digest, inSync)));
    expectationOf.put(owner, new Key(collection, member));
  }

  /** Drops what {@code owner} expected (it was deleted, or its object is no longer in sync). */
  public void forget(Owner owner) {
    var key = expectationOf.remove(owner);
    if (key == null) {
      return;
    }
    var c = collections.get(key.collection());
    if (c != null) {
      c.expected.computeIfPresent(key.member(), (k, e) -> e.owner().equals(owner) ? null : e);
    }
  }

  /**
   * Reads again every collection someone expects something of, and returns the owners whose object
   * is not as expected. A collection whose read fails is left as it was and names nobody: the next
   * poll tries again.
   */
  public Set<Owner> poll() {
    var differ = new HashSet<Owner>();
    for (var c : collections.values()) {
      if (c.expected.isEmpty() || c.loader == null) {
        continue;
      }
      c.lock.lock();
      try {
        load(c, Set.copyOf(c.expected.keySet()));
      } catch (RuntimeException e) {
        continue;
      } finally {
        c.lock.unlock();
      }
      var members = c.members;
      c.expected.forEach(
          (member, expectation) -> {
            var text = members.get(member);
            if (text == null
                || !expectation.expected().equals(digestOf(expectation.digest(), parse(text)))) {
              differ.add(expectation.owner());
            }
          });
    }
    return differ;
  }

  /** Whether anything is expected here: a state nobody expects anything of need not be polled. */
  public boolean isWatched() {
    return !perObject && !expectationOf.isEmpty();
  }

  private boolean stale(Collection c) {
    return c.members == null || c.refresh || nanoTime.getAsLong() - c.loadStarted > maxAgeNanos;
  }

  private void load(Collection c, Set<String> asked) {
    long started = nanoTime.getAsLong();
    // cleared before the read: a refresh asked for while it runs is not lost
    c.refresh = false;
    var wanted = new HashSet<>(asked);
    wanted.addAll(c.expected.keySet());
    var loaded = c.loader.load(wanted);
    var members = new ConcurrentHashMap<String, String>();
    loaded.members().forEach((k, v) -> members.put(k, v.toString()));
    // what the operator wrote while the read was under way is newer than the read
    var before = new HashMap<>(c.writes);
    before.forEach(
        (member, write) -> {
          if (write.nanos() - started >= 0) {
            put(members, member, write.text());
          } else {
            c.writes.remove(member, write);
          }
        });
    c.complete = loaded.complete();
    c.loadStarted = started;
    c.members = members;
  }

  private static void put(Map<String, String> members, String member, String text) {
    if (text == null) {
      members.remove(member);
    } else {
      members.put(member, text);
    }
  }

  /** A digest that matches nothing when the object cannot be digested. */
  private static String digestOf(Function<JsonNode, String> digest, JsonNode object) {
    try {
      return Objects.requireNonNullElse(digest.apply(object), "");
    } catch (RuntimeException unreadable) {
      return "";
    }
  }

  private static ObjectNode parse(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // only ever holds JSON it wrote itself
      throw new IllegalStateException("cached object is not JSON", e);
    }
  }
}

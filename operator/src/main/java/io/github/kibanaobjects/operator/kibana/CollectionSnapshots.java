package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Recent reads shared by every resource that uses one client, so that checking N objects for drift
 * costs a few requests instead of N. A collection (the saved objects of a type in a space, or all
 * roles) is read in one go, for the members resources asked about lately, and a digest of each
 * member is kept, never the member itself (charts can be large).
 *
 * <p>A snapshot only ever confirms that a member is in the state the caller wants; anything else
 * sends the caller to read the member itself. So a snapshot older than the operator's own last
 * write costs one extra read, never a wrong write. A member first asked about is read by the caller
 * itself and included from the next snapshot on.
 */
final class CollectionSnapshots {
  /** What a snapshot says of one member: {@code digest} is empty when the member does not exist. */
  record Answer(Optional<String> digest) {}

  /**
   * What a read found.
   *
   * @param covered the members it read, or null when it read the whole collection (a member it did
   *     not find does not exist)
   * @param digests member to digest, for the members that exist
   */
  record Read(Set<String> covered, Map<String, String> digests) {}

  /** Reads the members asked about lately; stops starting requests once {@code outOfTime}. */
  interface Reader {
    Read read(Set<String> wanted, BooleanSupplier outOfTime);
  }

  private record Snapshot(long startedNanos, Read read, boolean failed) {
    boolean answersFor(String member) {
      return read.covered() == null || read.covered().contains(member);
    }
  }

  private static final class Collection {
    final ReentrantLock lock = new ReentrantLock();

    /** Member to the time its interest lapses (arrival plus a few of the caller's max ages). */
    final ConcurrentMap<String, Long> interestUntil = new ConcurrentHashMap<>();

    volatile Snapshot snapshot;
  }

  /** How many of its caller's maximum ages a member stays in the reads after it asked. */
  private static final int INTEREST_AGES = 4;

  /** Ages beyond this are treated as this long (no overflow in nanosecond arithmetic). */
  private static final Duration LONGEST_AGE = Duration.ofDays(365);

  /** The longest a caller waits for someone else's read before reading its own object. */
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

  private static final Read NOTHING = new Read(Set.of(), Map.of());

  private final LongSupplier nanoTime;
  private final Duration patience;
  private final ConcurrentMap<String, Collection> collections = new ConcurrentHashMap<>();

  /**
   * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
   * @param patience how long a read goes on starting requests, and how long a failed read stands
   *     (the client's request timeout)
   */
  CollectionSnapshots(LongSupplier nanoTime, Duration patience) {
    this.nanoTime = nanoTime;
    this.patience = patience;
  }

  /**
   * The member's digest from a snapshot no older than {@code maxAge}, reading one (for every member
   * asked about lately) when there is none: one caller reads, the others wait for it (a couple of
   * seconds at most) and use it. Empty when no snapshot can answer: the member is new to the reads,
   * the read failed or ran out of time before it, or waiting took too long; the caller then reads
   * the member itself.
   */
  Optional<Answer> lookup(String collectionKey, String member, Duration maxAge, Reader reader) {
    var age = maxAge.compareTo(LONGEST_AGE) > 0 ? LONGEST_AGE : maxAge;
    // Callers of similar ages (within a factor of two) share reads: a fast one does not make
    // everyone's objects be read at its pace.
    var ageClass = 63 - Long.numberOfLeadingZeros(Math.max(1, age.toSeconds()));
    var collection =
        collections.computeIfAbsent(collectionKey + "@" + ageClass, k -> new Collection());
    long arrived = nanoTime.getAsLong();
    long until = arrived + age.toNanos() * INTEREST_AGES;
    collection.interestUntil.merge(member, until, (a, b) -> a - b < 0 ? b : a);
    var snapshot = collection.snapshot;
    if (!recent(snapshot, arrived, age)) {
      try {
        var wait = patience.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : patience;
        if (!collection.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
          return Optional.empty();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      try {
        snapshot = collection.snapshot;
        // One begun after this caller arrived is as fresh as one it would read itself.
        if (!recent(snapshot, arrived, age)
            && !(snapshot != null && snapshot.startedNanos() >= arrived)) {
          snapshot = read(collection, reader);
          collection.snapshot = snapshot;
        }
      } finally {
        collection.lock.unlock();
      }
    }
    if (!snapshot.answersFor(member)) {
      return Optional.empty();
    }
    return Optional.of(new Answer(Optional.ofNullable(snapshot.read().digests().get(member))));
  }

  /** Whether a shared read (see {@link #lookup}) shows the member with exactly this digest. */
  boolean confirms(
      String collectionKey, String member, Duration maxAge, String expected, Reader reader) {
    return lookup(collectionKey, member, maxAge, reader)
        .flatMap(Answer::digest)
        .filter(expected::equals)
        .isPresent();
  }

  /**
   * The member's digest, or one that matches nothing when the member cannot be digested (someone
   * else's malformed object must not fail everyone's snapshot).
   */
  static String digestOf(Function<ObjectNode, String> digest, ObjectNode member) {
    try {
      return digest.apply(member);
    } catch (RuntimeException unreadable) {
      return "";
    }
  }

  /** A failed read stands for no longer than the patience: Kibana may be back by then. */
  private boolean recent(Snapshot snapshot, long now, Duration maxAge) {
    if (snapshot == null) {
      return false;
    }
    var age = snapshot.failed() && patience.compareTo(maxAge) < 0 ? patience : maxAge;
    return now - snapshot.startedNanos() <= age.toNanos();
  }

  private Snapshot read(Collection collection, Reader reader) {
    long startedNanos = nanoTime.getAsLong();
    // differences, not absolute values: nanoTime may wrap
    collection.interestUntil.entrySet().removeIf(e -> e.getValue() - startedNanos < 0);
    var wanted = Set.copyOf(collection.interestUntil.keySet());
    long budget = patience.toNanos();
    try {
      var read = reader.read(wanted, () -> nanoTime.getAsLong() - startedNanos > budget);
      return new Snapshot(
          startedNanos,
          new Read(
              read.covered() == null ? null : Set.copyOf(read.covered()),
              Map.copyOf(read.digests())),
          false);
    } catch (RuntimeException e) {
      // No right to read them, an outage, an odd answer: each resource reads its own.
      return new Snapshot(startedNanos, NOTHING, true);
    }
  }
}

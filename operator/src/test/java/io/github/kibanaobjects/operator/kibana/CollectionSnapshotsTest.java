package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CollectionSnapshotsTest {
  static final Duration AGE = Duration.ofSeconds(5);
  static final String SPACE = "default/visualization";

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final CollectionSnapshots snapshots = new CollectionSnapshots(nanos::get, Duration.ofSeconds(10));

  /** What Kibana holds: member to digest. */
  final Map<String, String> kibana = new HashMap<>();

  /** The members each read asked for, in order. */
  final List<Set<String>> reads = new ArrayList<>();

  final CollectionSnapshots.Reader reader =
      (wanted, outOfTime) -> {
        reads.add(new TreeSet<>(wanted));
        var found = new HashMap<String, String>();
        wanted.stream().filter(kibana::containsKey).forEach(m -> found.put(m, kibana.get(m)));
        return new CollectionSnapshots.Read(wanted, found);
      };

  Optional<String> digest(String member) {
    return digest(member, AGE);
  }

  Optional<String> digest(String member, Duration maxAge) {
    return snapshots
        .lookup(SPACE, member, maxAge, reader)
        .map(answer -> answer.digest().orElse("absent"));
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  @Test
  void aMemberFirstAskedAboutIsLeftToItsCallerAndJoinsTheNextRead() {
    kibana.put("a", "A");
    kibana.put("b", "B");

    assertThat(digest("a")).contains("A");
    assertThat(reads).containsExactly(Set.of("a"));
    // b is new to the snapshot: its caller reads b itself
    assertThat(digest("b")).isEmpty();

    advance(AGE.plusMillis(1));
    assertThat(digest("b")).contains("B");
    assertThat(digest("a")).contains("A");
    assertThat(reads).containsExactly(Set.of("a"), Set.of("a", "b"));
  }

  @Test
  void oneReadAnswersForEveryoneUntilItIsTooOld() {
    kibana.put("a", "A");
    kibana.put("b", "B");
    digest("a");
    digest("b");
    advance(AGE.plusMillis(1));

    assertThat(digest("a")).contains("A");
    kibana.put("b", "edited in Kibana");
    kibana.remove("a");
    advance(AGE);
    assertThat(digest("b")).contains("B");
    assertThat(digest("a")).contains("A");
    assertThat(reads).hasSize(2);

    advance(Duration.ofMillis(1));
    assertThat(digest("b")).contains("edited in Kibana");
    assertThat(digest("a")).contains("absent");
    assertThat(reads).hasSize(3);
  }

  @Test
  void membersNobodyAsksAboutAnyMoreLeaveTheReads() {
    digest("a");
    digest("b");
    // b keeps asking, a stops
    for (int i = 0; i < 5; i++) {
      advance(AGE.plusMillis(1));
      digest("b");
    }

    assertThat(reads.get(reads.size() - 1)).containsExactly("b");
  }

  @Test
  void membersOfSimilarAgesShareReadsAndAFrequentOneDoesNotSetTheRarelyOnesPace() {
    var similar = Duration.ofSeconds(7); // within a factor of two of AGE
    var rarely = AGE.multipliedBy(100);
    digest("fast");
    digest("similar", similar);
    digest("slow", rarely);
    for (int i = 0; i < 4; i++) {
      advance(AGE.plusMillis(1));
      digest("fast");
      digest("similar", similar);
    }

    assertThat(reads.get(reads.size() - 1)).containsExactlyInAnyOrder("fast", "similar");
    assertThat(reads).noneMatch(read -> read.contains("slow") && read.size() > 1);
    assertThat(reads.stream().filter(read -> read.contains("slow"))).hasSize(1);
  }

  @Test
  void aFailedReadStandsNoLongerThanThePatienceEvenForALongMaximumAge() {
    var failures = new AtomicLong();
    CollectionSnapshots.Reader failing =
        (wanted, outOfTime) -> {
          failures.incrementAndGet();
          throw new OperatorException(Reason.KIBANA_UNREACHABLE, "Kibana is restarting");
        };
    var longAge = Duration.ofMinutes(5);

    assertThat(snapshots.lookup(SPACE, "a", longAge, failing)).isEmpty();
    advance(Duration.ofSeconds(10));
    assertThat(snapshots.lookup(SPACE, "a", longAge, failing)).isEmpty();
    assertThat(failures).hasValue(1);
    advance(Duration.ofMillis(1));
    kibana.put("a", "A");
    assertThat(snapshots.lookup(SPACE, "a", longAge, reader).orElseThrow().digest()).contains("A");
  }

  @Test
  void aReadThatStopsHalfWayAnswersForWhatItReadOnly() {
    CollectionSnapshots.Reader halfWay =
        (wanted, outOfTime) -> new CollectionSnapshots.Read(Set.of("a"), Map.of("a", "A"));
    snapshots.lookup(SPACE, "a", AGE, halfWay);
    snapshots.lookup(SPACE, "b", AGE, halfWay);
    advance(AGE.plusMillis(1));

    assertThat(snapshots.lookup(SPACE, "a", AGE, halfWay).orElseThrow().digest()).contains("A");
    assertThat(snapshots.lookup(SPACE, "b", AGE, halfWay)).isEmpty();
  }

  @Test
  void aFailedReadSendsEveryoneToTheirOwnReadAndIsNotRetriedTooSoon() {
    var failures = new AtomicLong();
    CollectionSnapshots.Reader failing =
        (wanted, outOfTime) -> {
          failures.incrementAndGet();
          throw new OperatorException(Reason.FORBIDDEN, "no right to read them all");
        };

    assertThat(snapshots.lookup(SPACE, "a", AGE, failing)).isEmpty();
    assertThat(snapshots.lookup(SPACE, "a", AGE, failing)).isEmpty();
    assertThat(failures).hasValue(1);

    CollectionSnapshots.Reader odd =
        (wanted, outOfTime) -> {
          throw new ClassCastException("an answer of an unexpected shape");
        };
    advance(AGE.plusMillis(1));
    assertThat(snapshots.lookup(SPACE, "a", AGE, odd)).isEmpty();

    advance(AGE.plusMillis(1));
    kibana.put("a", "A");
    assertThat(digest("a")).contains("A");
  }

  @Test
  void aWholeCollectionReadAnswersForMembersNobodyAskedAboutAndForMissingOnes() {
    CollectionSnapshots.Reader everyRole =
        (wanted, outOfTime) ->
            new CollectionSnapshots.Read(null, Map.of("publisher", "P", "viewer", "V"));

    assertThat(snapshots.lookup("roles", "publisher", AGE, everyRole))
        .map(a -> a.digest().orElseThrow())
        .contains("P");
    assertThat(snapshots.lookup("roles", "viewer", AGE, everyRole))
        .map(a -> a.digest().orElseThrow())
        .contains("V");
    assertThat(snapshots.lookup("roles", "gone", AGE, everyRole))
        .map(a -> a.digest().isEmpty())
        .contains(true);
  }

  @Test
  void collectionsAreSeparate() {
    kibana.put("a", "A");
    digest("a");

    assertThat(
            snapshots.lookup(
                "team/visualization",
                "a",
                AGE,
                (wanted, outOfTime) -> new CollectionSnapshots.Read(wanted, Map.of())))
        .map(a -> a.digest().isEmpty())
        .contains(true);
    assertThat(reads).hasSize(1);
  }

  @Test
  void callersThatArriveDuringASlowReadUseItInsteadOfReadingAgain() throws Exception {
    // the first caller looks at the clock twice (arrival, read start), each waiter once
    var clockCalls = new CountDownLatch(5);
    var shared =
        new CollectionSnapshots(
            () -> {
              // read before counting: once counted, the test may move the clock on
              long now = nanos.get();
              clockCalls.countDown();
              return now;
            },
            Duration.ofSeconds(10));
    var inRead = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var slowReads = new AtomicLong();
    CollectionSnapshots.Reader slow =
        (wanted, outOfTime) -> {
          slowReads.incrementAndGet();
          inRead.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new CollectionSnapshots.Read(wanted, Map.of("a", "A"));
        };
    var pool = Executors.newFixedThreadPool(4);
    try {
      var first = pool.submit(() -> shared.lookup(SPACE, "a", AGE, slow));
      assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();
      var waiters =
          List.of(
              pool.submit(() -> shared.lookup(SPACE, "a", AGE, slow)),
              pool.submit(() -> shared.lookup(SPACE, "a", AGE, slow)),
              pool.submit(() -> shared.lookup(SPACE, "a", AGE, slow)));
      // every waiter has arrived (and noted its arrival time) before the clock moves on
      assertThat(clockCalls.await(10, TimeUnit.SECONDS)).isTrue();
      // the read outlasts the maximum age: the waiters must still not read again
      advance(AGE.multipliedBy(3));
      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).orElseThrow().digest()).contains("A");
      for (var waiter : waiters) {
        assertThat(waiter.get(10, TimeUnit.SECONDS).orElseThrow().digest()).contains("A");
      }
      assertThat(slowReads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallerWaitsForSomeoneElsesReadNoLongerThanItsPatience() throws Exception {
    var impatient = new CollectionSnapshots(System::nanoTime, Duration.ofMillis(200));
    var inRead = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    CollectionSnapshots.Reader stuck =
        (wanted, outOfTime) -> {
          inRead.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new CollectionSnapshots.Read(wanted, Map.of("a", "A"));
        };
    var pool = Executors.newSingleThreadExecutor();
    try {
      var first = pool.submit(() -> impatient.lookup(SPACE, "a", AGE, stuck));
      assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(impatient.lookup(SPACE, "a", AGE, stuck)).isEmpty();

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).orElseThrow().digest()).contains("A");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReadStopsStartingRequestsWhenOutOfTime() {
    var requests = new AtomicLong();
    CollectionSnapshots.Reader batched =
        (wanted, outOfTime) -> {
          var covered = new TreeSet<String>();
          for (var member : new TreeSet<>(wanted)) {
            if (outOfTime.getAsBoolean()) {
              break;
            }
            requests.incrementAndGet();
            covered.add(member);
            advance(Duration.ofSeconds(4)); // each request takes 4 of the 10 seconds of patience
          }
          return new CollectionSnapshots.Read(covered, Map.of());
        };
    for (var member : List.of("a", "b", "c", "d", "e")) {
      snapshots.lookup(SPACE, member, Duration.ofMinutes(1), batched);
    }
    advance(Duration.ofMinutes(2));

    snapshots.lookup(SPACE, "a", Duration.ofMinutes(1), batched);

    // the first read asked for a alone; the second stopped after three requests (12 s > 10 s)
    assertThat(requests).hasValue(1 + 3);
  }

  @Test
  void aMemberThatCannotBeDigestedMatchesNothingAndFailsNoOne() {
    var broken = JsonNodeFactory.instance.objectNode().put("id", "broken");

    var digest =
        CollectionSnapshots.digestOf(
            o -> {
              throw new IllegalArgumentException("visState is not JSON");
            },
            broken);

    assertThat(digest).isEmpty();
    assertThat(CollectionSnapshots.digestOf(o -> o.path("id").asText(), broken))
        .isEqualTo("broken");
  }
}

package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches are closed by their size here, or by the end of the announcements a lingering batch waits
 * for (its own wait is zero, its linger long), never by a timer running out, so what is sent
 * together does not depend on timing.
 */
class ImportBatcherTest {
  private static final Duration NEVER = Duration.ofSeconds(10);
  private final List<List<String>> sent = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private ImportBatcher batcher(int maxObjects, Function<List<ObjectNode>, ImportResult> kibana) {
    return new ImportBatcher(
        new ImportBatching(maxObjects, ImportBatching.DEFAULT_MAX_BYTES, NEVER, NEVER),
        (space, objects) -> {
          sent.add(objects.stream().map(o -> o.path("id").asText()).toList());
          return kibana.apply(objects);
        });
  }

  private static ObjectNode vis(String id) {
    var object = KibanaClient.JSON.createObjectNode().put("type", "visualization").put("id", id);
    object.putObject("attributes").put("title", id);
    return object;
  }

  /** Kibana writes every object but those whose id starts with "bad". */
  private static ImportResult answer(List<ObjectNode> objects) {
    var outcomes = new ArrayList<ImportOutcome>();
    for (var object : objects) {
      var ref = SavedObjectRef.of(object);
      outcomes.add(
          ref.id().startsWith("bad")
              ? new ImportOutcome(
                  ref,
                  ImportOutcome.Status.ERROR,
                  null,
                  false,
                  null,
                  "unknown",
                  ref.id() + " refused")
              : new ImportOutcome(
                  ref, ImportOutcome.Status.WRITTEN, null, false, null, null, null));
    }
    return new ImportResult(outcomes);
  }

  private List<Future<ImportOutcome>> submitAll(ImportBatcher batcher, String... ids) {
    var futures = new ArrayList<Future<ImportOutcome>>();
    for (var id : ids) {
      futures.add(threads.submit(() -> batcher.submit("analytics", vis(id))));
    }
    return futures;
  }

  private static Throwable failure(Future<ImportOutcome> future) throws InterruptedException {
    try {
      future.get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void concurrentUpsertsShareOneImportAndEachGetsItsOwnOutcome() throws Exception {
    var batcher = batcher(3, ImportBatcherTest::answer);

    var results = submitAll(batcher, "a", "bad-b", "c");

    assertThat(results.get(0).get().written()).isTrue();
    assertThat(results.get(1).get().written()).isFalse();
    assertThat(results.get(1).get().message()).isEqualTo("bad-b refused");
    assertThat(results.get(2).get().written()).isTrue();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)).containsExactlyInAnyOrder("a", "bad-b", "c");
  }

  /** A batcher that sends at once unless a write to the space is announced. */
  private ImportBatcher lingering() {
    return new ImportBatcher(
        new ImportBatching(10, ImportBatching.DEFAULT_MAX_BYTES, Duration.ZERO, NEVER),
        (space, objects) -> {
          sent.add(objects.stream().map(o -> o.path("id").asText()).toList());
          return answer(objects);
        });
  }

  @Test
  void aBatchWaitsForAnAnnouncedWriteToTheSpace() throws Exception {
    var batcher = lingering();
    // this thread is checking its chart: the batch must not leave without it
    var announced = batcher.expect("analytics");
    var first = threads.submit(() -> batcher.submit("analytics", vis("a")));
    await().until(() -> batcher.waiting("analytics") == 1);

    var own = batcher.submit("analytics", vis("b"));

    assertThat(own.written()).isTrue();
    assertThat(first.get().written()).isTrue();
    assertThat(sent).containsExactly(List.of("a", "b"));
    announced.close();
  }

  @Test
  void anAnnouncementClosedWithoutAWriteReleasesTheBatch() throws Exception {
    var batcher = lingering();
    // announced on a thread of its own: a pooled thread could run the submit below as well, and
    // a submit on the announcing thread is the announced write arriving
    var announcer = Executors.newSingleThreadExecutor();
    var announced = announcer.submit(() -> batcher.expect("analytics")).get();
    announcer.shutdown();
    var first = threads.submit(() -> batcher.submit("analytics", vis("a")));
    await().until(() -> batcher.waiting("analytics") == 1);

    // the reconcile found its object in sync: nothing more is coming
    announced.close();

    assertThat(first.get(5, TimeUnit.SECONDS).written()).isTrue();
    assertThat(sent).containsExactly(List.of("a"));
  }

  @Test
  void anAnnouncementForAnotherSpaceDoesNotHoldABatch() throws Exception {
    var batcher = lingering();
    try (var elsewhere = batcher.expect("other")) {
      var first = threads.submit(() -> batcher.submit("analytics", vis("a")));

      assertThat(first.get(5, TimeUnit.SECONDS).written()).isTrue();
      assertThat(sent).containsExactly(List.of("a"));
    }
  }

  @Test
  void aBatchOverKibanasObjectLimitIsSplitInHalves() throws Exception {
    var batcher =
        batcher(
            4,
            objects -> {
              if (objects.size() > 2) {
                throw new OperatorException(
                    Reason.KIBANA_ERROR,
                    "POST /api/saved_objects/_import: Kibana answered 400: Can't import more than"
                        + " 2 objects",
                    false,
                    null,
                    400,
                    null);
              }
              return answer(objects);
            });

    var results = submitAll(batcher, "a", "b", "c", "d");

    for (var result : results) {
      assertThat(result.get().written()).isTrue();
    }
    assertThat(sent).extracting(List::size).containsExactly(4, 2, 2);
  }

  @Test
  void anObjectTooLargeOnItsOwnFailsAloneWith413() throws Exception {
    var batcher =
        batcher(
            3,
            objects -> {
              if (objects.stream().anyMatch(o -> o.path("id").asText().equals("huge"))) {
                throw new OperatorException(
                    Reason.KIBANA_ERROR, "Kibana answered 413", false, null, 413, null);
              }
              return answer(objects);
            });

    var results = submitAll(batcher, "a", "huge", "c");

    var written = 0;
    for (var result : results) {
      try {
        written += result.get().written() ? 1 : 0;
      } catch (ExecutionException e) {
        assertThat(((OperatorException) e.getCause()).httpStatus()).isEqualTo(413);
      }
    }
    assertThat(written).isEqualTo(2);
    // split in halves until the large one went alone (which half comes first depends on the
    // order the three arrived in, so only where it ended up is asserted)
    var withHuge = sent.stream().filter(batch -> batch.contains("huge")).toList();
    assertThat(withHuge.get(withHuge.size() - 1)).containsExactly("huge");
  }

  @Test
  void aFailedRequestFailsEveryMemberWithItsOwnRetryableError() throws Exception {
    var batcher =
        batcher(
            2,
            objects -> {
              throw new OperatorException(
                  Reason.KIBANA_UNREACHABLE, "Kibana answered 503", true, null, 503, null);
            });

    var results = submitAll(batcher, "a", "b");

    var first = (OperatorException) failure(results.get(0));
    var second = (OperatorException) failure(results.get(1));
    assertThat(first.isRetryable()).isTrue();
    assertThat(second.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(first).isNotSameAs(second);
    assertThat(sent).hasSize(1);
  }

  @Test
  void aForbiddenBatchOfSeveralTypesIsSentAgainPerType() throws Exception {
    var batcher =
        new ImportBatcher(
            new ImportBatching(2, ImportBatching.DEFAULT_MAX_BYTES, NEVER, NEVER),
            (space, objects) -> {
              sent.add(objects.stream().map(o -> o.path("type").asText()).toList());
              if (objects.stream().anyMatch(o -> o.path("type").asText().equals("dashboard"))) {
                throw new OperatorException(
                    Reason.FORBIDDEN, "Kibana answered 403", false, null, 403, null);
              }
              return answer(objects);
            });
    var dashboard = vis("d").put("type", "dashboard");

    var chart = threads.submit(() -> batcher.submit("analytics", vis("v")));
    var board = threads.submit(() -> batcher.submit("analytics", dashboard));

    assertThat(chart.get().written()).isTrue();
    assertThat(((OperatorException) failure(board)).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(sent).hasSize(3);
  }

  @Test
  void perObjectModeSendsEachObjectAtOnce() {
    var batcher =
        new ImportBatcher(
            ImportBatching.perObject(),
            (space, objects) -> {
              sent.add(objects.stream().map(o -> o.path("id").asText()).toList());
              return answer(objects);
            });

    assertThat(batcher.submit("default", vis("a")).written()).isTrue();
    assertThat(batcher.submit("default", vis("b")).written()).isTrue();

    assertThat(sent).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void anObjectWithoutTypeOrIdIsRefusedBeforeAnythingIsSent() {
    var batcher = batcher(2, ImportBatcherTest::answer);

    assertThatThrownBy(
            () -> batcher.submit("default", KibanaClient.JSON.createObjectNode().put("id", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sent).isEmpty();
  }
}

package io.github.kibanaobjects.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-11-22T11:30:00Z");

  @Test
  void readyConditionCarriesEverything() {
    var c = Conditions.ready(true, Reason.SYNCED, "written", 3L, T0);

    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("Synced");
    assertThat(c.getMessage()).isEqualTo("written");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void notReadyTakesReasonAndMessageFromTheFailure() {
    var failure = new OperatorException(Reason.FORBIDDEN, "Unable to bulk_create visualization");

    var c = Conditions.notReady(failure, 4L, T0);

    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("Forbidden");
    assertThat(c.getMessage()).isEqualTo("Unable to bulk_create visualization");
    assertThat(c.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void nullMessageBecomesEmptyAndUnknownIsSupported() {
    var c = Conditions.readyUnknown(Reason.CONNECTION_NOT_READY, null, 1L, T0);

    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getMessage()).isEmpty();
  }

  @Test
  void transitionTimeIsKeptWhenStatusDoesNotFlip() {
    var before = List.of(Conditions.ready(false, Reason.KIBANA_UNREACHABLE, "down", 1L, T0));

    var merged =
        Conditions.merge(before, Conditions.ready(false, Reason.KIBANA_ERROR, "400", 2L, T1));

    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(merged.get(0).getReason()).isEqualTo("KibanaError");
    assertThat(merged.get(0).getMessage()).isEqualTo("400");
    assertThat(merged.get(0).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void transitionTimeMovesWhenStatusFlips() {
    var before = List.of(Conditions.ready(false, Reason.KIBANA_UNREACHABLE, "down", 1L, T0));

    var merged = Conditions.merge(before, Conditions.ready(true, Reason.SYNCED, "ok", 1L, T1));

    assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-11-22T11:30:00Z");
    assertThat(merged.get(0).getStatus()).isEqualTo("True");
  }

  @Test
  void otherConditionsAreKeptAndAllAreSortedByType() {
    var synced = new Condition(null, "", 1L, "Synced", "True", "Synced");
    var degraded = new Condition(null, "", 1L, "X", "False", "Degraded");
    var before = new ArrayList<>(List.of(synced, degraded));

    var merged = Conditions.merge(before, Conditions.ready(true, Reason.SYNCED, "", 1L, T0));

    assertThat(merged)
        .extracting(Condition::getType)
        .containsExactly("Degraded", "Ready", "Synced");
    assertThat(before).extracting(Condition::getType).containsExactly("Synced", "Degraded");
  }

  @Test
  void mergeCopiesAllFieldsOfTheConditionsItKeeps() {
    var other = new Condition("2026-01-01T00:00:00Z", "m", 7L, "R", "False", "Other");

    var merged =
        Conditions.merge(List.of(other), Conditions.ready(true, Reason.SYNCED, "", 1L, T0));

    assertThat(merged.get(0)).isEqualTo(other).isNotSameAs(other);
  }

  @Test
  void mergeIntoNothingGivesTheNewCondition() {
    var ready = Conditions.ready(true, Reason.SYNCED, "ok", 1L, T0);

    assertThat(Conditions.merge(null, ready)).containsExactly(ready);
  }

  @Test
  void setReadyWritesConditionAndObservedGeneration() {
    var previous = new KibanaVisualizationStatus();
    previous.setConditions(List.of(Conditions.ready(true, Reason.SYNCED, "ok", 4L, T0)));
    var next = new KibanaVisualizationStatus();

    Conditions.setReady(next, previous, Conditions.ready(true, Reason.SYNCED, "ok", 5L, T1));

    assertThat(next.getObservedGeneration()).isEqualTo(5L);
    assertThat(Conditions.find(next.getConditions(), "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-11-22T10:00:00Z");
    assertThat(Conditions.isReady(next)).isTrue();
  }

  @Test
  void rebuiltStatusOfANoOpDoesNotDiffer() {
    var stored = status(Conditions.ready(true, Reason.SYNCED, "ok", 2L, T0), "abc");
    var rebuilt = new KibanaVisualizationStatus();
    rebuilt.setLastAppliedHash("abc");
    rebuilt.setLastSyncTime(stored.getLastSyncTime());
    rebuilt.setId("cars");
    Conditions.setReady(rebuilt, stored, Conditions.ready(true, Reason.SYNCED, "ok", 2L, T1));

    assertThat(Conditions.differ(stored, rebuilt)).isFalse();
  }

  @Test
  void statusesDifferWhenAnyFieldDiffers() {
    var stored = status(Conditions.ready(true, Reason.SYNCED, "ok", 2L, T0), "abc");

    var otherHash = status(Conditions.ready(true, Reason.SYNCED, "ok", 2L, T0), "abd");
    var otherMessage = status(Conditions.ready(true, Reason.SYNCED, "ok!", 2L, T0), "abc");
    var otherGeneration = status(Conditions.ready(true, Reason.SYNCED, "ok", 3L, T0), "abc");

    assertThat(Conditions.differ(stored, otherHash)).isTrue();
    assertThat(Conditions.differ(stored, otherMessage)).isTrue();
    assertThat(Conditions.differ(stored, otherGeneration)).isTrue();
    assertThat(Conditions.differ(null, stored)).isTrue();
    assertThat(Conditions.differ(null, null)).isFalse();
  }

  @Test
  void notReadyWithoutConditionsOrWithFalse() {
    assertThat(Conditions.isReady(null)).isFalse();
    assertThat(Conditions.isReady(new KibanaVisualizationStatus())).isFalse();
    assertThat(
            Conditions.isReady(status(Conditions.ready(false, Reason.CONFLICT, "", 1L, T0), "h")))
        .isFalse();
  }

  @Test
  void timestampIsRfc3339InSeconds() {
    assertThat(Conditions.timestamp(Instant.parse("2026-02-03T04:05:06.789Z")))
        .isEqualTo("2026-02-03T04:05:06Z");
  }

  private static KibanaVisualizationStatus status(Condition ready, String hash) {
    var status = new KibanaVisualizationStatus();
    status.setLastAppliedHash(hash);
    status.setLastSyncTime("2026-11-22T10:00:00Z");
    status.setId("cars");
    Conditions.setReady(status, null, ready);
    return status;
  }

  @Test
  void kstatusCompanionsFollowTheFailureAndGoWhenReady() {
    var transient1 = new OperatorException(Reason.KIBANA_UNREACHABLE, "down");
    var permanent = new OperatorException(Reason.INVALID_SPEC, "bad chart");
    assertThat(Conditions.Progress.ofFailure(transient1))
        .isEqualTo(Conditions.Progress.RECONCILING);
    assertThat(Conditions.Progress.ofFailure(permanent)).isEqualTo(Conditions.Progress.STALLED);

    var retrying = new KibanaVisualizationStatus();
    Conditions.setReady(
        retrying, null, Conditions.notReady(transient1, 2L, T0), Conditions.Progress.RECONCILING);
    assertThat(retrying.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "False", "KibanaUnreachable"),
            org.assertj.core.groups.Tuple.tuple("Reconciling", "True", "KibanaUnreachable"));
    assertThat(retrying.getConditions()).allMatch(c -> c.getObservedGeneration() == 2L);

    // Still retrying later: the companion keeps its transition time.
    var still = new KibanaVisualizationStatus();
    Conditions.setReady(
        still, retrying, Conditions.notReady(transient1, 2L, T1), Conditions.Progress.RECONCILING);
    assertThat(Conditions.find(still.getConditions(), Conditions.RECONCILING).orElseThrow())
        .extracting(Condition::getLastTransitionTime)
        .isEqualTo(Conditions.timestamp(T0));

    var stalled = new KibanaVisualizationStatus();
    Conditions.setReady(
        stalled, still, Conditions.notReady(permanent, 3L, T1), Conditions.Progress.STALLED);
    assertThat(stalled.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Stalled");

    var ready = new KibanaVisualizationStatus();
    Conditions.setReady(ready, stalled, Conditions.ready(true, Reason.SYNCED, "ok", 3L, T1));
    assertThat(ready.getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }
}

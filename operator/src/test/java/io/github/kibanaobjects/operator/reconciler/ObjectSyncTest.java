package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.kibanaobjects.operator.reconciler.ObjectSync.Action;
import io.github.kibanaobjects.operator.reconciler.ObjectSync.Ownership;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sync decision on its own: which writes happen, in which order, and what is refused. */
class ObjectSyncTest {
  static final String KEY = "default/visualization/cars";

  /** A Kibana object reduced to one text; the journal records reads, claims and writes in order. */
  static final class FakeTarget implements ObjectSync.Target {
    final List<String> journal = new ArrayList<>();
    final String desired;
    String current;
    String refusal;
    OperatorException writeFailure;

    FakeTarget(String desired, String current) {
      this.desired = desired;
      this.current = current;
    }

    @Override
    public String describe() {
      return "visualization \"cars\" in space \"default\"";
    }

    @Override
    public String key() {
      return KEY;
    }

    @Override
    public Optional<JsonNode> read() {
      journal.add("read");
      return Optional.ofNullable(current).map(JsonNodeFactory.instance::textNode);
    }

    @Override
    public boolean matches(JsonNode current) {
      return desired.equals(current.asText());
    }

    @Override
    public List<String> diff(JsonNode current) {
      return matches(current) ? List.of() : List.of("attributes.title");
    }

    @Override
    public void write(boolean firstCreate) {
      journal.add(firstCreate ? "create" : "overwrite");
      if (writeFailure != null) {
        throw writeFailure;
      }
      current = desired;
    }

    @Override
    public Optional<String> refuseAdoption(JsonNode current) {
      return Optional.ofNullable(refusal);
    }
  }

  static Ownership owned(List<String> journal) {
    return new Ownership(true, null, key -> journal.add(record(key)));
  }

  static Ownership notOwned(List<String> journal, String creating) {
    return new Ownership(false, creating, key -> journal.add(record(key)));
  }

  static String record(String key) {
    return key == null ? "withdraw" : "claim " + key;
  }

  @Test
  void aFirstCreateIsClaimedInStatusBeforeKibanaIsWritten() {
    var target = new FakeTarget("mine", null);

    var result = ObjectSync.sync(target, notOwned(target.journal, null), true, false);

    assertThat(result).isEqualTo(new ObjectSync.Result(Action.CREATED, true, List.of()));
    assertThat(target.journal).containsExactly("read", "claim " + KEY, "create");
  }

  @Test
  void anOwnedObjectMissingInKibanaIsWrittenAgainWithoutAClaim() {
    var target = new FakeTarget("mine", null);

    var result = ObjectSync.sync(target, owned(target.journal), false, false);

    assertThat(result.action()).isEqualTo(Action.DRIFT_CORRECTED);
    assertThat(target.journal).containsExactly("read", "overwrite");
  }

  @Test
  void anOwnedObjectThatMatchesIsNotWritten() {
    var target = new FakeTarget("mine", "mine");

    var result = ObjectSync.sync(target, owned(target.journal), false, false);

    assertThat(result).isEqualTo(new ObjectSync.Result(Action.UNCHANGED, false, List.of()));
    assertThat(target.journal).containsExactly("read");
  }

  @Test
  void anOwnedObjectThatDiffersIsAnUpdateWhenTheSpecChangedAndDriftOtherwise() {
    var updated = new FakeTarget("new", "old");
    assertThat(ObjectSync.sync(updated, owned(updated.journal), true, false))
        .isEqualTo(new ObjectSync.Result(Action.UPDATED, true, List.of("attributes.title")));
    assertThat(updated.journal).containsExactly("read", "overwrite");

    var drifted = new FakeTarget("mine", "edited by hand");
    assertThat(ObjectSync.sync(drifted, owned(drifted.journal), false, false))
        .isEqualTo(
            new ObjectSync.Result(Action.DRIFT_CORRECTED, true, List.of("attributes.title")));
  }

  @Test
  void anInterruptedCreateOfThisObjectIsRecognisedWithoutAWrite() {
    var target = new FakeTarget("mine", "mine");

    var result = ObjectSync.sync(target, notOwned(target.journal, KEY), true, false);

    assertThat(result.action()).isEqualTo(Action.CREATE_RECOGNISED);
    assertThat(result.action().isWorthAnEvent()).isFalse();
    assertThat(result.wrote()).isTrue();
    assertThat(target.journal).containsExactly("read");
  }

  @Test
  void aCreateKibanaRefusedWithdrawsItsRecordSoItCoversNothingLater() {
    var target = new FakeTarget("mine", null);
    target.writeFailure =
        new OperatorException(Reason.CONFLICT, "role \"r\" was created meanwhile");

    assertThatThrownBy(() -> ObjectSync.sync(target, notOwned(target.journal, null), true, false))
        .isSameAs(target.writeFailure);
    assertThat(target.journal).containsExactly("read", "claim " + KEY, "create", "withdraw");
  }

  @Test
  void aCreateWhoseOutcomeIsUnknownKeepsItsRecord() {
    var target = new FakeTarget("mine", null);
    target.writeFailure = new OperatorException(Reason.KIBANA_UNREACHABLE, "read timed out");
    assertThat(target.writeFailure.isRetryable()).isTrue();

    assertThatThrownBy(() -> ObjectSync.sync(target, notOwned(target.journal, null), true, false))
        .isSameAs(target.writeFailure);
    assertThat(target.journal).containsExactly("read", "claim " + KEY, "create");
  }

  @Test
  void aFailedWithdrawalDoesNotHideWhyTheCreateFailed() {
    var target = new FakeTarget("mine", null);
    target.writeFailure = new OperatorException(Reason.FORBIDDEN, "Unable to create visualization");
    var statusDown = new IllegalStateException("status write failed");
    Ownership ownership =
        new Ownership(
            false,
            null,
            key -> {
              if (key == null) {
                throw statusDown;
              }
            });

    assertThatThrownBy(() -> ObjectSync.sync(target, ownership, true, false))
        .isSameAs(target.writeFailure)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(statusDown));
  }

  @Test
  void aClaimDoesNotCoverAnObjectThatDiffersFromTheDesiredOne() {
    var target = new FakeTarget("mine", "someone else's");

    assertThatThrownBy(() -> ObjectSync.sync(target, notOwned(target.journal, KEY), true, false))
        .isInstanceOfSatisfying(
            OperatorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
    assertThat(target.journal).containsExactly("read");
  }

  @Test
  void aClaimOnAnotherObjectDoesNotCoverThisOne() {
    var target = new FakeTarget("mine", "mine");

    assertThatThrownBy(
            () ->
                ObjectSync.sync(
                    target, notOwned(target.journal, "team/visualization/cars"), true, false))
        .isInstanceOfSatisfying(
            OperatorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
  }

  @Test
  void anIdenticalObjectThisResourceNeverClaimedIsStillAConflict() {
    // Another team applying the same example must not become a second owner (and delete it).
    var target = new FakeTarget("mine", "mine");

    assertThatThrownBy(() -> ObjectSync.sync(target, notOwned(target.journal, null), true, false))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
              assertThat(e.getMessage())
                  .startsWith("visualization \"cars\" in space \"default\" already exists")
                  .contains("spec.adopt: true");
            });
    assertThat(target.journal).containsExactly("read");
  }

  @Test
  void adoptTakesOverAndRewritesOnlyWhenTheObjectDiffers() {
    var same = new FakeTarget("mine", "mine");
    assertThat(ObjectSync.sync(same, notOwned(same.journal, null), true, true))
        .isEqualTo(new ObjectSync.Result(Action.ADOPTED, false, List.of()));
    assertThat(same.journal).containsExactly("read");

    var different = new FakeTarget("mine", "theirs");
    assertThat(ObjectSync.sync(different, notOwned(different.journal, null), true, true))
        .isEqualTo(new ObjectSync.Result(Action.ADOPTED, true, List.of("attributes.title")));
    assertThat(different.journal).containsExactly("read", "overwrite");
  }

  @Test
  void anObjectThatMustNeverBeAdoptedIsRefusedEvenWithAdopt() {
    var target = new FakeTarget("mine", "reserved");
    target.refusal = "is a reserved role of Elasticsearch and cannot be managed";

    assertThatThrownBy(() -> ObjectSync.sync(target, notOwned(target.journal, null), true, true))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
              assertThat(e.getMessage()).endsWith("cannot be managed");
            });
    assertThat(target.journal).containsExactly("read");
  }
}

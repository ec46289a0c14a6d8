package io.github.kibanaobjects.operator.kibana;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@code _import}, one entry per object sent, in the order sent. Kibana answers
 * HTTP 200 even when objects fail; those failures are here, never dropped.
 */
public record ImportResult(List<ImportOutcome> outcomes) {
  public ImportResult {
    outcomes = List.copyOf(outcomes);
  }

  public boolean allWritten() {
    return outcomes.stream().allMatch(ImportOutcome::written);
  }

  public List<ImportOutcome> failures() {
    return outcomes.stream().filter(o -> !o.written()).toList();
  }

  public Optional<ImportOutcome> outcome(String type, String id) {
    var ref = new SavedObjectRef(type, id);
    return outcomes.stream().filter(o -> o.ref().equals(ref)).findFirst();
  }

  /** Throws the first failure (a conflict before other errors), for callers that need all. */
  public void requireAllWritten() {
    failures().stream()
        .filter(o -> o.status() == ImportOutcome.Status.CONFLICT)
        .findFirst()
        .or(() -> failures().stream().findFirst())
        .ifPresent(
            failure -> {
              throw failure.toException();
            });
  }
}

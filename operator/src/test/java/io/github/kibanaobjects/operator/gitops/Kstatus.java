package io.github.kibanaobjects.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kstatus' documented rules for a custom resource, encoded to judge the statuses the operator
 * writes. Sources: sigs.k8s.io/cli-utils {@code pkg/kstatus/README.md} ("Statuses", "Conditions",
 * "The Ready Condition") and {@code pkg/kstatus/status/generic.go} ({@code checkGenericProperties},
 * {@code checkGeneration}), which fixes their order:
 *
 * <ol>
 *   <li>{@code metadata.deletionTimestamp} set: Terminating;
 *   <li>{@code status.observedGeneration} present and not {@code metadata.generation}: InProgress
 *       ("there are changes that the controller has not yet seen");
 *   <li>a condition {@code Reconciling=True}: InProgress; {@code Stalled=True}: Failed (the
 *       "abnormal-true" conditions; their absence means normal);
 *   <li>otherwise, for a type without rules of its own ({@code status.go}, {@code
 *       checkReadyCondition}): {@code Ready=True} is Current, {@code Ready=False} and {@code
 *       Ready=Unknown} are InProgress, and no Ready condition at all is Current ("assume they are
 *       always reconciled", the corner case a controller avoids by writing conditions at once).
 * </ol>
 */
final class Kstatus {
  enum Status {
    IN_PROGRESS,
    FAILED,
    CURRENT,
    TERMINATING
  }

  private Kstatus() {}

  static Status compute(JsonNode resource) {
    var metadata = resource.path("metadata");
    if (!metadata.path("deletionTimestamp").asText("").isEmpty()) {
      return Status.TERMINATING;
    }
    var status = resource.path("status");
    if (metadata.has("generation")
        && status.has("observedGeneration")
        && status.get("observedGeneration").asLong() != metadata.get("generation").asLong()) {
      return Status.IN_PROGRESS;
    }
    var conditions = status.path("conditions");
    for (var condition : conditions) {
      var type = condition.path("type").asText();
      var isTrue = "True".equals(condition.path("status").asText());
      if (type.equals("Reconciling") && isTrue) {
        return Status.IN_PROGRESS;
      }
      if (type.equals("Stalled") && isTrue) {
        return Status.FAILED;
      }
    }
    for (var condition : conditions) {
      if (condition.path("type").asText().equals("Ready")) {
        return switch (condition.path("status").asText()) {
          case "True" -> Status.CURRENT;
          case "False", "Unknown" -> Status.IN_PROGRESS;
          default -> Status.CURRENT;
        };
      }
    }
    return Status.CURRENT;
  }
}

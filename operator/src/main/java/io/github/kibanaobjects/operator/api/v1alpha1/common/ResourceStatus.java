package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What every kind reports: the generation it last acted on and its conditions (the summary one
 * being {@code Ready}), so kstatus, Argo CD and Flux can tell "in progress" from "done".
 */
// A field written by another version of the operator (a rollback) must not stop the informer; the
// status is the operator's own and is written whole again by the next reconcile.
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {
  @JsonPropertyDescription(
      "The metadata.generation the operator last reconciled. When it equals metadata.generation,"
          + " the conditions describe the current spec.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Current state. The Ready condition summarises it: status True, False or Unknown, and a"
          + " reason such as Synced, InvalidSpec, ConnectionNotReady, KibanaUnreachable."
          + " Reconciling (True while the operator works or retries) and Stalled (True when only a"
          + " change can help) follow kstatus; both are absent when the resource is Ready.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The last value of the annotation reconcile.fluxcd.io/requestedAt that the operator"
          + " reconciled (Flux's `flux reconcile` waits for it).")
  private String lastHandledReconcileAt;

  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }
}

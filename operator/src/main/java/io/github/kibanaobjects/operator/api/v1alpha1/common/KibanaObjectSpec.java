package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * The spec of a kind whose Kibana object is deleted with its resource unless asked otherwise
 * (visualizations, dashboards, roles). Spaces default to Orphan instead: deleting a space deletes
 * everything in it.
 */
public abstract class KibanaObjectSpec extends OwnedObjectSpec {
  @Default("Delete")
  @JsonPropertyDescription(
      "Delete removes the Kibana object when this resource is deleted; Orphan leaves it in"
          + " Kibana.")
  private DeletionPolicy deletionPolicy;

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  @Override
  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }
}

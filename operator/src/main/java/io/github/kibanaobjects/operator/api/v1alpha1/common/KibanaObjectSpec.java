package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * What every kind that owns one Kibana object shares: who owns it on deletion, whether it may take
 * over an existing object, and how often Kibana is re-read.
 */
public abstract class KibanaObjectSpec extends ResourceSpec {
  @Default("Delete")
  @JsonPropertyDescription(
      "Delete removes the Kibana object when this resource is deleted; Orphan leaves it in"
          + " Kibana.")
  private DeletionPolicy deletionPolicy;

  @Default("false")
  @JsonPropertyDescription(
      "Take over an existing Kibana object with the same id or name that this resource did not"
          + " create. Without it, such an object is reported as a Conflict and left alone.")
  private Boolean adopt;

  @Pattern(Patterns.DURATION)
  @Size(max = Bounds.DURATION)
  @JsonPropertyDescription(
      "How often Kibana is re-read to correct drift, e.g. 30s, 10m, 1h. Default: the operator's"
          + " setting (10m).")
  private String resyncPeriod;

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  public Boolean getAdopt() {
    return adopt;
  }

  public void setAdopt(Boolean adopt) {
    this.adopt = adopt;
  }

  public boolean adoptOrDefault() {
    return Boolean.TRUE.equals(adopt);
  }

  public String getResyncPeriod() {
    return resyncPeriod;
  }

  public void setResyncPeriod(String resyncPeriod) {
    this.resyncPeriod = resyncPeriod;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What every kind that owns one Kibana object shares: the connection it is written through, whether
 * it may take over an existing object, how often Kibana is re-read, and what happens to the object
 * on deletion (each kind chooses the default: see {@link KibanaObjectSpec}).
 */
@ValidationRule(
    value = "self.connectionRef == oldSelf.connectionRef",
    message =
        "connectionRef is immutable: the objects live in that connection's Kibana; delete and"
            + " recreate the resource to publish through another connection")
public abstract class OwnedObjectSpec extends ResourceSpec {
  @Required
  @JsonPropertyDescription(
      "The KibanaConnection to write through. Immutable. Roles and spaces are global in Kibana, so"
          + " for KibanaRole and KibanaSpace its allowedRoleNamespaces must allow this namespace"
          + " (its own namespace always may).")
  private ConnectionRef connectionRef;

  @Default("false")
  @JsonPropertyDescription(
      "Take over an existing Kibana object with the same id or name that this resource did not"
          + " create. Without it, such an object is reported as a Conflict and left alone.")
  private Boolean adopt;

  @Pattern(Patterns.DURATION)
  @Size(max = Bounds.DURATION)
  @ValidationRule(
      value = Bounds.RESYNC_PERIOD_RULE,
      message =
          "resyncPeriod must be between "
              + Bounds.MIN_RESYNC_PERIOD
              + " and "
              + Bounds.MAX_RESYNC_PERIOD)
  @JsonPropertyDescription(
      "How often Kibana is re-read to correct drift, e.g. 30s, 10m, 1h; 1s to 24h. Default: the"
          + " operator's setting (10m).")
  private String resyncPeriod;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  /** What happens to the Kibana object when the resource is deleted, defaulted per kind. */
  public abstract DeletionPolicy deletionPolicyOrDefault();

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

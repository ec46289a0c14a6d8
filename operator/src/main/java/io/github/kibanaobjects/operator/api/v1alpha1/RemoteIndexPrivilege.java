package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;

/**
 * Privileges on indices of remote clusters (cross-cluster search with API-key security): Kibana's
 * {@code elasticsearch.remote_indices} (role PUT schema in Kibana's
 * x-pack/platform/plugins/shared/security/server/routes/authorization/roles/model/put_payload.ts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemoteIndexPrivilege extends IndexPrivilege {
  @Required
  @Size(min = 1, max = Bounds.REMOTE_CLUSTERS)
  @JsonPropertyDescription("Remote cluster aliases or patterns, e.g. [eu-*].")
  private List<@Size(max = Bounds.CLUSTER_ALIAS) String> clusters;

  public RemoteIndexPrivilege() {}

  public RemoteIndexPrivilege(List<String> clusters, List<String> names, List<String> privileges) {
    super(names, privileges);
    this.clusters = clusters;
  }

  public List<String> getClusters() {
    return clusters;
  }

  public void setClusters(List<String> clusters) {
    this.clusters = clusters;
  }
}

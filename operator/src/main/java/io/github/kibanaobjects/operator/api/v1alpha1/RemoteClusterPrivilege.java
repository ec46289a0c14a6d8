package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;

/** Cluster privileges on remote clusters: Kibana's {@code elasticsearch.remote_cluster}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemoteClusterPrivilege {
  @Required
  @Size(min = 1, max = Bounds.REMOTE_CLUSTER_PRIVILEGES)
  @JsonPropertyDescription("Remote cluster privileges, e.g. monitor_enrich.")
  private List<@Size(max = Bounds.PRIVILEGE) String> privileges;

  @Required
  @Size(min = 1, max = Bounds.REMOTE_CLUSTERS)
  @JsonPropertyDescription("Remote cluster aliases or patterns.")
  private List<@Size(max = Bounds.CLUSTER_ALIAS) String> clusters;

  public RemoteClusterPrivilege() {}

  public RemoteClusterPrivilege(List<String> privileges, List<String> clusters) {
    this.privileges = privileges;
    this.clusters = clusters;
  }

  public List<String> getPrivileges() {
    return privileges;
  }

  public void setPrivileges(List<String> privileges) {
    this.privileges = privileges;
  }

  public List<String> getClusters() {
    return clusters;
  }

  public void setClusters(List<String> clusters) {
    this.clusters = clusters;
  }
}

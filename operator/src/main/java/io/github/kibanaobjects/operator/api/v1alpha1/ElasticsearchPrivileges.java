package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;

/** The Elasticsearch part of a role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ElasticsearchPrivileges {
  @JsonPropertyDescription("Cluster privileges, e.g. monitor.")
  @Size(max = Bounds.PRIVILEGES)
  private List<@Size(max = Bounds.PRIVILEGE) String> cluster;

  @JsonPropertyDescription("Privileges on indices.")
  @Size(max = Bounds.ROLE_LIST)
  private List<IndexPrivilege> indices;

  @JsonPropertyDescription(
      "Users this role may run requests as. Serverless Kibana refuses run_as on custom roles.")
  @Size(max = Bounds.ROLE_LIST)
  private List<@Size(max = Bounds.ES_NAME) String> runAs;

  // Bounded so the item rules stay within a real API server's CEL cost budget.
  @Size(max = 64)
  @JsonPropertyDescription("Privileges on indices of remote clusters (remote_indices).")
  private List<RemoteIndexPrivilege> remoteIndices;

  @Size(max = 64)
  @JsonPropertyDescription("Cluster privileges on remote clusters (remote_cluster).")
  private List<RemoteClusterPrivilege> remoteCluster;

  public List<RemoteIndexPrivilege> getRemoteIndices() {
    return remoteIndices;
  }

  public void setRemoteIndices(List<RemoteIndexPrivilege> remoteIndices) {
    this.remoteIndices = remoteIndices;
  }

  public List<RemoteClusterPrivilege> getRemoteCluster() {
    return remoteCluster;
  }

  public void setRemoteCluster(List<RemoteClusterPrivilege> remoteCluster) {
    this.remoteCluster = remoteCluster;
  }

  public List<String> getCluster() {
    return cluster;
  }

  public void setCluster(List<String> cluster) {
    this.cluster = cluster;
  }

  public List<IndexPrivilege> getIndices() {
    return indices;
  }

  public void setIndices(List<IndexPrivilege> indices) {
    this.indices = indices;
  }

  public List<String> getRunAs() {
    return runAs;
  }

  public void setRunAs(List<String> runAs) {
    this.runAs = runAs;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Status of the kinds that write an object into Kibana: adds what tells "spec changed" from
 * "drifted in Kibana" and when the operator last wrote.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncStatus extends ResourceStatus {
  @JsonPropertyDescription(
      "SHA-256 (hex) of the normalised object the operator last wrote to Kibana.")
  private String lastAppliedHash;

  @JsonPropertyDescription(
      "When the operator last wrote to Kibana (RFC 3339). A resync that finds nothing to change"
          + " leaves it as it is.")
  private String lastSyncTime;

  @JsonPropertyDescription(
      "The KibanaConnection (namespace/name) the object was written through: the object is owned"
          + " in that connection's Kibana only.")
  private String connection;

  @JsonPropertyDescription(
      "The Kibana object this resource is creating, recorded just before its first write and"
          + " cleared once the write is recorded: an object found there after an interrupted"
          + " create (the operator stopped in between) is recognised as this resource's own.")
  private String creating;

  public String getCreating() {
    return creating;
  }

  public void setCreating(String creating) {
    this.creating = creating;
  }

  public String getConnection() {
    return connection;
  }

  public void setConnection(String connection) {
    this.connection = connection;
  }

  public String getLastAppliedHash() {
    return lastAppliedHash;
  }

  public void setLastAppliedHash(String lastAppliedHash) {
    this.lastAppliedHash = lastAppliedHash;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }
}

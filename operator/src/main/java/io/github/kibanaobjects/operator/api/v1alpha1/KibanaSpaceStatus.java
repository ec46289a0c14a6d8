package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaSpaceStatus extends SyncStatus {
  @JsonPropertyDescription("Id of the space in Kibana.")
  private String id;

  @JsonPropertyDescription("Link that opens the space in Kibana.")
  private String url;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaDashboardStatus extends SyncStatus {
  @JsonPropertyDescription("Saved object id of the dashboard in Kibana.")
  private String id;

  @JsonPropertyDescription("Kibana space the dashboard is in.")
  private String space;

  @JsonPropertyDescription("Link that opens the dashboard in Kibana.")
  private String url;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getSpace() {
    return space;
  }

  public void setSpace(String space) {
    this.space = space;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }
}

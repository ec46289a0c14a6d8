package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaRoleStatus extends SyncStatus {
  @JsonPropertyDescription("Name of the role in Kibana.")
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}

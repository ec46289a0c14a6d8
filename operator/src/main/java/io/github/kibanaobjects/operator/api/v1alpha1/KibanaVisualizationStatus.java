package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SavedObjectStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaVisualizationStatus extends SavedObjectStatus {
  @JsonPropertyDescription(
      "SHA-256 of the chart (with its sample rows and the library major) that the real vega and"
          + " vega-lite libraries last accepted: the chart is checked again only when it changes.")
  private String validatedHash;

  public String getValidatedHash() {
    return validatedHash;
  }

  public void setValidatedHash(String validatedHash) {
    this.validatedHash = validatedHash;
  }
}

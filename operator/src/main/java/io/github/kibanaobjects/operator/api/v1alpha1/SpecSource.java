package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where to read a chart that is too large, or too inconvenient, to inline in the resource. */
public class SpecSource {
  @Required
  @JsonPropertyDescription(
      "ConfigMap key holding the chart as Vega or Vega-Lite JSON (or HJSON). The chart's $schema"
          + " tells Vega from Vega-Lite.")
  private ConfigMapKeyRef configMapKeyRef;

  public SpecSource() {}

  public SpecSource(ConfigMapKeyRef configMapKeyRef) {
    this.configMapKeyRef = configMapKeyRef;
  }

  public ConfigMapKeyRef getConfigMapKeyRef() {
    return configMapKeyRef;
  }

  public void setConfigMapKeyRef(ConfigMapKeyRef configMapKeyRef) {
    this.configMapKeyRef = configMapKeyRef;
  }
}

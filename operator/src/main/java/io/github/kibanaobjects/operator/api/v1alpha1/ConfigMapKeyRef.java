package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;

/** One key of a ConfigMap in the resource's namespace. */
public class ConfigMapKeyRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = Bounds.K8S_NAME)
  @JsonPropertyDescription("Name of the ConfigMap, in the same namespace as this resource.")
  private String name;

  @Required
  @Pattern(Patterns.DATA_KEY)
  @Size(max = Bounds.DATA_KEY)
  @JsonPropertyDescription(
      "Key inside the ConfigMap, e.g. cars.vl.json for a ConfigMap made with"
          + " 'kubectl create configmap charts --from-file=cars.vl.json'.")
  private String key;

  public ConfigMapKeyRef() {}

  public ConfigMapKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One key of a Secret in the referring resource's namespace. The default key depends on where the
 * reference is used (for example {@code apiKey} or {@code ca.crt}), so it is applied by {@link
 * #keyOr(String)} rather than in the schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = Bounds.K8S_NAME)
  @JsonPropertyDescription("Name of the Secret, in the same namespace as this resource.")
  private String name;

  @Pattern(Patterns.DATA_KEY)
  @Size(max = Bounds.DATA_KEY)
  @JsonPropertyDescription(
      "Key inside the Secret. Default: apiKey for apiKeySecretRef, ca.crt for caSecretRef.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
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

  public String keyOr(String defaultKey) {
    return key == null || key.isEmpty() ? defaultKey : key;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Points at the KibanaConnection a resource is written through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionRef {
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = Bounds.K8S_NAME)
  @JsonPropertyDescription("Name of the KibanaConnection to write through.")
  private String name;

  @Pattern(Patterns.DNS_LABEL)
  @Size(max = Bounds.K8S_NAMESPACE)
  @JsonPropertyDescription(
      "Namespace of the KibanaConnection. Defaults to this resource's namespace. A connection in"
          + " another namespace must list this namespace in its spec.allowedNamespaces.")
  private String namespace;

  public ConnectionRef() {}

  public ConnectionRef(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** The namespace to look the connection up in: the explicit one, else the resource's own. */
  public String namespaceOr(String resourceNamespace) {
    return namespace == null || namespace.isEmpty() ? resourceNamespace : namespace;
  }
}

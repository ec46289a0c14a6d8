package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.util.List;

/** The Kibana spaces that resources of one namespace may write to through a connection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespaceSpaces {
  @Required
  @Pattern(Patterns.NAMESPACE_OR_ALL)
  @Size(max = Bounds.K8S_NAMESPACE)
  @JsonPropertyDescription("A namespace, or * for every namespace no other entry names.")
  private String namespace;

  @Required
  @Size(min = 1, max = Bounds.SPACE_PATTERNS)
  @JsonPropertyDescription(
      "Space ids, or patterns where * stands for any characters (team-a-* matches team-a-dev)."
          + " A KibanaRole from the namespace may grant privileges only in these spaces, and a"
          + " KibanaSpace may create only these.")
  private List<@Pattern(Patterns.SPACE_ID_PATTERN) @Size(max = Bounds.SPACE_ID) String> spaces;

  public NamespaceSpaces() {}

  public NamespaceSpaces(String namespace, List<String> spaces) {
    this.namespace = namespace;
    this.spaces = spaces;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public List<String> getSpaces() {
    return spaces;
  }

  public void setSpaces(List<String> spaces) {
    this.spaces = spaces;
  }
}

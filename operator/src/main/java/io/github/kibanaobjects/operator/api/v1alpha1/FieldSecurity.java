package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;

/** Field level security of an index privilege. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldSecurity {
  @JsonPropertyDescription("Fields (or patterns) the role may read, e.g. [\"*\"].")
  @Size(max = Bounds.ROLE_LIST)
  private List<@Size(max = Bounds.FIELD_NAME) String> grant;

  @JsonPropertyDescription("Fields (or patterns) taken out of grant again.")
  @Size(max = Bounds.ROLE_LIST)
  private List<@Size(max = Bounds.FIELD_NAME) String> except;

  public FieldSecurity() {}

  public FieldSecurity(List<String> grant, List<String> except) {
    this.grant = grant;
    this.except = except;
  }

  public List<String> getGrant() {
    return grant;
  }

  public void setGrant(List<String> grant) {
    this.grant = grant;
  }

  public List<String> getExcept() {
    return except;
  }

  public void setExcept(List<String> except) {
    this.except = except;
  }
}

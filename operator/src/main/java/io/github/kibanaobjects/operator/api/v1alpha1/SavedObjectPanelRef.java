package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;

/** A saved object shown on a dashboard panel, named by its type and id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SavedObjectPanelRef {
  /** A saved object type name as Kibana registers them: lens, visualization, search, map, ... */
  public static final String TYPE_PATTERN = "^[a-z][a-z0-9_-]{0,63}$";

  @Required
  @Pattern(TYPE_PATTERN)
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Saved object type, e.g. visualization, lens, search or map.")
  private String type;

  @Required
  @Pattern(Patterns.SAVED_OBJECT_ID)
  @ValidationRule(value = Patterns.ADDRESSABLE_ID_RULE, message = Patterns.ADDRESSABLE_ID_MESSAGE)
  @Size(min = 1, max = 250)
  @JsonPropertyDescription("Saved object id.")
  private String id;

  public SavedObjectPanelRef() {}

  public SavedObjectPanelRef(String type, String id) {
    this.type = type;
    this.id = id;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }
}

package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;
import java.util.Map;

/** Kibana privileges granted in some spaces: base privileges or feature privileges. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.base) && size(self.base) > 0) != (has(self.feature) && size(self.feature) > 0)",
    message =
        "each kibana entry needs either a non-empty base or a non-empty feature map, not both")
public class KibanaPrivilege {
  @JsonPropertyDescription(
      "Space ids the privileges apply in, or [\"*\"] for all spaces (the default). A space may"
          + " appear in only one entry.")
  @Size(max = Bounds.SPACES)
  private List<@Size(max = Bounds.SPACE_ID) String> spaces;

  @JsonPropertyDescription("Base privileges: all or read. Not together with feature.")
  @Size(max = Bounds.BASE_PRIVILEGES)
  private List<@Size(max = Bounds.PRIVILEGE) String> base;

  @JsonPropertyDescription(
      "Feature privileges by feature id, e.g. {visualize_v2: [all], dashboard_v2: [read]}. Not"
          + " together with base.")
  @Size(max = Bounds.FEATURES)
  @SchemaFrom(type = FeaturePrivilegesSchema.class)
  private Map<String, List<String>> feature;

  public KibanaPrivilege() {}

  public KibanaPrivilege(
      List<String> spaces, List<String> base, Map<String, List<String>> feature) {
    this.spaces = spaces;
    this.base = base;
    this.feature = feature;
  }

  public List<String> getSpaces() {
    return spaces;
  }

  public void setSpaces(List<String> spaces) {
    this.spaces = spaces;
  }

  public List<String> getBase() {
    return base;
  }

  public void setBase(List<String> base) {
    this.base = base;
  }

  public Map<String, List<String>> getFeature() {
    return feature;
  }

  public void setFeature(Map<String, List<String>> feature) {
    this.feature = feature;
  }
}

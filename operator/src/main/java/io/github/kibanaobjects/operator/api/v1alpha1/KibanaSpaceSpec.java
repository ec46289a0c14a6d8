package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.OwnedObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.util.List;

/**
 * A Kibana space. The validation is Kibana's own ({@code
 * x-pack/platform/plugins/shared/spaces/server/lib/space_schema.ts}), so a bad space is refused at
 * admission rather than by Kibana.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.id) == has(oldSelf.id) && (!has(self.id) || self.id == oldSelf.id)",
    message = "id is immutable: delete and recreate the resource to create another space")
public class KibanaSpaceSpec extends OwnedObjectSpec {
  /** Solution views a stateful Kibana (8.16 and later) offers. */
  public static final String SOLUTION_PATTERN = "^(es|oblt|security|classic)$";

  // Deleting a space deletes every object in it: that must be asked for.
  @Default("Orphan")
  @JsonPropertyDescription(
      "Orphan (the default) leaves the space in Kibana when this resource is deleted; Delete"
          + " deletes it, and with it every saved object in the space.")
  private DeletionPolicy deletionPolicy;

  @Pattern(Patterns.SPACE_ID)
  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Space id in Kibana and in its URLs (/s/<id>/): lower-case letters, digits, _ and -."
          + " Default: metadata.name. Immutable.")
  private String id;

  @Required
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Display name of the space.")
  private String name;

  @Size(max = Bounds.DESCRIPTION)
  @JsonPropertyDescription("Description of the space.")
  private String description;

  @Pattern("^#[0-9a-fA-F]{6}$")
  @Size(max = Bounds.COLOR)
  @JsonPropertyDescription("Colour of the space's avatar, #rrggbb.")
  private String color;

  @Size(max = 2)
  @JsonPropertyDescription("Initials shown in the space's avatar, at most 2 characters.")
  private String initials;

  @Pattern("^data:image")
  @Size(max = Bounds.IMAGE_URL)
  @JsonPropertyDescription("Avatar image as a data URL (data:image/...).")
  private String imageUrl;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Feature ids hidden in this space, e.g. [dev_tools, ml]. Must be empty on serverless.")
  private List<@Size(max = Bounds.FEATURE_ID) String> disabledFeatures;

  @Pattern(SOLUTION_PATTERN)
  @Size(max = Bounds.SOLUTION)
  @JsonPropertyDescription(
      "Solution view of the space (stateful Kibana 8.16 and later): es, oblt, security or"
          + " classic. Kibana then hides the other solutions' features as well. Not sent to a"
          + " serverless Kibana, which refuses it.")
  private String solution;

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  @Override
  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Orphan : deletionPolicy;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  /** The space id: the explicit one, else the resource's name. */
  public String idOr(String resourceName) {
    return id == null || id.isEmpty() ? resourceName : id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getColor() {
    return color;
  }

  public void setColor(String color) {
    this.color = color;
  }

  public String getInitials() {
    return initials;
  }

  public void setInitials(String initials) {
    this.initials = initials;
  }

  public String getImageUrl() {
    return imageUrl;
  }

  public void setImageUrl(String imageUrl) {
    this.imageUrl = imageUrl;
  }

  public List<String> getDisabledFeatures() {
    return disabledFeatures;
  }

  public void setDisabledFeatures(List<String> disabledFeatures) {
    this.disabledFeatures = disabledFeatures;
  }

  public String getSolution() {
    return solution;
  }

  public void setSolution(String solution) {
    this.solution = solution;
  }
}

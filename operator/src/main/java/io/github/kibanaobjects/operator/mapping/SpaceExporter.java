package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import java.util.ArrayList;

/**
 * Turns a space as {@code GET /api/spaces/space} answers it into the KibanaSpace that, applied with
 * {@code adopt: true}, reproduces it: the inverse of {@link SpaceMapper}, so that {@link
 * SpaceNormalizer} finds both equivalent and the operator writes nothing. The deletion policy is
 * left at the kind's default, Orphan: deleting an exported resource never deletes the space and
 * everything in it. Pure: no I/O.
 */
public final class SpaceExporter {
  private SpaceExporter() {}

  /**
   * Whether Kibana made the space ({@code _reserved}: the {@code default} space, which can be
   * neither created nor deleted, only changed).
   */
  public static boolean isReserved(JsonNode space) {
    return space.path("_reserved").asBoolean(false);
  }

  /**
   * The space as a resource named after its id; an id Kubernetes cannot use as a name ({@code _} is
   * allowed in space ids) stays in {@code spec.id}.
   */
  public static KibanaSpace space(JsonNode space, String connection) {
    var id = space.path("id").asText();
    var spec = new KibanaSpaceSpec();
    ResourceExporter.setCommon(spec, connection);
    spec.setId(ResourceExporter.idUnlessResourceName(id));
    spec.setName(space.path("name").asText());
    spec.setDescription(ResourceExporter.nonEmptyOrNull(space.get("description")));
    spec.setColor(ResourceExporter.nonEmptyOrNull(space.get("color")));
    spec.setInitials(ResourceExporter.nonEmptyOrNull(space.get("initials")));
    spec.setImageUrl(ResourceExporter.nonEmptyOrNull(space.get("imageUrl")));
    // With a solution, these include what Kibana hid for it; the normaliser expects that.
    var disabled = new ArrayList<String>();
    space.path("disabledFeatures").forEach(feature -> disabled.add(feature.asText()));
    spec.setDisabledFeatures(disabled.isEmpty() ? null : disabled);
    spec.setSolution(ResourceExporter.nonEmptyOrNull(space.get("solution")));
    var resource = new KibanaSpace();
    resource.getMetadata().setName(ResourceExporter.resourceName(id));
    resource.setSpec(spec);
    return resource;
  }
}

package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;

/**
 * Builds the body of Kibana's space create and update ({@code POST /api/spaces/space}, {@code PUT
 * /api/spaces/space/{id}}), following the contract, section 5: undefined fields are left out, and
 * {@code disabledFeatures} is always sent (Kibana's PUT replaces the whole space).
 */
public final class SpaceMapper {
  private SpaceMapper() {}

  /**
   * @param id the space id (the spec's, else the resource's name, which may hold a dot that no
   *     space id can)
   */
  public static ObjectNode toBody(KibanaSpaceSpec spec, String id) {
    if (!id.matches(Patterns.SPACE_ID)) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "\"%s\" is not a valid space id (lower-case letters, digits, _ and - only); set"
                  .formatted(id)
              + " spec.id");
    }
    var body = JsonTrees.MAPPER.createObjectNode();
    body.put("id", id);
    body.put("name", spec.getName());
    putIfSet(body, "description", spec.getDescription());
    putIfSet(body, "color", spec.getColor());
    putIfSet(body, "initials", spec.getInitials());
    putIfSet(body, "imageUrl", spec.getImageUrl());
    var features = body.putArray("disabledFeatures");
    if (spec.getDisabledFeatures() != null) {
      spec.getDisabledFeatures().forEach(features::add);
    }
    putIfSet(body, "solution", spec.getSolution());
    return body;
  }

  /**
   * The body as this Kibana takes it: a serverless Kibana refuses {@code solution} (400 "solution
   * property is forbidden in serverless", {@code
   * x-pack/platform/plugins/shared/spaces/server/spaces_client/spaces_client.ts}) and Kibanas
   * before 8.16 do not know it, so it is sent only where {@code takesSolution}
   * (KibanaCapabilities.spaceSolution()).
   */
  public static ObjectNode forKibana(ObjectNode body, boolean takesSolution) {
    if (takesSolution || !body.has("solution")) {
      return body;
    }
    var copy = body.deepCopy();
    copy.remove("solution");
    return copy;
  }

  /** The link that opens the space: {@code <kibana>/s/<id>/app/home}, without /s/ for default. */
  public static String kibanaUrl(String kibanaBaseUrl, String id) {
    var base =
        kibanaBaseUrl.endsWith("/")
            ? kibanaBaseUrl.substring(0, kibanaBaseUrl.length() - 1)
            : kibanaBaseUrl;
    return base + ("default".equals(id) ? "" : "/s/" + id) + "/app/home";
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null && !value.isEmpty()) {
      body.put(field, value);
    }
  }
}

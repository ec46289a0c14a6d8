package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;

/**
 * Builds the Vega visualization saved object the operator imports ({@code _import?overwrite=true},
 * one NDJSON line per object), following the attribute shape of the Kibana contract, section 2.1.
 */
public final class VisualizationMapper {
  public static final String TYPE = "visualization";

  /**
   * Constant on Kibana 8.8 and later, 9.x included: sent so Kibana does not treat the object as
   * written by a pre-8.8 core.
   */
  public static final String CORE_MIGRATION_VERSION = "8.8.0";

  /**
   * Kibana runs the type's migrations newer than this on import. Without it, Kibana would take the
   * object for pre-migration data and run every visualization migration since 7.x over attributes
   * that are already in today's shape. 8.5.0 is the visualization model version of 8.x (see the
   * contract, 1.2 and 1.4), not newer than any Kibana we target (8.8+), so no Kibana rejects the
   * object as coming from a newer version, and the few later migrations still apply.
   */
  public static final String TYPE_MIGRATION_VERSION = "8.5.0";

  /** An empty KQL query and no filters: what Kibana writes for a Vega visualization. */
  public static final String SEARCH_SOURCE_JSON =
      "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}";

  private VisualizationMapper() {}

  /**
   * The saved object for a visualization resource.
   *
   * @param specText what {@link VegaSpecResolver#resolve} returned for it
   */
  public static ObjectNode toSavedObject(KibanaVisualization resource, String specText) {
    var spec = resource.getSpec();
    return toSavedObject(
        spec.idOr(resource.getMetadata().getName()),
        spec.getTitle(),
        spec.getDescription(),
        specText,
        spec.managedOrDefault());
  }

  /** The saved object with these values; a null description is written as "". */
  public static ObjectNode toSavedObject(
      String id, String title, String description, String specText, boolean managed) {
    var nodes = JsonTrees.MAPPER;
    var visState = nodes.createObjectNode();
    visState.put("title", title);
    visState.put("type", "vega");
    visState.putArray("aggs");
    visState.putObject("params").put("spec", specText);

    var attributes = nodes.createObjectNode();
    attributes.put("title", title);
    attributes.put("description", description == null ? "" : description);
    attributes.put("visState", JsonTrees.compact(visState));
    attributes.put("uiStateJSON", "{}");
    attributes.put("version", 1);
    attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", SEARCH_SOURCE_JSON);

    var object = nodes.createObjectNode();
    object.put("type", TYPE);
    object.put("id", id);
    object.set("attributes", attributes);
    object.putArray("references");
    object.put("managed", managed);
    object.put("coreMigrationVersion", CORE_MIGRATION_VERSION);
    object.put("typeMigrationVersion", TYPE_MIGRATION_VERSION);
    return object;
  }

  /** {@code <kibana url>[/s/<space>]/app/visualize#/edit/<id>}: opens the chart in Kibana. */
  public static String kibanaUrl(String kibanaBaseUrl, String space, String id) {
    return KibanaUrls.inSpace(kibanaBaseUrl, space) + "/app/visualize#/edit/" + id;
  }
}

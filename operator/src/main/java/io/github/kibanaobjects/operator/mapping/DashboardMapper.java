package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardQuery;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import java.util.List;

/**
 * Builds the {@code dashboard} saved object the operator imports ({@code _import?overwrite=true},
 * public and supported on 8.x, 9.x and serverless). Only attributes of Kibana's dashboard schema
 * are written: its model version 1 create schema forbids unknown keys
 * (src/platform/plugins/shared/dashboard/server/dashboard_saved_object/schema/v1/v1.ts).
 */
public final class DashboardMapper {
  public static final String TYPE = "dashboard";

  /** Constant on Kibana 8.8 and later, as for visualizations. */
  public static final String CORE_MIGRATION_VERSION = VisualizationMapper.CORE_MIGRATION_VERSION;

  /**
   * The dashboard's last version-keyed migration on 8.x; later changes are model versions that add
   * mappings only (dashboard_saved_object.ts). Kibana's own 8.x export fixture carries it
   * (src/platform/test/api_integration/fixtures/kbn_archiver/saved_objects/managed_objects.json),
   * and no Kibana we target (8.8+) takes it for a newer object.
   */
  public static final String TYPE_MIGRATION_VERSION = "8.7.0";

  /**
   * The five options every Kibana reads, at today's defaults (DEFAULT_DASHBOARD_OPTIONS in
   * src/platform/plugins/shared/dashboard/common/content_management/constants.ts).
   */
  public static final String OPTIONS_JSON =
      "{\"useMargins\":true,\"syncColors\":true,\"syncCursor\":true,\"syncTooltips\":true,"
          + "\"hidePanelTitles\":false}";

  private DashboardMapper() {}

  /**
   * The saved object for a dashboard whose panels are resolved.
   *
   * @param id the saved object id
   * @param panels what {@link DashboardPanels#resolve} returned, complete
   * @param writer how each panel is written ({@link PanelWriter#BY_REFERENCE})
   */
  public static ObjectNode toSavedObject(
      String id, KibanaDashboardSpec spec, List<DashboardPanels.Panel> panels, PanelWriter writer) {
    var nodes = JsonTrees.MAPPER;
    var panelsJson = nodes.createArrayNode();
    var references = nodes.createArrayNode();
    for (var panel : panels) {
      writer.write(panel, panelsJson, references);
    }

    var attributes = nodes.createObjectNode();
    attributes.put("title", spec.getTitle());
    attributes.put("description", spec.getDescription() == null ? "" : spec.getDescription());
    attributes.put("timeRestore", spec.timeRestoreOrDefault());
    if (spec.getTimeFrom() != null) {
      attributes.put("timeFrom", spec.getTimeFrom());
    }
    if (spec.getTimeTo() != null) {
      attributes.put("timeTo", spec.getTimeTo());
    }
    if (spec.getRefreshInterval() != null) {
      var refresh = attributes.putObject("refreshInterval");
      refresh.put("pause", spec.getRefreshInterval().pauseOrDefault());
      refresh.put(
          "value",
          spec.getRefreshInterval().getValue() == null ? 0 : spec.getRefreshInterval().getValue());
    }
    attributes.put("panelsJSON", JsonTrees.compact(panelsJson));
    attributes.put("optionsJSON", OPTIONS_JSON);
    attributes.put("version", 1);
    attributes
        .putObject("kibanaSavedObjectMeta")
        .put("searchSourceJSON", JsonTrees.compact(searchSource(spec)));

    var object = nodes.createObjectNode();
    object.put("type", TYPE);
    object.put("id", id);
    object.set("attributes", attributes);
    object.set("references", references);
    object.put("managed", spec.managedOrDefault());
    object.put("coreMigrationVersion", CORE_MIGRATION_VERSION);
    object.put("typeMigrationVersion", TYPE_MIGRATION_VERSION);
    return object;
  }

  /**
   * {@code {query: {query, language}, filter: [...]}}: the search bar's query (an empty KQL query
   * when none is set, as Kibana writes it) and the filter pills.
   */
  static ObjectNode searchSource(KibanaDashboardSpec spec) {
    var source = JsonTrees.MAPPER.createObjectNode();
    var query = source.putObject("query");
    var specQuery = spec.getQuery();
    query.put(
        "query", specQuery == null || specQuery.getQuery() == null ? "" : specQuery.getQuery());
    query.put(
        "language",
        (specQuery == null ? DashboardQuery.Language.kuery : specQuery.languageOrDefault()).name());
    var filters = source.putArray("filter");
    if (spec.getFilters() != null) {
      for (JsonNode filter : spec.getFilters()) {
        filters.add(filter == null ? JsonTrees.MAPPER.nullNode() : filter.deepCopy());
      }
    }
    return source;
  }

  /**
   * {@code <kibana url>[/s/<space>]/app/dashboards#/view/<id>}, Kibana's getInAppUrl for the type.
   */
  public static String kibanaUrl(String kibanaBaseUrl, String space, String id) {
    return KibanaUrls.inSpace(kibanaBaseUrl, space) + "/app/dashboards#/view/" + id;
  }
}

package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The dashboard part of {@link SavedObjectNormalizer}: brings the attributes of a desired dashboard
 * and of the one Kibana holds to one form, so what Kibana adds, keeps from older versions or
 * ignores on read never looks like a change. Runs on attributes whose JSON strings ({@code
 * panelsJSON}, {@code optionsJSON}, {@code searchSourceJSON}) are already parsed.
 *
 * <p>What counts follows what Kibana itself reads back (the Dashboards content transforms in
 * src/platform/plugins/shared/dashboard/server/content_management/v1/transforms/out/):
 *
 * <ul>
 *   <li>Legacy attributes {@code hits} and {@code version} are dropped; {@code timeRestore} absent
 *       is false; with {@code timeRestore} false, {@code timeFrom}, {@code timeTo} and {@code
 *       refreshInterval} are ignored by Kibana and dropped here; {@code refreshInterval} keeps
 *       {@code pause} and {@code value} (not the legacy {@code display} and {@code section}).
 *   <li>{@code optionsJSON}: the five options Kibana reads, missing ones at Kibana's defaults
 *       (transform_options_out.ts); anything else (the legacy {@code darkTheme}) is dropped.
 *   <li>{@code searchSourceJSON}: only {@code query} and {@code filter} (transform_search_source_
 *       out.ts); an empty query text is no query, whatever its language; a filter's {@code
 *       meta.value} is dropped, as Kibana's cleanFiltersForSerialize does.
 *   <li>{@code panelsJSON}: panels in panelIndex order (the grid, not the list order, places them);
 *       the legacy panel {@code version} (kept in panels until 8.11) and {@code gridData.i} (a copy
 *       of panelIndex, dropped on read) are removed; a sibling {@code title} (before 8.19) moves
 *       into {@code embeddableConfig}; an empty {@code embeddableConfig.enhancements} is dropped.
 * </ul>
 */
final class DashboardNormalizer {
  /**
   * DEFAULT_DASHBOARD_OPTIONS in src/platform/plugins/shared/dashboard/common/content_management/
   * constants.ts, without fetchOnlyVisible, which transformOptionsOut does not return.
   */
  static final Map<String, Boolean> DEFAULT_OPTIONS =
      Map.of(
          "hidePanelTitles", false,
          "useMargins", true,
          "syncColors", true,
          "syncCursor", true,
          "syncTooltips", true);

  private static final Comparator<JsonNode> PANEL_ORDER =
      Comparator.comparing(p -> p.path("panelIndex").asText());

  private DashboardNormalizer() {}

  /** Normalises dashboard attributes in place (JSON strings already parsed). */
  static void normalizeAttributes(ObjectNode attributes) {
    attributes.remove("hits");
    attributes.remove("version");
    var timeRestore = attributes.path("timeRestore").asBoolean(false);
    attributes.put("timeRestore", timeRestore);
    if (!timeRestore) {
      attributes.remove(List.of("timeFrom", "timeTo", "refreshInterval"));
    } else if (attributes.get("refreshInterval") instanceof ObjectNode refresh) {
      refresh.retain("pause", "value");
    }
    attributes.set("optionsJSON", options(attributes.get("optionsJSON")));
    var meta =
        attributes.get("kibanaSavedObjectMeta") instanceof ObjectNode existing
            ? existing
            : attributes.putObject("kibanaSavedObjectMeta");
    meta.set("searchSourceJSON", searchSource(meta.get("searchSourceJSON")));
    var panels = attributes.get("panelsJSON");
    if (panels == null || panels.isNull()) {
      attributes.set("panelsJSON", JsonTrees.MAPPER.createArrayNode());
    } else if (panels.isArray()) {
      attributes.set("panelsJSON", panels((ArrayNode) panels));
    }
  }

  private static JsonNode options(JsonNode options) {
    if (options != null && !options.isNull() && !options.isObject()) {
      return options; // not JSON: compared as the text it is
    }
    var out = JsonTrees.MAPPER.createObjectNode();
    DEFAULT_OPTIONS.forEach(
        (key, fallback) -> {
          var value = options == null ? null : options.get(key);
          out.set(key, value == null || value.isNull() ? out.booleanNode(fallback) : value);
        });
    return out;
  }

  private static JsonNode searchSource(JsonNode source) {
    if (source != null && !source.isNull() && !source.isObject()) {
      return source;
    }
    var out = JsonTrees.MAPPER.createObjectNode();
    var query = source == null ? null : source.get("query");
    if (query != null && !isEmptyQuery(query)) {
      out.set("query", query.deepCopy());
    }
    var filters = out.putArray("filter");
    var given = source == null ? null : source.get("filter");
    if (given != null && given.isArray()) {
      given.forEach(filter -> filters.add(cleanFilter(filter)));
    }
    return out;
  }

  /** No query text: {@code ""} in KQL or Lucene, or no {@code query} key at all. */
  private static boolean isEmptyQuery(JsonNode query) {
    if (query.isNull()) {
      return true;
    }
    var text = query.get("query");
    return text == null || text.isNull() || (text.isTextual() && text.textValue().isEmpty());
  }

  /** A filter without {@code meta.value}, also inside a combined filter's {@code meta.params}. */
  private static JsonNode cleanFilter(JsonNode filter) {
    var copy = filter.deepCopy();
    if (copy instanceof ObjectNode object && object.get("meta") instanceof ObjectNode meta) {
      meta.remove("value");
      if (meta.get("params") instanceof ArrayNode params) {
        var cleaned = JsonTrees.MAPPER.createArrayNode();
        params.forEach(p -> cleaned.add(cleanFilter(p)));
        meta.set("params", cleaned);
      }
    }
    return copy;
  }

  private static ArrayNode panels(ArrayNode panels) {
    var items = new ArrayList<JsonNode>();
    panels.forEach(p -> items.add(p.isObject() ? panel((ObjectNode) p.deepCopy()) : p));
    items.sort(PANEL_ORDER);
    var out = JsonTrees.MAPPER.createArrayNode();
    items.forEach(out::add);
    return out;
  }

  private static JsonNode panel(ObjectNode panel) {
    panel.remove("version");
    if (panel.get("gridData") instanceof ObjectNode grid) {
      grid.remove("i");
    }
    var config =
        panel.get("embeddableConfig") instanceof ObjectNode existing
            ? existing
            : JsonTrees.MAPPER.createObjectNode();
    panel.set("embeddableConfig", config);
    var siblingTitle = panel.remove("title");
    if (siblingTitle != null && !siblingTitle.isNull() && !config.has("title")) {
      config.set("title", siblingTitle);
    }
    if (config.get("enhancements") instanceof ObjectNode enhancements && enhancements.isEmpty()) {
      config.remove("enhancements");
    }
    return panel;
  }
}

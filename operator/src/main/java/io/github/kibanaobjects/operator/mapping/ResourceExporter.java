package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardQuery;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.RefreshInterval;
import io.github.kibanaobjects.operator.api.v1alpha1.SavedObjectPanelRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.OwnedObjectSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;

/**
 * The way back from Kibana to Git: turns saved objects read from Kibana into the resources that,
 * applied with {@code adopt: true}, reproduce them. The inverse of {@link VisualizationMapper} and
 * {@link DashboardMapper}, so that exporting what the operator wrote and applying the result
 * changes nothing ({@link SavedObjectNormalizer} finds desired and actual equivalent). Pure: no
 * I/O.
 */
public final class ResourceExporter {
  private ResourceExporter() {}

  /**
   * The resource name for a saved object id: lowercase, runs of characters Kubernetes names do not
   * allow become "-", cut to 63 characters. When it differs from the id, the spec names the id.
   */
  public static String resourceName(String id) {
    var name =
        id.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("^-+", "")
            .replaceAll("-+$", "");
    if (name.length() > 63) {
      name = name.substring(0, 63).replaceAll("-+$", "");
    }
    return name.isEmpty() ? "object" : name;
  }

  /** Whether a visualization saved object is a Vega chart, the only kind with a resource. */
  public static boolean isVega(JsonNode savedObject) {
    var visState =
        JsonTrees.parseOrNull(savedObject.path("attributes").path("visState").asText(""));
    return visState != null && "vega".equals(visState.path("type").asText());
  }

  /**
   * A Vega visualization saved object as a resource. A chart written as JSON becomes a structured
   * {@code vegaLite} or {@code vega} object (by its {@code $schema}; Kibana's default is Vega); a
   * chart in HJSON stays text in {@code spec}, since turning it into JSON would lose its comments.
   *
   * @throws IllegalArgumentException when the object is not a Vega visualization
   */
  public static KibanaVisualization visualization(
      JsonNode savedObject, String space, String connection) {
    var id = savedObject.path("id").asText();
    var attributes = savedObject.path("attributes");
    if (!isVega(savedObject)) {
      throw new IllegalArgumentException(
          "visualization " + id + " is not a Vega visualization; only Vega charts are exported");
    }
    var visState = JsonTrees.parseOrNull(attributes.path("visState").asText(""));
    var text = visState.path("params").path("spec").asText("");
    var spec = new KibanaVisualizationSpec();
    setCommon(spec, connection);
    spec.setSpace(space);
    spec.setTitle(attributes.path("title").asText());
    spec.setDescription(nonEmptyOrNull(attributes.get("description")));
    spec.setManaged(savedObject.path("managed").asBoolean(false));
    var parsed = ChartText.parse(text);
    if (parsed.syntax() == ChartText.Syntax.JSON && parsed.tree().isObject()) {
      var schema = parsed.tree().path("$schema").asText(null);
      var library = VegaSpecResolver.Library.ofSchemaUrl(schema);
      if (library == VegaSpecResolver.Library.VEGA_LITE) {
        spec.setVegaLite(parsed.tree());
      } else {
        // Kibana draws a chart without a (known) $schema as Vega.
        spec.setVega(parsed.tree());
      }
    } else {
      spec.setSpec(text);
    }
    var resource = new KibanaVisualization();
    resource.getMetadata().setName(resourceName(id));
    spec.setId(idUnlessResourceName(id));
    resource.setSpec(spec);
    return resource;
  }

  /**
   * A dashboard saved object as a resource. A panel showing one of {@code exportedVisualizations}
   * (their saved object ids) points at that visualization's resource by name; any other panel keeps
   * its saved object type and id.
   */
  public static KibanaDashboard dashboard(
      JsonNode savedObject, String space, String connection, Set<String> exportedVisualizations) {
    var id = savedObject.path("id").asText();
    var attributes = savedObject.path("attributes");
    var spec = new KibanaDashboardSpec();
    setCommon(spec, connection);
    spec.setSpace(space);
    spec.setTitle(attributes.path("title").asText());
    spec.setDescription(nonEmptyOrNull(attributes.get("description")));
    spec.setManaged(savedObject.path("managed").asBoolean(false));
    spec.setTimeRestore(attributes.path("timeRestore").asBoolean(false));
    spec.setTimeFrom(textOrNull(attributes.get("timeFrom")));
    spec.setTimeTo(textOrNull(attributes.get("timeTo")));
    var refresh = attributes.get("refreshInterval");
    if (refresh != null && refresh.isObject()) {
      spec.setRefreshInterval(
          new RefreshInterval(
              refresh.path("pause").asBoolean(true), refresh.path("value").asInt()));
    }
    var source =
        JsonTrees.parseOrNull(
            attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText(""));
    if (source != null) {
      var query = source.path("query");
      var language = query.path("language").asText("kuery");
      var queryText = query.path("query").asText("");
      if (!queryText.isEmpty() || !"kuery".equals(language)) {
        spec.setQuery(new DashboardQuery(DashboardQuery.Language.valueOf(language), queryText));
      }
      var filters = new ArrayList<JsonNode>();
      source.path("filter").forEach(filters::add);
      spec.setFilters(filters.isEmpty() ? null : filters);
    }
    spec.setPanels(panels(savedObject, exportedVisualizations));
    var resource = new KibanaDashboard();
    resource.getMetadata().setName(resourceName(id));
    spec.setId(idUnlessResourceName(id));
    resource.setSpec(spec);
    return resource;
  }

  /** The panels, each resolved through the reference its {@code panelRefName} names. */
  private static ArrayList<DashboardPanel> panels(JsonNode savedObject, Set<String> exported) {
    var references = new HashMap<String, JsonNode>();
    savedObject.path("references").forEach(r -> references.put(r.path("name").asText(), r));
    var panelsJson =
        JsonTrees.parseOrNull(savedObject.path("attributes").path("panelsJSON").asText("[]"));
    var panels = new ArrayList<DashboardPanel>();
    if (panelsJson == null) {
      return panels;
    }
    for (var node : panelsJson) {
      var panelIndex = node.path("panelIndex").asText();
      var refName = node.path("panelRefName").asText("");
      // Kibana names the reference "<panelIndex>:<panelRefName>"
      // (dashboard_container_references.ts)
      var reference = references.get(panelIndex + ":" + refName);
      if (reference == null) {
        reference = references.get(refName);
      }
      var type = reference == null ? node.path("type").asText() : reference.path("type").asText();
      var targetId = reference == null ? node.path("id").asText() : reference.path("id").asText();
      var panel = new DashboardPanel();
      panel.setName(panelIndex);
      if ("visualization".equals(type) && exported.contains(targetId)) {
        panel.setVisualization(resourceName(targetId));
      } else {
        panel.setSavedObject(new SavedObjectPanelRef(type, targetId));
      }
      var grid = node.path("gridData");
      panel.setX(grid.path("x").asInt());
      panel.setY(grid.path("y").asInt());
      panel.setW(grid.path("w").asInt());
      panel.setH(grid.path("h").asInt());
      var title = node.path("embeddableConfig").path("title");
      panel.setTitle(title.isTextual() ? title.asText() : textOrNull(node.get("title")));
      panels.add(panel);
    }
    return panels;
  }

  /**
   * What every exported resource shares: written through {@code connection}, and taking over the
   * object that is already there instead of reporting it as a Conflict.
   */
  static void setCommon(OwnedObjectSpec spec, String connection) {
    spec.setConnectionRef(new ConnectionRef(connection, null));
    spec.setAdopt(true);
  }

  /** The id for a spec's id or name field: null when the resource's name already is the id. */
  static String idUnlessResourceName(String id) {
    return resourceName(id).equals(id) ? null : id;
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** A text field's value, null when missing or empty: the mappers leave an empty one out. */
  static String nonEmptyOrNull(JsonNode node) {
    var text = textOrNull(node);
    return text == null || text.isEmpty() ? null : text;
  }
}

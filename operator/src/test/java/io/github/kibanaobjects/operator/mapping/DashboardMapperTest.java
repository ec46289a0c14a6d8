package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardMapperTest {
  /**
   * The attribute keys of Kibana's dashboard create schema (schema/v1/v1.ts, unknowns forbidden).
   */
  private static final Set<String> KIBANA_DASHBOARD_ATTRIBUTES =
      Set.of(
          "title",
          "description",
          "kibanaSavedObjectMeta",
          "timeRestore",
          "timeFrom",
          "timeTo",
          "refreshInterval",
          "controlGroupInput",
          "panelsJSON",
          "optionsJSON",
          "hits",
          "version");

  static final String TWO_PANELS =
      """
      {"connectionRef": {"name": "kibana"}, "title": "Cars",
       "panels": [
         {"visualization": "cars-scatter", "x": 0, "y": 0, "w": 24, "h": 15},
         {"name": "overview", "savedObject": {"type": "lens", "id": "lens-1"},
          "x": 24, "y": 0, "w": 24, "h": 10, "title": "Overview"}]}
      """;

  static KibanaDashboardSpec spec(String json) {
    return Fixtures.dashboard(json).getSpec();
  }

  static ObjectNode map(String json, Map<String, String> visualizationIds) {
    var spec = spec(json);
    var resolution =
        DashboardPanels.resolve(spec, name -> Optional.ofNullable(visualizationIds.get(name)));
    assertThat(resolution.missing()).isEmpty();
    return DashboardMapper.toSavedObject(
        spec.idOr("cars"), spec, resolution.panels(), PanelWriter.BY_REFERENCE);
  }

  private static JsonNode parsed(JsonNode object, String pointer) {
    return JsonTrees.parseOrNull(object.at(pointer).textValue());
  }

  @Test
  void panelsAreWrittenByReferenceInKibanasShape() {
    var object = map(TWO_PANELS, Map.of("cars-scatter", "cars-vis-id"));

    assertThat(parsed(object, "/attributes/panelsJSON"))
        .isEqualTo(
            JsonTrees.parseOrNull(
                """
                [{"type": "visualization", "embeddableConfig": {}, "panelIndex": "1",
                  "gridData": {"x": 0, "y": 0, "w": 24, "h": 15, "i": "1"},
                  "panelRefName": "panel_1"},
                 {"type": "lens", "embeddableConfig": {"title": "Overview"},
                  "panelIndex": "overview",
                  "gridData": {"x": 24, "y": 0, "w": 24, "h": 10, "i": "overview"},
                  "panelRefName": "panel_overview"}]
                """));
    assertThat(object.get("references"))
        .isEqualTo(
            JsonTrees.parseOrNull(
                """
                [{"name": "1:panel_1", "type": "visualization", "id": "cars-vis-id"},
                 {"name": "overview:panel_overview", "type": "lens", "id": "lens-1"}]
                """));
  }

  @Test
  void everyPanelRefNameHasItsReferenceUnderThePanelsPrefix() {
    // What Kibana's inject does on load: the panel's references are those named "<panelIndex>:",
    // and one of them must be named like its panelRefName, or the panel fails to load.
    var object = map(TWO_PANELS, Map.of("cars-scatter", "v"));
    for (var panel : parsed(object, "/attributes/panelsJSON")) {
      var prefix = panel.path("panelIndex").asText() + ":";
      var refName = panel.path("panelRefName").asText();
      assertThat(object.get("references"))
          .filteredOn(r -> r.path("name").asText().equals(prefix + refName))
          .hasSize(1);
    }
  }

  @Test
  void attributesAreOnlyThoseOfKibanasDashboardSchema() {
    var object =
        map(
            """
            {"connectionRef": {"name": "k"}, "title": "T", "description": "D",
             "timeRestore": true, "timeFrom": "now-7d", "timeTo": "now",
             "refreshInterval": {"pause": false, "value": 60000},
             "query": {"query": "Origin : \\"USA\\""},
             "filters": [{"meta": {"negate": false}, "query": {"match_phrase": {"a": 1}}}],
             "panels": []}
            """,
            Map.of());

    assertThat(object.get("attributes").fieldNames())
        .toIterable()
        .allMatch(KIBANA_DASHBOARD_ATTRIBUTES::contains);
    assertThat(object.at("/attributes/title").asText()).isEqualTo("T");
    assertThat(object.at("/attributes/description").asText()).isEqualTo("D");
    assertThat(object.at("/attributes/timeRestore").asBoolean()).isTrue();
    assertThat(object.at("/attributes/timeFrom").asText()).isEqualTo("now-7d");
    assertThat(object.at("/attributes/timeTo").asText()).isEqualTo("now");
    assertThat(object.at("/attributes/refreshInterval"))
        .isEqualTo(JsonTrees.parseOrNull("{\"pause\": false, \"value\": 60000}"));
    assertThat(parsed(object, "/attributes/kibanaSavedObjectMeta/searchSourceJSON"))
        .isEqualTo(
            JsonTrees.parseOrNull(
                """
                {"query": {"query": "Origin : \\"USA\\"", "language": "kuery"},
                 "filter": [{"meta": {"negate": false}, "query": {"match_phrase": {"a": 1}}}]}
                """));
    assertThat(object.at("/attributes/panelsJSON").asText()).isEqualTo("[]");
    assertThat(object.get("references")).isEmpty();
  }

  @Test
  void withoutTimeRestoreNoTimeIsStoredAndTheSearchBarIsEmpty() {
    var object = map("{\"connectionRef\": {\"name\": \"k\"}, \"title\": \"T\"}", Map.of());
    var attributes = object.get("attributes");

    assertThat(attributes.path("timeRestore").asBoolean(true)).isFalse();
    assertThat(attributes.has("timeFrom")).isFalse();
    assertThat(attributes.has("timeTo")).isFalse();
    assertThat(attributes.has("refreshInterval")).isFalse();
    assertThat(attributes.path("description").asText("x")).isEmpty();
    assertThat(parsed(object, "/attributes/kibanaSavedObjectMeta/searchSourceJSON"))
        .isEqualTo(
            JsonTrees.parseOrNull(
                "{\"query\": {\"query\": \"\", \"language\": \"kuery\"}, \"filter\": []}"));
    assertThat(parsed(object, "/attributes/optionsJSON"))
        .isEqualTo(
            JsonTrees.parseOrNull(
                """
                {"useMargins": true, "syncColors": true, "syncCursor": true,
                 "syncTooltips": true, "hidePanelTitles": false}
                """));
  }

  @Test
  void objectCarriesItsTypeIdManagedAndMigrationVersions() {
    var managed = map(TWO_PANELS, Map.of("cars-scatter", "v"));
    assertThat(managed.path("type").asText()).isEqualTo("dashboard");
    assertThat(managed.path("id").asText()).isEqualTo("cars");
    assertThat(managed.path("managed").asBoolean()).isTrue();
    assertThat(managed.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
    assertThat(managed.path("typeMigrationVersion").asText()).isEqualTo("8.7.0");

    var unmanaged =
        map(
            "{\"connectionRef\": {\"name\": \"k\"}, \"title\": \"T\", \"id\": \"d-1\","
                + " \"managed\": false}",
            Map.of());
    assertThat(unmanaged.path("id").asText()).isEqualTo("d-1");
    assertThat(unmanaged.path("managed").asBoolean(true)).isFalse();
  }

  @Test
  void theSameSpecGivesTheSameTextEveryTime() {
    var first = map(TWO_PANELS, Map.of("cars-scatter", "v"));
    var second = map(TWO_PANELS, Map.of("cars-scatter", "v"));
    assertThat(JsonTrees.compact(first)).isEqualTo(JsonTrees.compact(second));
  }

  @Test
  void gridDefaultsAreKibanasHalfWidthAndFifteenRows() {
    var object =
        map(
            """
            {"connectionRef": {"name": "k"}, "title": "T",
             "panels": [{"savedObject": {"type": "search", "id": "s"}, "x": 0, "y": 3}]}
            """,
            Map.of());
    assertThat(parsed(object, "/attributes/panelsJSON").get(0).get("gridData"))
        .isEqualTo(
            JsonTrees.parseOrNull("{\"x\": 0, \"y\": 3, \"w\": 24, \"h\": 15, \"i\": \"1\"}"));
  }

  @Test
  void aDifferentPanelWriterReplacesHowPanelsAreWritten() {
    var spec = spec(TWO_PANELS);
    var resolution = DashboardPanels.resolve(spec, name -> Optional.of("v"));
    PanelWriter byValue =
        (panel, panels, references) ->
            panels.addObject().put("panelIndex", panel.panelIndex()).put("type", "vega");
    var object = DashboardMapper.toSavedObject("cars", spec, resolution.panels(), byValue);

    assertThat(object.get("references")).isEmpty();
    assertThat(parsed(object, "/attributes/panelsJSON"))
        .extracting(p -> p.path("type").asText())
        .containsExactly("vega", "vega");
  }

  @Test
  void linkOpensTheDashboardInItsSpace() {
    assertThat(DashboardMapper.kibanaUrl("https://kb.example/", "default", "cars"))
        .isEqualTo("https://kb.example/app/dashboards#/view/cars");
    assertThat(DashboardMapper.kibanaUrl("https://kb.example", "analytics", "cars"))
        .isEqualTo("https://kb.example/s/analytics/app/dashboards#/view/cars");
  }

  @Test
  void panelsAreResolvedInOrderAndMissingVisualizationsNamedOnce() {
    var spec =
        spec(
            """
            {"connectionRef": {"name": "k"}, "title": "T",
             "panels": [{"visualization": "b", "x": 0, "y": 0},
                        {"visualization": "a", "x": 0, "y": 15},
                        {"visualization": "b", "x": 24, "y": 0},
                        {"visualization": "ready", "x": 24, "y": 15}]}
            """);
    var resolution =
        DashboardPanels.resolve(
            spec, name -> name.equals("ready") ? Optional.of("r-id") : Optional.empty());

    assertThat(resolution.complete()).isFalse();
    assertThat(resolution.missing()).containsExactly("b", "a");
    assertThat(resolution.panels()).isEmpty();
    assertThat(DashboardPanels.visualizationNames(spec)).containsExactly("b", "a", "ready");
  }

  @Test
  void anUnnamedPanelsPositionMayCollideWithAnotherPanelsName() {
    var spec =
        spec(
            """
            {"connectionRef": {"name": "k"}, "title": "T",
             "panels": [{"name": "2", "visualization": "a", "x": 0, "y": 0},
                        {"visualization": "b", "x": 0, "y": 15},
                        {"name": "x", "visualization": "c", "x": 24, "y": 0}]}
            """);
    assertThat(DashboardPanels.duplicatePanelIndexes(spec)).isEqualTo(List.of("2"));
    assertThat(DashboardPanels.duplicatePanelIndexes(spec(TWO_PANELS))).isEmpty();
  }
}

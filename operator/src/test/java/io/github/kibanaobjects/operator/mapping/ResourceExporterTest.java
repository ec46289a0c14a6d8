package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceExporterTest {
  static final String VEGA_LITE =
      """
      {"connectionRef": {"name": "kibana"}, "title": "Cars", "description": "by origin",
       "vegaLite": {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                    "mark": "bar", "data": {"values": [{"a": 1, "b": 2.50}]}}}
      """;

  static ObjectNode savedObject(KibanaVisualization resource) {
    return VisualizationMapper.toSavedObject(
        resource, VegaSpecResolver.resolve(resource.getSpec(), null));
  }

  static ObjectNode savedObject(KibanaDashboard resource, Map<String, String> visualizationIds) {
    var spec = resource.getSpec();
    var resolution =
        DashboardPanels.resolve(spec, name -> Optional.ofNullable(visualizationIds.get(name)));
    assertThat(resolution.missing()).isEmpty();
    return DashboardMapper.toSavedObject(
        spec.idOr(resource.getMetadata().getName()),
        spec,
        resolution.panels(),
        PanelWriter.BY_REFERENCE);
  }

  static JsonNode visState(String spec) {
    var visState = JsonTrees.MAPPER.createObjectNode().put("type", "vega");
    visState.putObject("params").put("spec", spec);
    var object = JsonTrees.MAPPER.createObjectNode().put("type", "visualization");
    object.put("id", "chart");
    object.putObject("attributes").put("title", "T").put("visState", JsonTrees.compact(visState));
    return object;
  }

  @Test
  void aJsonChartBecomesAStructuredObjectThatMapsBackToTheSameSavedObject() {
    var original = savedObject(Fixtures.visualization(VEGA_LITE));

    var exported = ResourceExporter.visualization(original, "analytics", "prod");

    var spec = exported.getSpec();
    assertThat(exported.getMetadata().getName()).isEqualTo("cars-scatter");
    assertThat(spec.getId()).isNull();
    assertThat(spec.getSpace()).isEqualTo("analytics");
    assertThat(spec.getConnectionRef().getName()).isEqualTo("prod");
    assertThat(spec.getAdopt()).isTrue();
    assertThat(spec.getVegaLite().path("mark").asText()).isEqualTo("bar");
    assertThat(spec.getVega()).isNull();
    assertThat(spec.getSpec()).isNull();
    assertThat(spec.getDescription()).isEqualTo("by origin");
    assertThat(SavedObjectNormalizer.diff(savedObject(exported), original)).isEmpty();
  }

  @Test
  void aVegaChartGoesUnderVegaAndOneWithoutSchemaToo() {
    var withSchema =
        ResourceExporter.visualization(
            visState("{\"$schema\":\"https://vega.github.io/schema/vega/v5.json\",\"marks\":[]}"),
            "default",
            "kibana");
    assertThat(withSchema.getSpec().getVega().path("marks").isArray()).isTrue();
    assertThat(withSchema.getSpec().getVegaLite()).isNull();

    // Kibana draws a chart without $schema as Vega
    var without = ResourceExporter.visualization(visState("{\"marks\":[]}"), "default", "kibana");
    assertThat(without.getSpec().getVega()).isNotNull();
  }

  @Test
  void anHjsonChartStaysTextWordForWord() {
    var hjson =
        """
        {
          // written in Kibana's editor
          $schema: https://vega.github.io/schema/vega-lite/v5.json
          mark: bar
        }
        """;
    var exported = ResourceExporter.visualization(visState(hjson), "default", "kibana");

    assertThat(exported.getSpec().getSpec()).isEqualTo(hjson);
    assertThat(exported.getSpec().getVegaLite()).isNull();
    assertThat(SavedObjectNormalizer.diff(savedObject(exported), visState(hjson)))
        .doesNotContain("attributes.visState.params.spec");
  }

  @Test
  void anIdKubernetesCannotNameIsKeptInSpecId() {
    assertThat(ResourceExporter.resourceName("My_Chart:v2")).isEqualTo("my-chart-v2");
    assertThat(ResourceExporter.resourceName("--x--")).isEqualTo("x");
    assertThat(ResourceExporter.resourceName("a".repeat(80))).hasSize(63);
    assertThat(ResourceExporter.resourceName("___")).isEqualTo("object");

    var object = (ObjectNode) visState("{\"marks\":[]}");
    object.put("id", "My_Chart");
    var exported = ResourceExporter.visualization(object, "default", "kibana");
    assertThat(exported.getMetadata().getName()).isEqualTo("my-chart");
    assertThat(exported.getSpec().getId()).isEqualTo("My_Chart");
  }

  @Test
  void onlyVegaVisualizationsAreExported() {
    var lens = JsonTrees.MAPPER.createObjectNode().put("id", "tsvb");
    lens.putObject("attributes").put("visState", "{\"type\":\"metrics\"}");

    assertThat(ResourceExporter.isVega(lens)).isFalse();
    assertThat(ResourceExporter.isVega(visState("{}"))).isTrue();
    assertThatThrownBy(() -> ResourceExporter.visualization(lens, "default", "kibana"))
        .hasMessageContaining("tsvb is not a Vega visualization");
  }

  @Test
  void aDashboardPointsAtExportedVisualizationsByNameAndMapsBackUnchanged() {
    var dashboard =
        Fixtures.dashboard(
            """
            {"connectionRef": {"name": "kibana"}, "title": "Cars", "timeRestore": true,
             "timeFrom": "now-7d", "timeTo": "now",
             "refreshInterval": {"pause": false, "value": 60000},
             "query": {"language": "lucene", "query": "origin:USA"},
             "filters": [{"meta": {"key": "year"}, "query": {"match_phrase": {"year": 1970}}}],
             "panels": [
               {"visualization": "cars-scatter", "x": 0, "y": 0, "w": 24, "h": 15},
               {"name": "overview", "savedObject": {"type": "lens", "id": "lens-1"},
                "x": 24, "y": 0, "w": 24, "h": 10, "title": "Overview"},
               {"name": "other", "visualization": "elsewhere", "x": 0, "y": 15}]}
            """);
    var original =
        savedObject(dashboard, Map.of("cars-scatter", "Cars_Scatter", "elsewhere", "other-vis"));

    var exported =
        ResourceExporter.dashboard(original, "default", "kibana", Set.of("Cars_Scatter"));

    var panels = exported.getSpec().getPanels();
    assertThat(panels).hasSize(3);
    assertThat(panels.get(0).getName()).isEqualTo("1");
    assertThat(panels.get(0).getVisualization()).isEqualTo("cars-scatter");
    assertThat(panels.get(1).getSavedObject().getType()).isEqualTo("lens");
    assertThat(panels.get(1).getTitle()).isEqualTo("Overview");
    // a visualization not exported with the dashboard is kept by type and id
    assertThat(panels.get(2).getSavedObject().getId()).isEqualTo("other-vis");
    assertThat(panels.get(2).getVisualization()).isNull();
    assertThat(exported.getSpec().getAdopt()).isTrue();
    assertThat(exported.getSpec().getQuery().getQuery()).isEqualTo("origin:USA");

    var again = savedObject(exported, Map.of("cars-scatter", "Cars_Scatter"));
    assertThat(SavedObjectNormalizer.diff(again, original)).isEmpty();
  }

  @Test
  void aPlainDashboardExportsWithoutQueryOrFilters() {
    var dashboard =
        Fixtures.dashboard("{\"connectionRef\": {\"name\": \"kibana\"}, \"title\": \"Empty\"}");
    var original = savedObject(dashboard, Map.of());

    var exported = ResourceExporter.dashboard(original, "default", "kibana", Set.of());

    assertThat(exported.getSpec().getQuery()).isNull();
    assertThat(exported.getSpec().getFilters()).isNull();
    assertThat(exported.getSpec().getRefreshInterval()).isNull();
    assertThat(exported.getSpec().getPanels()).isEmpty();
    assertThat(SavedObjectNormalizer.diff(savedObject(exported, Map.of()), original)).isEmpty();
  }
}

package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The dashboard diff: what Kibana adds or keeps from older versions never looks like a change, and
 * every edit a person makes does.
 */
class DashboardNormalizerTest {
  /**
   * The dashboard of Kibana's 8.x export fixture
   * src/platform/test/api_integration/fixtures/kbn_archiver/saved_objects/managed_objects.json
   * (elastic/kibana, commit fe26edcf), as a resource would ask for it.
   */
  private static final String FIXTURE_SPEC =
      """
      {"connectionRef": {"name": "kibana"}, "id": "def09d77-089a-4e4f-b30b-eb9848d59648",
       "title": "Requests", "timeRestore": true,
       "timeFrom": "Wed Sep 16 2015 22:52:17 GMT-0700",
       "timeTo": "Fri Sep 18 2015 12:24:38 GMT-0700",
       "refreshInterval": {"pause": false, "value": 0},
       "panels": [{"savedObject": {"type": "visualization",
                                   "id": "37fb7899-4b68-4a5b-9b4c-f9587ab7f0bc"},
                   "x": 0, "y": 0, "w": 24, "h": 12}]}
      """;

  private static ObjectNode desired() {
    return DashboardMapperTest.map(DashboardMapperTest.TWO_PANELS, Map.of("cars-scatter", "v-1"));
  }

  /** The desired object as a Kibana 9.x returns it from _export: migrated, stamped, re-encoded. */
  private static ObjectNode asKibanaReturnsIt() {
    var actual = desired();
    actual.put("updated_at", "2026-11-22T17:04:32.085Z");
    actual.put("created_at", "2026-11-22T17:04:32.085Z");
    actual.put("created_by", "u_123");
    actual.put("updated_by", "u_123");
    actual.put("version", "WzYxOTQsMl0=");
    actual.putArray("namespaces").add("default");
    actual.put("coreMigrationVersion", "8.8.0");
    actual.put("typeMigrationVersion", "10.3.0");
    var attributes = (ObjectNode) actual.get("attributes");
    attributes.put("version", 3);
    // Re-serialised by Kibana: other key order, other spacing.
    attributes.put(
        "optionsJSON",
        "{\"hidePanelTitles\": false, \"syncTooltips\": true, \"syncCursor\": true,"
            + " \"syncColors\": true, \"useMargins\": true}");
    attributes
        .with("kibanaSavedObjectMeta")
        .put(
            "searchSourceJSON",
            "{\"filter\":[],\"query\":{\"language\":\"kuery\",\"query\":\"\"}}");
    return actual;
  }

  private static ArrayNode panels(ObjectNode object) {
    return (ArrayNode) JsonTrees.parseOrNull(object.at("/attributes/panelsJSON").textValue());
  }

  private static ObjectNode withPanels(ObjectNode object, Consumer<ArrayNode> edit) {
    var copy = object.deepCopy();
    var panels = panels(copy);
    edit.accept(panels);
    ((ObjectNode) copy.get("attributes")).put("panelsJSON", JsonTrees.compact(panels));
    return copy;
  }

  private static ObjectNode withAttributes(ObjectNode object, Consumer<ObjectNode> edit) {
    var copy = object.deepCopy();
    edit.accept((ObjectNode) copy.get("attributes"));
    return copy;
  }

  private static ObjectNode withSearchSource(ObjectNode object, String searchSourceJson) {
    return withAttributes(
        object, a -> a.with("kibanaSavedObjectMeta").put("searchSourceJSON", searchSourceJson));
  }

  private static void assertSame(JsonNode desired, JsonNode actual) {
    assertThat(SavedObjectNormalizer.diff(desired, actual)).isEmpty();
    assertThat(SavedObjectNormalizer.equivalent(desired, actual)).isTrue();
    assertThat(DesiredStateHash.ofSavedObject(actual))
        .isEqualTo(DesiredStateHash.ofSavedObject(desired));
  }

  private static void assertChanged(JsonNode desired, JsonNode actual, String path) {
    assertThat(SavedObjectNormalizer.equivalent(desired, actual)).isFalse();
    assertThat(SavedObjectNormalizer.diff(desired, actual)).contains(path);
  }

  @Test
  void kibanas8xExportFixtureEqualsItsDesiredForm() {
    var exported = Fixtures.ndjson("fixtures/kibana-8x-dashboard-export.ndjson").get(0);
    var spec = DashboardMapperTest.spec(FIXTURE_SPEC);
    var panels = DashboardPanels.resolve(spec, name -> java.util.Optional.empty()).panels();
    var desired =
        DashboardMapper.toSavedObject(spec.idOr("x"), spec, panels, PanelWriter.BY_REFERENCE);

    assertSame(desired, exported);
  }

  @Test
  void kibanas8xExportFixtureStillShowsAnEditedPanel() {
    var exported =
        (ObjectNode) Fixtures.ndjson("fixtures/kibana-8x-dashboard-export.ndjson").get(0);
    var spec = DashboardMapperTest.spec(FIXTURE_SPEC.replace("\"w\": 24", "\"w\": 12"));
    var panels = DashboardPanels.resolve(spec, name -> java.util.Optional.empty()).panels();
    var desired =
        DashboardMapper.toSavedObject(spec.idOr("x"), spec, panels, PanelWriter.BY_REFERENCE);

    assertChanged(desired, exported, "attributes.panelsJSON[0].gridData.w");
  }

  @Test
  void whatKibana9xAddsOrReencodesIsNoChange() {
    assertSame(desired(), asKibanaReturnsIt());
  }

  @Test
  void legacyPanelFieldsAreNoChange() {
    var actual =
        withPanels(
            asKibanaReturnsIt(),
            panels ->
                panels.forEach(
                    p -> {
                      var panel = (ObjectNode) p;
                      panel.put("version", "8.10.2");
                      ((ObjectNode) panel.get("gridData")).remove("i");
                      panel.with("embeddableConfig").putObject("enhancements");
                    }));
    assertSame(desired(), actual);
  }

  @Test
  void aPanelTitleBesideEmbeddableConfigIsTheSameTitle() {
    // Before 8.19 Kibana kept a custom title next to embeddableConfig.
    var actual =
        withPanels(
            asKibanaReturnsIt(),
            panels -> {
              var overview = (ObjectNode) panels.get(1);
              overview.with("embeddableConfig").remove("title");
              overview.put("title", "Overview");
            });
    assertSame(desired(), actual);
  }

  @Test
  void panelOrderIsNoChange() {
    var actual =
        withPanels(
            asKibanaReturnsIt(),
            panels -> {
              var first = panels.remove(0);
              panels.add(first);
            });
    assertSame(desired(), actual);
  }

  @Test
  void legacyAttributesAndOptionsAreNoChange() {
    var actual =
        withAttributes(
            asKibanaReturnsIt(),
            a -> {
              a.put("hits", 0);
              a.put("optionsJSON", "{\"darkTheme\":false}");
            });
    assertSame(desired(), actual);

    var noOptions = withAttributes(asKibanaReturnsIt(), a -> a.remove("optionsJSON"));
    assertSame(desired(), noOptions);
  }

  @Test
  void legacySearchSourceFieldsAndAnEmptyLuceneQueryAreNoChange() {
    var actual =
        withSearchSource(
            asKibanaReturnsIt(),
            "{\"query\":{\"query\":\"\",\"language\":\"lucene\"},\"filter\":[],"
                + "\"highlightAll\":true,\"version\":true}");
    assertSame(desired(), actual);

    var noFilterKey = withSearchSource(asKibanaReturnsIt(), "{\"query\":{\"query\":\"\"}}");
    assertSame(desired(), noFilterKey);
  }

  @Test
  void aFiltersDisplayValueIsNoChange() {
    var spec =
        """
        {"connectionRef": {"name": "k"}, "title": "T",
         "filters": [{"meta": {"key": "Origin", "negate": false},
                      "query": {"match_phrase": {"Origin": "USA"}}}]}
        """;
    var desired = DashboardMapperTest.map(spec, Map.of());
    var actual =
        withSearchSource(
            desired,
            "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[{\"meta\":"
                + "{\"key\":\"Origin\",\"negate\":false,\"value\":\"USA\"},"
                + "\"query\":{\"match_phrase\":{\"Origin\":\"USA\"}}}]}");
    assertSame(desired, actual);
  }

  @Test
  void timesKeptWithoutTimeRestoreAreNoChange() {
    var actual =
        withAttributes(
            asKibanaReturnsIt(),
            a -> {
              a.put("timeFrom", "now-15m");
              a.put("timeTo", "now");
              a.putObject("refreshInterval").put("pause", true).put("value", 0);
            });
    assertSame(desired(), actual);

    var absent = withAttributes(asKibanaReturnsIt(), a -> a.remove("timeRestore"));
    assertSame(desired(), absent);
  }

  @Test
  void theRefreshIntervalsLegacyDisplayIsNoChange() {
    var spec =
        """
        {"connectionRef": {"name": "k"}, "title": "T", "timeRestore": true,
         "timeFrom": "now-1d", "timeTo": "now", "refreshInterval": {"pause": false, "value": 5000}}
        """;
    var desired = DashboardMapperTest.map(spec, Map.of());
    var actual =
        withAttributes(
            desired,
            a ->
                ((ObjectNode) a.get("refreshInterval"))
                    .put("display", "5 seconds")
                    .put("section", 1));
    assertSame(desired, actual);
  }

  @Test
  void everyEditInKibanaIsAChange() {
    var kibana = asKibanaReturnsIt();
    assertChanged(
        desired(),
        withPanels(kibana, p -> ((ObjectNode) p.get(0).get("gridData")).put("x", 2)),
        "attributes.panelsJSON[0].gridData.x");
    assertChanged(
        desired(),
        withPanels(
            kibana, p -> ((ObjectNode) p.get(1).get("embeddableConfig")).put("title", "Mine")),
        "attributes.panelsJSON[1].embeddableConfig.title");
    assertChanged(desired(), withPanels(kibana, p -> p.remove(1)), "attributes.panelsJSON");
    assertChanged(
        desired(),
        withPanels(
            kibana,
            p ->
                ((ObjectNode) p.get(0))
                    .with("embeddableConfig")
                    .putObject("enhancements")
                    .putObject("dynamicActions")
                    .putArray("events")
                    .addObject()
                    .put("action", "x")),
        "attributes.panelsJSON[0].embeddableConfig.enhancements");
    var reference = kibana.deepCopy();
    ((ObjectNode) reference.get("references").get(0)).put("id", "someone-else");
    assertChanged(desired(), reference, "references[0].id");
    assertChanged(
        desired(), withAttributes(kibana, a -> a.put("title", "Renamed")), "attributes.title");
    assertChanged(
        desired(),
        withAttributes(kibana, a -> a.put("optionsJSON", "{\"hidePanelTitles\":true}")),
        "attributes.optionsJSON.hidePanelTitles");
    assertChanged(
        desired(),
        withSearchSource(kibana, "{\"query\":{\"query\":\"a : 1\",\"language\":\"kuery\"}}"),
        "attributes.kibanaSavedObjectMeta.searchSourceJSON.query");
    assertChanged(
        desired(),
        withSearchSource(kibana, "{\"filter\":[{\"meta\":{},\"query\":{\"match_all\":{}}}]}"),
        "attributes.kibanaSavedObjectMeta.searchSourceJSON.filter");
    assertChanged(
        desired(),
        withAttributes(
            kibana, a -> a.put("timeRestore", true).put("timeFrom", "now-1h").put("timeTo", "now")),
        "attributes.timeRestore");
    var unmanaged = kibana.deepCopy().put("managed", false);
    assertChanged(desired(), unmanaged, "managed");
  }

  @Test
  void aChangedStoredTimeIsAChange() {
    var spec =
        """
        {"connectionRef": {"name": "k"}, "title": "T", "timeRestore": true,
         "timeFrom": "now-7d", "timeTo": "now"}
        """;
    var desired = DashboardMapperTest.map(spec, Map.of());
    assertChanged(
        desired, withAttributes(desired, a -> a.put("timeFrom", "now-30d")), "attributes.timeFrom");
  }

  @Test
  void panelsJsonThatIsNotJsonIsComparedAsText() {
    var broken = withAttributes(asKibanaReturnsIt(), a -> a.put("panelsJSON", "[{oops"));
    assertChanged(desired(), broken, "attributes.panelsJSON");
  }

  @Test
  void visualizationsAreNotTouchedByTheDashboardRules() {
    var vis = VisualizationMapper.toSavedObject("v", "V", null, "{\"$schema\":\"x\"}", true);
    var withHits = vis.deepCopy();
    ((ObjectNode) withHits.get("attributes")).put("hits", 0);
    assertThat(SavedObjectNormalizer.equivalent(vis, withHits)).isFalse();
  }
}

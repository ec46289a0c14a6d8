package io.github.kibanaobjects.sim.contract;

import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.EXPORT;
import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.importOk;
import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.ndjson;
import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.visLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dashboards through {@code _import} and {@code _export}: stored and read back as written, missing
 * panel objects accepted (Kibana validates only index-pattern and search references on import),
 * panels that are not JSON refused.
 */
class DashboardImportContractTest extends SimContractBase {
  private static final String PANELS =
      "[{\"type\":\"visualization\",\"embeddableConfig\":{},\"panelIndex\":\"1\","
          + "\"gridData\":{\"x\":0,\"y\":0,\"w\":24,\"h\":15,\"i\":\"1\"},"
          + "\"panelRefName\":\"panel_1\"}]";

  private static ObjectNode dashboardLine(String id, String panelsJson, String visId) {
    var line = obj().put("type", "dashboard").put("id", id);
    var attributes = line.putObject("attributes");
    attributes.put("title", "Cars").put("description", "").put("timeRestore", false);
    attributes.put("panelsJSON", panelsJson);
    attributes.put("optionsJSON", "{\"useMargins\":true}");
    attributes
        .putObject("kibanaSavedObjectMeta")
        .put(
            "searchSourceJSON",
            "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}");
    line.putArray("references")
        .addObject()
        .put("name", "1:panel_1")
        .put("type", "visualization")
        .put("id", visId);
    line.put("managed", true);
    line.put("coreMigrationVersion", "8.8.0");
    line.put("typeMigrationVersion", "8.7.0");
    return line;
  }

  @Test
  void aDashboardIsStoredAndExportedAsImported() {
    importOk("?overwrite=true", "x", ndjson(visLine("cars-vis", "Cars")));
    var line = dashboardLine("cars", PANELS, "cars-vis");
    var body = importOk("?overwrite=true", "x", ndjson(line));
    assertThat(body.path("success").asBoolean()).as("%s", body).isTrue();

    var resp =
        http.post(EXPORT)
            .space("x")
            .json(Map.of("objects", List.of(Map.of("type", "dashboard", "id", "cars"))))
            .send();
    var exported = resp.ndjson().get(0);
    assertThat(exported.path("attributes")).isEqualTo(line.path("attributes"));
    assertThat(exported.path("references")).isEqualTo(line.path("references"));
    assertThat(exported.path("managed").asBoolean()).isTrue();
    assertThat(exported.path("typeMigrationVersion").asText()).isNotEmpty();
  }

  @Test
  void aPanelNamingAMissingVisualizationIsImportedAsKibanaDoes() {
    var body = importOk("?overwrite=true", null, ndjson(dashboardLine("d1", PANELS, "no-such")));
    assertThat(body.path("success").asBoolean()).as("%s", body).isTrue();
    assertThat(sim.savedObject("default", "dashboard", "d1")).isPresent();
  }

  @Test
  void aMissingIndexPatternIsStillAMissingReference() {
    var line = dashboardLine("d1", PANELS, "v");
    ((com.fasterxml.jackson.databind.node.ArrayNode) line.get("references"))
        .addObject()
        .put("name", "kibanaSavedObjectMeta.searchSourceJSON.index")
        .put("type", "index-pattern")
        .put("id", "gone");
    var body = importOk("", null, ndjson(line));
    assertThat(body.path("success").asBoolean()).isFalse();
    var error = body.path("errors").get(0).path("error");
    assertThat(error.path("type").asText()).isEqualTo("missing_references");
    assertThat(error.path("references"))
        .containsExactly(obj().put("type", "index-pattern").put("id", "gone"));
    assertThat(sim.savedObject("default", "dashboard", "d1")).isEmpty();
  }

  @Test
  void panelsThatAreNotJsonFailThatObjectOnly() {
    var body =
        importOk(
            "?overwrite=true",
            null,
            ndjson(dashboardLine("broken", "[{not json", "v"), visLine("ok", "fine")));
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    var error = body.path("errors").get(0);
    assertThat(error.path("id").asText()).isEqualTo("broken");
    assertThat(error.path("error").path("type").asText()).isEqualTo("unknown");
    assertThat(error.path("error").path("statusCode").asInt()).isEqualTo(400);
    assertThat(error.path("error").path("message").asText()).contains("panelsJSON");
    assertThat(sim.savedObject("default", "dashboard", "broken")).isEmpty();
    assertThat(sim.savedObject("default", "visualization", "ok")).isPresent();
  }
}

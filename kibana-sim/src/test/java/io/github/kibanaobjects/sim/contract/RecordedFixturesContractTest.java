package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator against answers recorded from Kibana's own tests (kibana-fixtures/README.md), so it
 * is not checked only against this project's reading of the contract.
 */
class RecordedFixturesContractTest {
  static KibanaSim kibana8;
  static KibanaSim kibana9;

  @BeforeAll
  static void start() {
    kibana8 = KibanaSim.start(SimProfile.KIBANA_8_11);
    kibana9 = KibanaSim.start(SimProfile.KIBANA_9_1);
  }

  @AfterAll
  static void stop() {
    kibana8.close();
    kibana9.close();
  }

  static String text(String name) {
    try (InputStream in =
        RecordedFixturesContractTest.class.getResourceAsStream("/kibana-fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return SimHttp.JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recorded answer, with {@code _unrecognized_applications} as a role written through Kibana
   * has it: the tests wrote a {@code logstash-default} application straight into Elasticsearch,
   * which Kibana's role API cannot do.
   */
  static JsonNode throughKibana(JsonNode recorded) {
    var copy = (ObjectNode) recorded.deepCopy();
    copy.putArray("_unrecognized_applications");
    return copy;
  }

  /** The PUT body that stores what the recorded tests put into Elasticsearch. */
  static String putBody(String dashboard, String discover) {
    return """
        {"metadata": {"foo": "test-metadata"},
         "elasticsearch": {"cluster": ["manage"],
           "indices": [{"names": ["logstash-*"], "privileges": ["read", "view_index_metadata"],
                        "allow_restricted_indices": false}],
           "run_as": ["watcher_user"]},
         "kibana": [{"base": ["read"], "spaces": ["*"]},
                    {"feature": {"%s": ["read"], "%s": ["all"], "ml": ["all"]},
                     "spaces": ["marketing", "sales"]}]}
        """
        .formatted(dashboard, discover);
  }

  static SimHttp.Resp put(KibanaSim sim, String name, String body) {
    return new SimHttp(sim.baseUrl())
        .put("/api/security/role/" + name)
        .header("elastic-api-version", "2023-10-31")
        .body("application/json", body.getBytes(StandardCharsets.UTF_8))
        .send();
  }

  @Test
  void roleGetMatchesKibana8sAnswer() {
    assertThat(put(kibana8, "role_to_get", putBody("dashboard", "discover")).status())
        .isEqualTo(204);

    var answer = new SimHttp(kibana8.baseUrl()).get("/api/security/role/role_to_get").send();

    assertThat(answer.json()).isEqualTo(throughKibana(json("role_to_get.8x.get.json")));
  }

  @Test
  void roleGetMatchesKibana9sAnswerWithV2Ids() {
    assertThat(put(kibana9, "role_to_get", putBody("dashboard_v2", "discover_v2")).status())
        .isEqualTo(204);

    var answer = new SimHttp(kibana9.baseUrl()).get("/api/security/role/role_to_get").send();

    assertThat(answer.json()).isEqualTo(throughKibana(json("role_to_get.9x.get.json")));
  }

  /** On 9.x a role stored with v1 ids comes back with them unless the replacement is asked. */
  @Test
  void roleQueryOn9KeepsStoredV1Ids() {
    assertThat(put(kibana9, "role_to_query", putBody("dashboard", "discover")).status())
        .isEqualTo(204);

    var answer =
        new SimHttp(kibana9.baseUrl())
            .post("/api/security/role/_query")
            .header("elastic-api-version", "2023-10-31")
            .json(Map.of("from", 0, "size", 25, "query", "role_to_query"))
            .send()
            .json();

    var recorded = (ObjectNode) json("role_to_query.9x.query.json").deepCopy();
    var roles = recorded.putArray("roles");
    roles.add(throughKibana(json("role_to_query.9x.query.json").path("roles").get(0)));
    assertThat(answer).isEqualTo(recorded);
  }

  /**
   * An export line has exactly the keys Kibana 9's export test expects, with the values it fixes
   * (the ones it reads from the answer, such as timestamps and version, only exist).
   */
  @Test
  void exportLineHasKibana9sShape() {
    var recorded = json("dashboard_requests.9x.export.ndjson");
    var http = new SimHttp(kibana9.baseUrl());
    // the visualization the dashboard refers to, so the import has no missing references
    var panel =
        "{\"type\":\"visualization\",\"id\":\"dd7caf20-9efd-11e7-acb3-3dab96693fab\","
            + "\"attributes\":{\"title\":\"Requests panel\",\"visState\":\"{}\"},\"references\":[]}\n";
    var imported =
        http.post("/api/saved_objects/_import")
            .importFile("export.ndjson", panel + text("dashboard_requests.9x.export.ndjson"))
            .send();
    assertThat(imported.json().path("success").asBoolean()).as(imported.body()).isTrue();

    var export =
        http.post("/api/saved_objects/_export")
            .json(Map.of("type", "dashboard", "excludeExportDetails", true))
            .send();

    assertThat(export.header("content-type")).hasValue("application/ndjson");
    assertThat(export.header("content-disposition"))
        .hasValue("attachment; filename=\"export.ndjson\"");
    var line = export.json();
    assertThat(fieldNames(line)).containsExactlyInAnyOrderElementsOf(fieldNames(recorded));
    for (var fixed :
        List.of("attributes", "id", "type", "references", "coreMigrationVersion", "managed")) {
      assertThat(line.get(fixed)).as(fixed).isEqualTo(recorded.get(fixed));
    }
    for (var present : List.of("created_at", "updated_at", "version", "typeMigrationVersion")) {
      assertThat(line.path(present).asText()).as(present).isNotBlank();
    }
  }

  static List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved objects through _import, _export, _find and delete on a stateful simulator. */
class SavedObjectsApiTest {
  static final KibanaCredentials ELASTIC = new KibanaCredentials.Basic("elastic", "changeme");
  private static KibanaSim sim;

  @BeforeAll
  static void startSim() {
    sim = KibanaSim.start();
  }

  @AfterAll
  static void stopSim() {
    sim.close();
  }

  @BeforeEach
  void resetSim() {
    sim.reset();
  }

  private static SavedObjectsApi api(KibanaCredentials credentials) {
    return KibanaClient.create(KibanaEndpoint.of(sim.baseUrl(), credentials)).savedObjects();
  }

  private static SavedObjectsApi api() {
    return api(ELASTIC);
  }

  /** A Vega visualization as the mapper will produce it. */
  static ObjectNode visualization(String id, String title) {
    var object = KibanaClient.JSON.createObjectNode();
    object.put("type", "visualization").put("id", id).put("managed", true);
    var attributes = object.putObject("attributes");
    attributes.put("title", title).put("description", "").put("uiStateJSON", "{}");
    attributes.put("version", 1);
    attributes.put(
        "visState",
        "{\"title\":\""
            + title
            + "\",\"type\":\"vega\",\"aggs\":[],\"params\":{\"spec\":\"{\\\"$schema\\\":"
            + "\\\"https://vega.github.io/schema/vega-lite/v5.json\\\"}\"}}");
    attributes
        .putObject("kibanaSavedObjectMeta")
        .put(
            "searchSourceJSON",
            "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}");
    object.putArray("references");
    return object;
  }

  private static String title(ObjectNode object) {
    return object.path("attributes").path("title").asText();
  }

  /** Spaces are not the client's business yet; the tests make them directly. */
  static void createSpace(KibanaSim sim, String id) throws IOException {
    var request =
        new Request.Builder()
            .url(sim.baseUrl() + "/api/spaces/space")
            .header("Authorization", ELASTIC.authorizationHeader())
            .header("kbn-xsrf", "test")
            .header("elastic-api-version", "2023-10-31")
            .post(
                RequestBody.create(
                    "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}", KibanaClient.JSON_TYPE))
            .build();
    try (var response = new OkHttpClient().newCall(request).execute()) {
      assertThat(response.code()).as("creating space %s", id).isEqualTo(200);
    }
  }

  @Test
  void importCreatesThenOverwritesAndKeepsManaged() {
    var api = api();

    var created = api.importObjects("default", List.of(visualization("cars", "Cars")), true);
    assertThat(created.allWritten()).isTrue();
    var stored = api.get("default", "visualization", "cars").orElseThrow();
    assertThat(stored.path("attributes").path("title").asText()).isEqualTo("Cars");
    assertThat(stored.path("managed").asBoolean()).isTrue();

    var updated = api.importObjects("default", List.of(visualization("cars", "Cars v2")), true);
    assertThat(updated.outcome("visualization", "cars").orElseThrow().written()).isTrue();
    var inKibana = sim.savedObject("default", "visualization", "cars").orElseThrow();
    assertThat(title(inKibana)).isEqualTo("Cars v2");
    assertThat(inKibana.path("managed").asBoolean()).isTrue();
  }

  @Test
  void importWritesIntoTheGivenSpaceOnly() throws IOException {
    createSpace(sim, "analytics");
    var api = api();

    assertThat(
            api.importObjects("analytics", List.of(visualization("v1", "V1")), true).allWritten())
        .isTrue();

    assertThat(api.get("analytics", "visualization", "v1")).isPresent();
    assertThat(api.get("default", "visualization", "v1")).isEmpty();
    assertThat(sim.savedObject("analytics", "visualization", "v1")).isPresent();
  }

  @Test
  void perItemErrorsInsideA200AreNotLost() {
    var broken = visualization("broken", "Broken");
    broken
        .withArray("references")
        .addObject()
        .put("name", "kibanaSavedObjectMeta.searchSourceJSON.index")
        .put("type", "index-pattern")
        .put("id", "no-such-pattern");

    var result =
        api().importObjects("default", List.of(visualization("fine", "Fine"), broken), true);

    assertThat(result.allWritten()).isFalse();
    assertThat(result.outcome("visualization", "fine").orElseThrow().written()).isTrue();
    var failure = result.outcome("visualization", "broken").orElseThrow();
    assertThat(failure.status()).isEqualTo(ImportOutcome.Status.ERROR);
    assertThat(failure.errorType()).isEqualTo("missing_references");
    assertThat(failure.message()).contains("index-pattern/no-such-pattern");
    assertThat(failure.toException().reason()).isEqualTo(Reason.KIBANA_ERROR);
    assertThat(sim.savedObject("default", "visualization", "broken")).isEmpty();
  }

  @Test
  void importWithoutOverwriteReportsTheExistingObjectAsAConflict() {
    var api = api();
    api.importObjects("default", List.of(visualization("cars", "Cars")), true);

    var result = api.importObjects("default", List.of(visualization("cars", "Other")), false);

    var outcome = result.outcome("visualization", "cars").orElseThrow();
    assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.CONFLICT);
    assertThat(outcome.errorType()).isEqualTo("conflict");
    var thrown = catchThrowableOfType(OperatorException.class, result::requireAllWritten);
    assertThat(thrown.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(title(sim.savedObject("default", "visualization", "cars").orElseThrow()))
        .isEqualTo("Cars");
  }

  @Test
  void anIdTakenInAnotherSpaceIsAConflictAndTheCopyIsRemoved() throws IOException {
    createSpace(sim, "team-a");
    createSpace(sim, "team-b");
    var api = api();
    api.importObjects("team-a", List.of(visualization("shared", "Team A")), true);

    var result = api.importObjects("team-b", List.of(visualization("shared", "Team B")), true);

    var outcome = result.outcome("visualization", "shared").orElseThrow();
    assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.CONFLICT);
    assertThat(outcome.destinationId()).isNotNull().isNotEqualTo("shared");
    assertThat(outcome.copyRemoved()).isTrue();
    assertThat(sim.counters().count("DELETE", "/api/saved_objects/{type}/{id}")).isEqualTo(1);
    assertThat(outcome.message()).contains("another space", outcome.destinationId());
    assertThat(outcome.toException().reason()).isEqualTo(Reason.CONFLICT);
    assertThat(sim.savedObject("team-b", "visualization", outcome.destinationId())).isEmpty();
    assertThat(api.find("team-b", "visualization", 100)).isEmpty();
    assertThat(title(sim.savedObject("team-a", "visualization", "shared").orElseThrow()))
        .isEqualTo("Team A");
  }

  @Test
  void bulkGetLeavesOutMissingObjects() {
    var api = api();
    api.importObjects("default", List.of(visualization("a", "A"), visualization("b", "B")), true);
    var a = new SavedObjectRef("visualization", "a");
    var b = new SavedObjectRef("visualization", "b");
    var missing = new SavedObjectRef("visualization", "missing");

    var found = api.bulkGet("default", List.of(b, missing, a));

    assertThat(found.keySet()).containsExactly(b, a);
    assertThat(found.get(a).path("attributes").path("title").asText()).isEqualTo("A");
    // _export, as on serverless: the first export failed on the missing object, asked again
    assertThat(sim.counters().count("POST", "/api/saved_objects/_export")).isEqualTo(2);
    assertThat(sim.counters().count("POST", "/api/saved_objects/_bulk_get")).isZero();
  }

  @Test
  void aTypeIsExportedWholeInOneRequest() {
    var api = api();
    api.importObjects("default", List.of(visualization("a", "A"), visualization("b", "B")), true);
    api.importObjects("team-b", List.of(visualization("c", "C")), true);
    sim.counters().reset();

    var export = api.exportType("default", "visualization", List.of());

    assertThat(export.complete()).isTrue();
    assertThat(export.objects().keySet()).containsExactlyInAnyOrder("a", "b");
    assertThat(export.objects().get("b").path("attributes").path("title").asText()).isEqualTo("B");
    assertThat(sim.counters().count("POST", "/api/saved_objects/_export")).isEqualTo(1);
  }

  @Test
  void aTypeOverKibanasExportLimitIsExportedByIdInPagesOfTheLimit() {
    var api = api();
    var charts =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> visualization("v" + i, "V" + i))
            .toList();
    api.importObjects("default", charts, true);
    sim.maxImportExportSize(2);
    sim.counters().reset();

    var export = api.exportType("default", "visualization", List.of("v0", "v1", "v3", "gone"));

    assertThat(export.complete()).isFalse();
    assertThat(export.objects().keySet()).containsExactlyInAnyOrder("v0", "v1", "v3");
    // the export by type refused (5 > 2), then [gone, v0] (refused for gone, then [v0]), [v1, v3]
    assertThat(sim.counters().count("POST", "/api/saved_objects/_export")).isEqualTo(4);
  }

  @Test
  void aUserWithoutWritePrivilegeGetsForbiddenWithKibanasMessage() {
    sim.addUser("reader", "reader-pw-1", "viewer");

    var e =
        catchThrowableOfType(
            OperatorException.class,
            () ->
                api(new KibanaCredentials.Basic("reader", "reader-pw-1"))
                    .importObjects("default", List.of(visualization("cars", "Cars")), true));

    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("Unable to bulk_create visualization")
        .contains("visualize: all in space 'default'")
        .doesNotContain("reader-pw-1");
  }

  @Test
  void deleteIsIdempotent() {
    var api = api();
    api.importObjects("default", List.of(visualization("gone", "Gone")), true);

    api.delete("default", "visualization", "gone");
    assertThat(api.get("default", "visualization", "gone")).isEmpty();
    api.delete("default", "visualization", "gone");

    assertThat(sim.counters().count("DELETE", "/api/saved_objects/{type}/{id}")).isEqualTo(2);
    assertThat(sim.savedObject("default", "visualization", "gone")).isEmpty();
  }

  @Test
  void findPagesThroughEverything() {
    var api = api();
    var objects =
        List.of(
            visualization("v1", "1"),
            visualization("v2", "2"),
            visualization("v3", "3"),
            visualization("v4", "4"),
            visualization("v5", "5"));
    api.importObjects("default", objects, true);

    var found = api.find("default", "visualization", 2);

    assertThat(found)
        .extracting(o -> o.path("id").asText())
        .containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
    assertThat(sim.counters().count("GET", "/api/saved_objects/_find")).isEqualTo(3);
  }

  @Test
  void serverlessReadsThroughExportAndCannotDelete() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var api =
          KibanaClient.create(KibanaEndpoint.of(serverless.baseUrl(), ELASTIC)).savedObjects();
      api.importObjects("default", List.of(visualization("a", "A"), visualization("b", "B")), true);
      var a = new SavedObjectRef("visualization", "a");
      var b = new SavedObjectRef("visualization", "b");
      var missing = new SavedObjectRef("visualization", "missing");

      var counters = serverless.counters();
      counters.reset();

      var found = api.bulkGet("default", List.of(a, missing, b));

      assertThat(found.keySet()).containsExactly(a, b);
      assertThat(found.get(b).path("attributes").path("title").asText()).isEqualTo("B");
      assertThat(found.get(a).path("managed").asBoolean()).isTrue();
      // the first export failed on the missing object and was asked again without it
      assertThat(counters.count("POST", "/api/saved_objects/_export")).isEqualTo(2);
      assertThat(counters.count("POST", "/api/saved_objects/_bulk_get")).isZero();

      assertThat(api.get("default", "visualization", "missing")).isEmpty();
      assertThat(api.find("default", "visualization", 1))
          .extracting(o -> o.path("id").asText())
          .containsExactlyInAnyOrder("a", "b");
      assertThat(counters.count("GET", "/api/saved_objects/_find")).isZero();

      var e =
          catchThrowableOfType(
              OperatorException.class, () -> api.delete("default", "visualization", "a"));
      assertThat(e.reason()).isEqualTo(Reason.KIBANA_ERROR);
      assertThat(e.getMessage()).contains("serverless");
      assertThat(serverless.savedObject("default", "visualization", "a")).isPresent();
    }
  }
}

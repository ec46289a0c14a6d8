package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract sections 1.3 (I1, E1) and 1.8: `_import` and `_export`. */
class ImportExportContractTest extends SimContractBase {
  static final String IMPORT = "/api/saved_objects/_import";
  static final String EXPORT = "/api/saved_objects/_export";
  static final String SEED_ID = "6e130cc0-b694-11ec-8df1-41f60ea92d87";

  static ObjectNode visLine(String id, String title) {
    var line = obj().put("type", "visualization").put("id", id);
    line.set("attributes", visAttributes(title));
    line.putArray("references");
    return line;
  }

  static String ndjson(JsonNode... lines) {
    var out = new StringBuilder();
    for (var line : lines) {
      out.append(SimHttp.toJson(line)).append('\n');
    }
    return out.toString();
  }

  static String seedExport() {
    try (var in =
        ImportExportContractTest.class.getResourceAsStream("/contract/seed-export.ndjson")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode importOk(String query, String space, String content) {
    var req = http.post(IMPORT + query);
    if (space != null) {
      req.space(space);
    }
    return assertOk(req.importFile("export.ndjson", content).send());
  }

  // ---- I1 ----

  @Test
  void importCreatesObjectsAndReportsSuccessResults() {
    var body = importOk("", null, ndjson(visLine("v1", "Imported")));
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    assertThat(body.path("warnings").isArray()).isTrue();
    assertThat(body.path("warnings")).isEmpty();
    assertThat(body.has("errors")).as("errors omitted when there are none").isFalse();
    var result = body.path("successResults").get(0);
    assertThat(result.path("type").asText()).isEqualTo("visualization");
    assertThat(result.path("id").asText()).isEqualTo("v1");
    assertThat(result.path("meta").path("title").asText()).isEqualTo("Imported");
    assertThat(result.path("managed").asBoolean()).isFalse();
    assertThat(result.has("destinationId")).isFalse();
    assertThat(result.has("overwrite")).isFalse();

    var got = assertOk(http.get("/api/saved_objects/visualization/v1").send());
    assertThat(got.path("attributes")).isEqualTo(visAttributes("Imported"));
    assertThat(got.path("managed").asBoolean()).isFalse();
  }

  @Test
  void importIntoASpace() {
    createSpace("x", "Space X");
    importOk("", "x", ndjson(visLine("v1", "In X")));
    assertThat(sim.savedObject("x", "visualization", "v1")).isPresent();
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void importRejectsOtherExtensions() {
    var resp = http.post(IMPORT).importFile("export.json", ndjson(visLine("v1", "x"))).send();
    assertError(resp, 400, "Bad Request", "Invalid file extension .json");
    var txt = http.post(IMPORT).importFile("objects.txt", ndjson(visLine("v1", "x"))).send();
    assertError(txt, 400, "Bad Request", "Invalid file extension .txt");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void importExtensionCheckIgnoresCase() {
    var resp = http.post(IMPORT).importFile("EXPORT.NDJSON", ndjson(visLine("v1", "x"))).send();
    assertThat(assertOk(resp).path("successCount").asInt()).isEqualTo(1);
  }

  @Test
  void importRejectsOverwriteWithCreateNewCopies() {
    var resp =
        http.post(IMPORT + "?overwrite=true&createNewCopies=true")
            .importFile("export.ndjson", ndjson(visLine("v1", "x")))
            .send();
    assertErrorContaining(
        resp, 400, "Bad Request", "cannot use [overwrite] with [createNewCopies]");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void importRejectsCreateNewCopiesWithCompatibilityMode() {
    var resp =
        http.post(IMPORT + "?createNewCopies=true&compatibilityMode=true")
            .importFile("export.ndjson", ndjson(visLine("v1", "x")))
            .send();
    assertErrorContaining(
        resp, 400, "Bad Request", "cannot use [createNewCopies] with [compatibilityMode]");
  }

  @Test
  void importAcceptsCompatibilityModeAlone() {
    var body = importOk("?compatibilityMode=true", null, ndjson(visLine("v1", "compat")));
    assertThat(body.path("success").asBoolean()).isTrue();
  }

  @Test
  void importConflictWithoutOverwriteWritesNothing() {
    createVis(null, "v1", "original");
    var body = importOk("", null, ndjson(visLine("v1", "incoming")));
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("successCount").asInt()).isEqualTo(0);
    assertThat(body.has("successResults")).as("omitted when nothing succeeded").isFalse();
    var error = body.path("errors").get(0);
    assertThat(error.path("type").asText()).isEqualTo("visualization");
    assertThat(error.path("id").asText()).isEqualTo("v1");
    assertThat(error.path("error").path("type").asText()).isEqualTo("conflict");
    assertThat(
            sim.savedObject("default", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("original");
  }

  @Test
  void importWithOverwriteReplacesAndSaysSo() {
    createVis(null, "v1", "original");
    var body = importOk("?overwrite=true", null, ndjson(visLine("v1", "incoming")));
    assertThat(body.path("success").asBoolean()).isTrue();
    var result = body.path("successResults").get(0);
    assertThat(result.path("overwrite").asBoolean()).isTrue();
    assertThat(
            sim.savedObject("default", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("incoming");
  }

  @Test
  void importKeepsManagedTrue() {
    var body = importOk("", null, ndjson(visLine("m1", "managed").put("managed", true)));
    assertThat(body.path("successResults").get(0).path("managed").asBoolean()).isTrue();
    var got = assertOk(http.get("/api/saved_objects/visualization/m1").send());
    assertThat(got.path("managed").asBoolean()).isTrue();
  }

  @Test
  void importReportsMissingReferencesAndSkipsTheObject() {
    var line = visLine("v1", "dangling");
    line.withArray("references")
        .add(
            reference(
                "kibanaSavedObjectMeta.searchSourceJSON.index",
                "index-pattern",
                "no-such-pattern"));
    var body = importOk("", null, ndjson(line));
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.has("successResults")).isFalse();
    var error = body.path("errors").get(0);
    assertThat(error.path("id").asText()).isEqualTo("v1");
    assertThat(error.path("error").path("type").asText()).isEqualTo("missing_references");
    assertThat(error.path("error").path("references"))
        .containsExactly(obj().put("type", "index-pattern").put("id", "no-such-pattern"));
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void importResolvesReferencesWithinTheFile() {
    var dash = obj().put("type", "dashboard").put("id", "d1");
    dash.putObject("attributes")
        .put("title", "dash")
        .put(
            "panelsJSON",
            "[{\"panelIndex\":\"1\",\"gridData\":{\"x\":0,\"y\":0,\"w\":24,\"h\":15,\"i\":\"1\"},"
                + "\"embeddableConfig\":{},\"panelRefName\":\"panel_1\"}]");
    dash.putArray("references").add(reference("1:panel_1", "visualization", "v1"));
    var body = importOk("", null, ndjson(dash, visLine("v1", "panel")));
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(2);
    assertThat(sim.savedObject("default", "dashboard", "d1")).isPresent();
  }

  @Test
  void importResolvesCircularReferencesWithinTheFile() {
    var a = obj().put("type", "dashboard").put("id", "da");
    a.putObject("attributes").put("title", "A").put("panelsJSON", "[]");
    a.putArray("references").add(reference("link", "dashboard", "db"));
    var b = obj().put("type", "dashboard").put("id", "db");
    b.putObject("attributes").put("title", "B").put("panelsJSON", "[]");
    b.putArray("references").add(reference("link", "dashboard", "da"));
    var body = importOk("", null, ndjson(a, b));
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(2);
  }

  @Test
  void importResolvesReferencesToObjectsAlreadyInTheSpace() {
    var pattern = obj();
    pattern.putObject("attributes").put("title", "logs-*");
    assertOk(http.post("/api/saved_objects/index-pattern/ip-1").json(pattern).send());
    var line = visLine("v1", "uses the pattern");
    line.withArray("references")
        .add(reference("kibanaSavedObjectMeta.searchSourceJSON.index", "index-pattern", "ip-1"));
    var body = importOk("", null, ndjson(line));
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.has("errors")).isFalse();
  }

  @Test
  void importNeverStoresAnObjectWithoutId() {
    var line = obj().put("type", "visualization");
    line.set("attributes", visAttributes("no id"));
    line.putArray("references");
    var body = importOk("", null, ndjson(line));
    // Either refused for that line or given a generated id: an empty id is not gettable (G1).
    for (var result : body.path("successResults")) {
      var id =
          result.has("destinationId")
              ? result.path("destinationId").asText()
              : result.path("id").asText();
      assertThat(id).as("stored id of %s", result).isNotBlank();
      assertOk(http.get("/api/saved_objects/visualization/" + id).send());
    }
    var find = assertOk(http.get("/api/saved_objects/_find?type=visualization").send());
    for (var found : find.path("saved_objects")) {
      assertThat(found.path("id").asText()).isNotBlank();
    }
  }

  @Test
  void resolveImportErrorsRetriesAConflictWithOverwrite() {
    createVis(null, "v1", "original");
    var retries =
        "[{\"type\":\"visualization\",\"id\":\"v1\",\"overwrite\":true,"
            + "\"replaceReferences\":[]}]";
    var resp =
        http.post("/api/saved_objects/_resolve_import_errors")
            .importFile(
                Map.of("retries", retries), "export.ndjson", ndjson(visLine("v1", "resolved")))
            .send();
    var body = assertOk(resp);
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    assertThat(body.path("successResults").get(0).path("id").asText()).isEqualTo("v1");
    assertThat(
            sim.savedObject("default", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("resolved");
  }

  @Test
  void importReportsUnsupportedTypes() {
    var line = obj().put("type", "wigwags").put("id", "w1");
    line.putObject("attributes").put("title", "w");
    var body = importOk("", null, ndjson(line, visLine("v1", "ok")));
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    var error = body.path("errors").get(0);
    assertThat(error.path("type").asText()).isEqualTo("wigwags");
    assertThat(error.path("id").asText()).isEqualTo("w1");
    assertThat(error.path("error").path("type").asText()).isEqualTo("unsupported_type");
    assertThat(body.path("successResults").get(0).path("id").asText()).isEqualTo("v1");
  }

  @Test
  void importRegeneratesIdsHeldByAnotherSpace() {
    createSpace("x", "Space X");
    createVis("x", "shared", "lives in x");
    var body = importOk("", null, ndjson(visLine("shared", "wants default")));
    assertThat(body.path("success").asBoolean()).isTrue();
    var result = body.path("successResults").get(0);
    assertThat(result.path("id").asText()).isEqualTo("shared");
    var newId = result.path("destinationId").asText();
    assertThat(newId).isNotBlank().isNotEqualTo("shared");

    var got = assertOk(http.get("/api/saved_objects/visualization/" + newId).send());
    assertThat(got.path("originId").asText()).isEqualTo("shared");
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("wants default");
    assertThat(
            sim.savedObject("x", "visualization", "shared")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("lives in x");
  }

  @Test
  void reimportFindsTheRegeneratedCopyAsAConflict() {
    createSpace("x", "Space X");
    createVis("x", "shared", "lives in x");
    var file = ndjson(visLine("shared", "wants default"));
    var copyId =
        importOk("", null, file).path("successResults").get(0).path("destinationId").asText();

    var again = importOk("", null, file);
    assertThat(again.path("success").asBoolean()).isFalse();
    assertThat(again.has("successResults")).isFalse();
    assertThat(again.path("errors").get(0).path("error").path("type").asText())
        .isEqualTo("conflict");

    var overwritten = importOk("?overwrite=true", null, file);
    var result = overwritten.path("successResults").get(0);
    assertThat(result.path("overwrite").asBoolean()).isTrue();
    assertThat(result.path("destinationId").asText()).isEqualTo(copyId);
    var find = assertOk(http.get("/api/saved_objects/_find?type=visualization").send());
    assertThat(find.path("total").asInt()).as("no second copy").isEqualTo(1);
  }

  @Test
  void importWithCreateNewCopiesGivesNewIdsAndOriginId() {
    createVis(null, "orig", "original");
    var body = importOk("?createNewCopies=true", null, ndjson(visLine("orig", "copy")));
    var result = body.path("successResults").get(0);
    var newId = result.path("destinationId").asText();
    assertThat(newId).matches(UUID_V4);
    var copy = assertOk(http.get("/api/saved_objects/visualization/" + newId).send());
    assertThat(copy.path("originId").asText()).isEqualTo("orig");
    assertThat(
            sim.savedObject("default", "visualization", "orig")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("original");
  }

  @Test
  void importSkipsBlankAndExportDetailsLines() {
    var details =
        parse(
            "{\"excludedObjects\":[],\"excludedObjectsCount\":0,\"exportedCount\":1,"
                + "\"missingRefCount\":0,\"missingReferences\":[]}");
    var content = ndjson(visLine("v1", "only one")) + "\n" + ndjson(details);
    var body = importOk("", null, content);
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    assertThat(body.has("errors")).isFalse();
  }

  @Test
  void importOfTheKibana812ExportFixture() {
    var seed = seedExport();
    var body = importOk("", null, seed);
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    var result = body.path("successResults").get(0);
    assertThat(result.path("id").asText()).isEqualTo(SEED_ID);
    assertThat(result.path("meta").path("title").asText()).isEqualTo("TEST_VISUAL_PLZ_WORK");

    var original = parse(seed.lines().findFirst().orElseThrow());
    var got = assertOk(http.get("/api/saved_objects/visualization/" + SEED_ID).send());
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("TEST_VISUAL_PLZ_WORK");
    assertThat(got.path("attributes").path("visState"))
        .isEqualTo(original.path("attributes").path("visState"));
    assertThat(got.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
    assertThat(got.path("typeMigrationVersion").asText()).isNotBlank();
    SavedObjectsContractTest.seqNo(got.path("version").asText());
  }

  @Test
  void importRejectsMoreThanMaxImportExportSize() {
    var content = new StringBuilder();
    for (var i = 0; i <= 10_000; i++) {
      content
          .append("{\"type\":\"visualization\",\"id\":\"v")
          .append(i)
          .append("\",\"attributes\":{\"title\":\"t\"},\"references\":[]}\n");
    }
    var resp = http.post(IMPORT).importFile("export.ndjson", content.toString()).send();
    assertError(resp, 400, "Bad Request", "Can't import more than 10000 objects");
    assertThat(sim.savedObject("default", "visualization", "v0")).isEmpty();
  }

  // ---- E1 ----

  @Test
  void exportByObjectsWithHeadersAndDetails() {
    createVis(null, "v1", "exported");
    var resp =
        http.post(EXPORT)
            .json(Map.of("objects", List.of(Map.of("type", "visualization", "id", "v1"))))
            .send();
    assertThat(resp.status()).as("%s", resp).isEqualTo(200);
    assertThat(resp.header("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/ndjson"));
    assertThat(resp.header("content-disposition"))
        .hasValue("attachment; filename=\"export.ndjson\"");
    var lines = resp.ndjson();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("id").asText()).isEqualTo("v1");
    assertThat(lines.get(0).path("attributes")).isEqualTo(visAttributes("exported"));
    assertThat(lines.get(1))
        .isEqualTo(
            parse(
                "{\"excludedObjects\":[],\"excludedObjectsCount\":0,"
                    + "\"exportedCount\":1,\"missingRefCount\":0,\"missingReferences\":[]}"));
  }

  @Test
  void exportLinesHaveSortedKeys() {
    createVis(null, "v1", "sorted");
    var resp = http.post(EXPORT).json(Map.of("type", List.of("visualization"))).send();
    for (var line : resp.ndjson()) {
      var keys = new ArrayList<String>();
      line.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).as("keys of %s", line).isSorted();
    }
  }

  @Test
  void exportByTypeIsLimitedToTheSpace() {
    createSpace("x", "Space X");
    createVis(null, "a", "A");
    createVis(null, "b", "B");
    createVis("x", "c", "C");
    var resp = http.post(EXPORT).json(Map.of("type", List.of("visualization"))).send();
    assertThat(resp.status()).isEqualTo(200);
    var lines = resp.ndjson();
    var ids = new ArrayList<String>();
    lines.subList(0, lines.size() - 1).forEach(l -> ids.add(l.path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("a", "b");
    assertThat(lines.get(lines.size() - 1).path("exportedCount").asInt()).isEqualTo(2);
  }

  @Test
  void exportWithoutDetails() {
    createVis(null, "v1", "no details");
    var resp =
        http.post(EXPORT)
            .json(
                Map.of(
                    "objects",
                    List.of(Map.of("type", "visualization", "id", "v1")),
                    "excludeExportDetails",
                    true))
            .send();
    assertThat(resp.status()).isEqualTo(200);
    var lines = resp.ndjson();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).path("id").asText()).isEqualTo("v1");
  }

  @Test
  void exportNeedsTypeOrObjects() {
    var resp = http.post(EXPORT).json(Map.of("excludeExportDetails", true)).send();
    assertError(resp, 400, "Bad Request", "Either `type` or `objects` are required.");
  }

  @Test
  void exportWithoutBodyIsRejected() {
    var resp = http.post(EXPORT).header("Content-Type", "application/json").send();
    assertError(
        resp,
        400,
        "Bad Request",
        "[request body]: expected a plain object value, but found [null] instead.");
  }

  @Test
  void exportOfMissingObjectNamesIt() {
    createVis(null, "v1", "present");
    var resp =
        http.post(EXPORT)
            .json(
                Map.of(
                    "objects",
                    List.of(
                        Map.of("type", "visualization", "id", "v1"),
                        Map.of("type", "visualization", "id", "ghost"))))
            .send();
    var body = assertError(resp, 400, "Bad Request", "Error fetching objects to export");
    var objects = body.path("attributes").path("objects");
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).path("type").asText()).isEqualTo("visualization");
    assertThat(objects.get(0).path("id").asText()).isEqualTo("ghost");
  }

  @Test
  void exportOfNonExportableTypeIsRejected() {
    var resp = http.post(EXPORT).json(Map.of("type", List.of("wigwags"))).send();
    assertErrorShape(resp, 400, "Bad Request");
  }

  @Test
  void exportThenImportRoundTripsAfterReset() {
    createVis(null, "v1", "round trip");
    var exported = http.post(EXPORT).json(Map.of("type", List.of("visualization"))).send();
    sim.reset();
    var body = importOk("", null, exported.body());
    assertThat(body.path("successCount").asInt()).isEqualTo(1);
    assertThat(assertOk(http.get("/api/saved_objects/visualization/v1").send()).path("attributes"))
        .isEqualTo(visAttributes("round trip"));
  }
}

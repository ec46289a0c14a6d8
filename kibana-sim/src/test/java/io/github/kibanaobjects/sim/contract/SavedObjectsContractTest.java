package io.github.kibanaobjects.sim.contract;

import static io.github.kibanaobjects.sim.contract.SimHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract sections 1.2 to 1.7 and 1.9: the Saved Objects CRUD, bulk and find routes. */
class SavedObjectsContractTest extends SimContractBase {
  static final String VIS = "/api/saved_objects/visualization/";

  static long seqNo(String version) {
    var decoded = new String(Base64.getDecoder().decode(version), StandardCharsets.UTF_8);
    assertThat(decoded).as("version %s decodes to [seq_no,1]", version).matches("\\[\\d+,1\\]");
    return Long.parseLong(decoded.substring(1, decoded.indexOf(',')));
  }

  static List<String> ids(JsonNode find) {
    var out = new ArrayList<String>();
    find.path("saved_objects").forEach(o -> out.add(o.path("id").asText()));
    return out;
  }

  // ---- C1 ----

  @Test
  void createWithoutIdGeneratesUuidV4() {
    var body =
        assertOk(
            http.post("/api/saved_objects/visualization")
                .json(createBody(visAttributes("generated")))
                .send());
    assertThat(body.path("id").asText()).matches(UUID_V4);
    assertThat(body.path("type").asText()).isEqualTo("visualization");
    assertThat(body.path("attributes")).isEqualTo(visAttributes("generated"));
    assertThat(sim.savedObject("default", "visualization", body.path("id").asText())).isPresent();
  }

  @Test
  void createAddsTheServerFields() {
    var body = createVis(null, "v1", "fields");
    assertThat(body.path("namespaces")).containsExactly(text("default"));
    assertThat(body.path("updated_at").asText()).matches(ISO_MS_Z);
    assertThat(body.path("created_at").asText()).matches(ISO_MS_Z);
    seqNo(body.path("version").asText());
    assertThat(body.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
    assertThat(body.path("typeMigrationVersion").isTextual()).isTrue();
    assertThat(body.path("typeMigrationVersion").asText()).isNotBlank();
    assertThat(body.path("migrationVersion").path("visualization").isTextual()).isTrue();
    assertThat(body.path("managed").isBoolean()).isTrue();
    assertThat(body.path("managed").asBoolean()).isFalse();
    assertThat(body.path("references").isArray()).isTrue();
    assertThat(body.path("references")).isEmpty();
    assertThat(body.has("originId")).isFalse();
  }

  @Test
  void createOfUnknownTypeIsRejected() {
    var resp =
        http.post("/api/saved_objects/wigwags/w1").json(createBody(obj().put("title", "w"))).send();
    assertError(resp, 400, "Bad Request", "Unsupported saved object type: 'wigwags': Bad Request");
  }

  @Test
  void createWithoutAttributesIsRejected() {
    var resp = http.post(VIS + "v1").json(Map.of("references", List.of())).send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).startsWith("[request body.attributes]");
  }

  @Test
  void createWithNoBodyIsRejected() {
    var resp = http.post(VIS + "v1").send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).startsWith("[request body");
  }

  @Test
  void createBodyIsStrict() {
    for (var key : List.of("managed", "id", "namespaces", "version")) {
      var body = createBody(visAttributes("strict")).put(key, "x");
      if (key.equals("managed")) {
        body.put("managed", true);
      }
      var resp = http.post(VIS + "strict").json(body).send();
      var err = assertErrorShape(resp, 400, "Bad Request");
      assertThat(err.path("message").asText())
          .as("key %s", key)
          .startsWith("[request body." + key + "]");
    }
    assertThat(sim.savedObject("default", "visualization", "strict")).isEmpty();
  }

  @Test
  void createQueryAllowsOnlyOverwrite() {
    var resp = http.post(VIS + "v1?foo=bar").json(createBody(visAttributes("q"))).send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).startsWith("[request query.foo]");
  }

  @Test
  void createRejectsIncompleteReferences() {
    var body = createBody(visAttributes("refs"));
    body.putArray("references").add(obj().put("name", "r").put("type", "index-pattern"));
    var err = assertErrorShape(http.post(VIS + "v1").json(body).send(), 400, "Bad Request");
    assertThat(err.path("message").asText()).startsWith("[request body.references");
  }

  @Test
  void createKeepsUnknownAttributeKeysAndReferences() {
    var body = createBody(visAttributes("extra").put("operatorOwned", "yes"));
    body.putArray("references").add(reference("ref_0", "index-pattern", "ip-1"));
    var created = assertOk(http.post(VIS + "v1").json(body).send());
    assertThat(created.path("attributes").path("operatorOwned").asText()).isEqualTo("yes");
    var got = assertOk(http.get(VIS + "v1").send());
    assertThat(got.path("attributes").path("operatorOwned").asText()).isEqualTo("yes");
    assertThat(got.path("references")).containsExactly(reference("ref_0", "index-pattern", "ip-1"));
  }

  @Test
  void createLimitsInitialNamespacesAndReferences() {
    var noSpaces = createBody(visAttributes("x"));
    noSpaces.putArray("initialNamespaces");
    var err = assertErrorShape(http.post(VIS + "v1").json(noSpaces).send(), 400, "Bad Request");
    assertThat(err.path("message").asText()).startsWith("[request body.initialNamespaces");

    var tooMany = createBody(visAttributes("x"));
    var refs = tooMany.putArray("references");
    for (var i = 0; i <= 1000; i++) {
      refs.add(reference("r" + i, "index-pattern", "ip-" + i));
    }
    err = assertErrorShape(http.post(VIS + "v1").json(tooMany).send(), 400, "Bad Request");
    assertThat(err.path("message").asText()).startsWith("[request body.references");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void attributeStringsAreStoredWithoutValidation() {
    // Vega specs and panels are only checked when rendered (contract 2.1, 3.2).
    var vis = visAttributes("broken spec").put("visState", "{this is not json");
    var created = assertOk(http.post(VIS + "v1").json(createBody(vis)).send());
    assertThat(created.path("attributes").path("visState").asText()).isEqualTo("{this is not json");
    var dash =
        obj()
            .put("title", "dangling panel")
            .put(
                "panelsJSON",
                "[{\"panelIndex\":\"1\",\"gridData\":{\"x\":0,\"y\":0,\"w\":24,\"h\":15,"
                    + "\"i\":\"1\"},\"embeddableConfig\":{},\"panelRefName\":\"panel_1\"}]");
    assertOk(http.post("/api/saved_objects/dashboard/d1").json(createBody(dash)).send());
    assertThat(assertOk(http.get("/api/saved_objects/dashboard/d1").send()).path("attributes"))
        .isEqualTo(dash);
  }

  @Test
  void createKeepsCoreMigrationVersion880() {
    var body = createBody(visAttributes("mig")).put("coreMigrationVersion", "8.8.0");
    var created = assertOk(http.post(VIS + "v1").json(body).send());
    assertThat(created.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
  }

  @Test
  void createWithInitialNamespacesStoresInThatSpace() {
    createSpace("marketing", "Marketing");
    var body = createBody(visAttributes("elsewhere"));
    body.putArray("initialNamespaces").add("marketing");
    var created = assertOk(http.post(VIS + "v1").json(body).send());
    assertThat(created.path("namespaces")).containsExactly(text("marketing"));
    assertOk(http.get(VIS + "v1").space("marketing").send());
  }

  @Test
  void createAcceptsMigrationFieldsReadFromGet() {
    var first = createVis(null, "v1", "first");
    var body =
        createBody(visAttributes("second"))
            .put("coreMigrationVersion", first.path("coreMigrationVersion").asText())
            .put("typeMigrationVersion", first.path("typeMigrationVersion").asText());
    body.set("migrationVersion", first.path("migrationVersion"));
    var resp = assertOk(http.post(VIS + "v1?overwrite=true").json(body).send());
    assertThat(resp.path("typeMigrationVersion")).isEqualTo(first.path("typeMigrationVersion"));
    assertThat(resp.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
    assertThat(resp.path("attributes").path("title").asText()).isEqualTo("second");
  }

  @Test
  void bulkCreateCannotSetManaged() {
    var item = obj().put("type", "visualization").put("id", "m1").put("managed", true);
    item.set("attributes", visAttributes("managed?"));
    var resp = http.post("/api/saved_objects/_bulk_create").json(List.of(item)).send();
    if (resp.status() == 200) {
      var stored = sim.savedObject("default", "visualization", "m1");
      stored.ifPresent(o -> assertThat(o.path("managed").asBoolean()).isFalse());
    } else {
      assertErrorShape(resp, 400, "Bad Request");
      assertThat(sim.savedObject("default", "visualization", "m1")).isEmpty();
    }
  }

  // ---- C2 / C3 ----

  @Test
  void createWithIdKeepsTheId() {
    var created = createVis(null, "my-vis", "named");
    assertThat(created.path("id").asText()).isEqualTo("my-vis");
  }

  @Test
  void createOfAnExistingIdIsAConflict() {
    createVis(null, "v1", "first");
    var resp = http.post(VIS + "v1").json(createBody(visAttributes("second"))).send();
    assertError(resp, 409, "Conflict", "Saved object [visualization/v1] conflict");
    assertThat(
            sim.savedObject("default", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("first");
  }

  @Test
  void overwriteReplacesEverything() {
    var first = createVis(null, "v1", "first");
    var replacement = createBody(obj().put("title", "second"));
    var resp = assertOk(http.post(VIS + "v1?overwrite=true").json(replacement).send());
    assertThat(resp.path("attributes")).isEqualTo(obj().put("title", "second"));
    assertThat(seqNo(resp.path("version").asText()))
        .isGreaterThan(seqNo(first.path("version").asText()));
    var got = assertOk(http.get(VIS + "v1").send());
    assertThat(got.path("attributes").has("visState")).as("old attributes are gone").isFalse();
  }

  @Test
  void sameIdInAnotherSpaceIsAConflictForMultipleIsolatedTypes() {
    createSpace("x", "Space X");
    createVis("x", "shared", "in x");
    assertErrorShape(
        http.post(VIS + "shared").json(createBody(visAttributes("default"))).send(),
        409,
        "Conflict");
    assertErrorShape(
        http.post(VIS + "shared?overwrite=true").json(createBody(visAttributes("default"))).send(),
        409,
        "Conflict");
    assertThat(sim.savedObject("default", "visualization", "shared")).isEmpty();
    assertThat(
            sim.savedObject("x", "visualization", "shared")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("in x");
  }

  @Test
  void dashboardIsMultipleIsolatedToo() {
    createSpace("x", "Space X");
    var dash = createBody(obj().put("title", "d").put("panelsJSON", "[]"));
    assertOk(http.post("/api/saved_objects/dashboard/d1").space("x").json(dash).send());
    assertErrorShape(
        http.post("/api/saved_objects/dashboard/d1").json(dash).send(), 409, "Conflict");
  }

  @Test
  void concurrentCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
    var statuses =
        parallel(
            12,
            i ->
                http.post(VIS + "race")
                    .json(createBody(visAttributes("racer " + i)))
                    .send()
                    .status());
    assertThat(statuses).containsOnly(200, 409);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
  }

  @Test
  void concurrentUpdatesWithoutVersionAllApply() throws Exception {
    var start = seqNo(createVis(null, "v1", "counter").path("version").asText());
    var statuses =
        parallel(
            12,
            i -> http.put(VIS + "v1").json(createBody(obj().put("field" + i, i))).send().status());
    assertThat(statuses).containsOnly(200);
    var got = assertOk(http.get(VIS + "v1").send());
    for (var i = 0; i < 12; i++) {
      assertThat(got.path("attributes").path("field" + i).asInt()).as("field%d", i).isEqualTo(i);
    }
    assertThat(seqNo(got.path("version").asText())).isGreaterThanOrEqualTo(start + 12);
  }

  // ---- G1 ----

  @Test
  void getReturnsWhatCreateReturned() {
    var created = createVis(null, "v1", "round trip");
    var got = assertOk(http.get(VIS + "v1").send());
    for (var field :
        List.of(
            "id",
            "type",
            "namespaces",
            "updated_at",
            "created_at",
            "version",
            "coreMigrationVersion",
            "typeMigrationVersion",
            "migrationVersion",
            "managed",
            "attributes",
            "references")) {
      assertThat(got.path(field)).as(field).isEqualTo(created.path(field));
    }
  }

  @Test
  void getOfMissingObjectIs404() {
    assertError(
        http.get(VIS + "nope").send(),
        404,
        "Not Found",
        "Saved object [visualization/nope] not found");
  }

  @Test
  void getOfObjectInAnotherSpaceIs404() {
    createSpace("x", "Space X");
    createVis("x", "v1", "x only");
    assertError(
        http.get(VIS + "v1").send(), 404, "Not Found", "Saved object [visualization/v1] not found");
  }

  @Test
  void getOfUnknownTypeIs404() {
    assertError(
        http.get("/api/saved_objects/wigwags/w1").send(),
        404,
        "Not Found",
        "Saved object [wigwags/w1] not found");
  }

  // ---- U1 ----

  @Test
  void updateReturnsThePartialObjectOnly() {
    var created = createVis(null, "v1", "before");
    var resp =
        assertOk(http.put(VIS + "v1").json(createBody(obj().put("description", "after"))).send());
    assertThat(resp.path("id").asText()).isEqualTo("v1");
    assertThat(resp.path("type").asText()).isEqualTo("visualization");
    assertThat(resp.path("namespaces")).containsExactly(text("default"));
    assertThat(resp.path("updated_at").asText()).matches(ISO_MS_Z);
    assertThat(resp.path("attributes")).isEqualTo(obj().put("description", "after"));
    assertThat(seqNo(resp.path("version").asText()))
        .isGreaterThan(seqNo(created.path("version").asText()));
    for (var absent :
        List.of(
            "migrationVersion",
            "typeMigrationVersion",
            "coreMigrationVersion",
            "managed",
            "created_at",
            "references")) {
      assertThat(resp.has(absent)).as("update response has no %s", absent).isFalse();
    }
  }

  @Test
  void updateMergesAttributes() {
    createVis(null, "v1", "kept title");
    assertOk(http.put(VIS + "v1").json(createBody(obj().put("description", "new"))).send());
    var got = assertOk(http.get(VIS + "v1").send());
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("kept title");
    assertThat(got.path("attributes").path("description").asText()).isEqualTo("new");
    assertThat(got.path("attributes").path("visState").isTextual()).isTrue();
  }

  @Test
  void updateWithoutReferencesKeepsThemAndOmitsTheKey() {
    var body = createBody(visAttributes("refs"));
    body.putArray("references").add(reference("r0", "index-pattern", "ip-1"));
    assertOk(http.post(VIS + "v1").json(body).send());

    var resp = assertOk(http.put(VIS + "v1").json(createBody(obj().put("title", "t"))).send());
    assertThat(resp.has("references")).isFalse();
    assertThat(assertOk(http.get(VIS + "v1").send()).path("references"))
        .containsExactly(reference("r0", "index-pattern", "ip-1"));
  }

  @Test
  void updateWithReferencesReplacesThem() {
    var body = createBody(visAttributes("refs"));
    body.putArray("references").add(reference("r0", "index-pattern", "ip-1"));
    assertOk(http.post(VIS + "v1").json(body).send());

    var update = createBody(obj().put("title", "t"));
    update.putArray("references").add(reference("r1", "index-pattern", "ip-2"));
    var resp = assertOk(http.put(VIS + "v1").json(update).send());
    assertThat(resp.path("references")).containsExactly(reference("r1", "index-pattern", "ip-2"));
    assertThat(assertOk(http.get(VIS + "v1").send()).path("references"))
        .containsExactly(reference("r1", "index-pattern", "ip-2"));
  }

  @Test
  void updateWithCurrentVersionSucceedsAndStaleVersionConflicts() {
    var created = createVis(null, "v1", "occ");
    var version = created.path("version").asText();
    var first =
        assertOk(
            http.put(VIS + "v1")
                .json(createBody(obj().put("title", "one")).put("version", version))
                .send());
    assertThat(first.path("version").asText()).isNotEqualTo(version);

    var stale =
        http.put(VIS + "v1")
            .json(createBody(obj().put("title", "two")).put("version", version))
            .send();
    assertErrorShape(stale, 409, "Conflict");
    assertThat(
            sim.savedObject("default", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("one");
  }

  @Test
  void updateResponseCarriesOriginIdWhenTheObjectHasOne() {
    var line = obj().put("type", "visualization").put("id", "orig");
    line.set("attributes", visAttributes("copy"));
    line.putArray("references");
    var imported =
        assertOk(
            http.post("/api/saved_objects/_import?createNewCopies=true")
                .importFile("export.ndjson", SimHttp.toJson(line))
                .send());
    var newId = imported.path("successResults").get(0).path("destinationId").asText();
    var resp = assertOk(http.put(VIS + newId).json(createBody(obj().put("title", "t"))).send());
    assertThat(resp.path("originId").asText()).isEqualTo("orig");
  }

  @Test
  void updateWithMalformedVersionIsRejected() {
    createVis(null, "v1", "occ");
    var resp =
        http.put(VIS + "v1")
            .json(createBody(obj().put("title", "x")).put("version", "not-a-version"))
            .send();
    assertErrorShape(resp, 400, "Bad Request");
  }

  @Test
  void updateOfMissingObjectIs404() {
    var resp = http.put(VIS + "nope").json(createBody(obj().put("title", "x"))).send();
    assertError(resp, 404, "Not Found", "Saved object [visualization/nope] not found");
    assertThat(sim.savedObject("default", "visualization", "nope")).isEmpty();
  }

  @Test
  void updateWithUpsertCreatesFromTheUpsertAttributes() {
    var body = createBody(obj().put("title", "ignored attributes"));
    body.set("upsert", visAttributes("from upsert"));
    assertOk(http.put(VIS + "up1").json(body).send());
    var got = assertOk(http.get(VIS + "up1").send());
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("from upsert");
  }

  @Test
  void updateWithUpsertOfExistingObjectIsANormalUpdate() {
    createVis(null, "up1", "existing");
    var body = createBody(obj().put("description", "updated"));
    body.set("upsert", visAttributes("not used"));
    assertOk(http.put(VIS + "up1").json(body).send());
    var got = assertOk(http.get(VIS + "up1").send());
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("existing");
    assertThat(got.path("attributes").path("description").asText()).isEqualTo("updated");
  }

  @Test
  void updateBodyIsStrict() {
    createVis(null, "v1", "strict");
    var resp =
        http.put(VIS + "v1").json(createBody(obj().put("title", "x")).put("type", "x")).send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).startsWith("[request body.type]");
  }

  @Test
  void everyWriteChangesTheVersion() {
    var v0 = createVis(null, "v1", "a").path("version").asText();
    var v1 =
        assertOk(http.put(VIS + "v1").json(createBody(obj().put("title", "b"))).send())
            .path("version")
            .asText();
    var v2 =
        assertOk(http.put(VIS + "v1").json(createBody(obj().put("title", "c"))).send())
            .path("version")
            .asText();
    assertThat(seqNo(v1)).isGreaterThan(seqNo(v0));
    assertThat(seqNo(v2)).isGreaterThan(seqNo(v1));
    assertThat(assertOk(http.get(VIS + "v1").send()).path("version").asText()).isEqualTo(v2);
  }

  // ---- resolve / _bulk_resolve (1.1: still served) ----

  @Test
  void resolveFindsAnExactMatch() {
    createVis(null, "v1", "resolvable");
    var body = assertOk(http.get("/api/saved_objects/resolve/visualization/v1").send());
    assertThat(body.path("outcome").asText()).isEqualTo("exactMatch");
    assertThat(body.path("saved_object").path("id").asText()).isEqualTo("v1");
    assertThat(body.path("saved_object").path("attributes").path("title").asText())
        .isEqualTo("resolvable");
    assertError(
        http.get("/api/saved_objects/resolve/visualization/nope").send(),
        404,
        "Not Found",
        "Saved object [visualization/nope] not found");
  }

  @Test
  void bulkResolveKeepsOrder() {
    createVis(null, "v1", "resolvable");
    var body =
        assertOk(
            http.post("/api/saved_objects/_bulk_resolve")
                .json(
                    List.of(
                        Map.of("type", "visualization", "id", "v1"),
                        Map.of("type", "visualization", "id", "nope")))
                .send());
    var resolved = body.path("resolved_objects");
    assertThat(resolved).hasSize(2);
    assertThat(resolved.get(0).path("outcome").asText()).isEqualTo("exactMatch");
    assertThat(resolved.get(0).path("saved_object").path("id").asText()).isEqualTo("v1");
    assertThat(resolved.get(1).path("saved_object").path("error").path("statusCode").asInt())
        .isEqualTo(404);
  }

  // ---- D1 ----

  @Test
  void deleteReturnsEmptyObjectAndRemoves() {
    createVis(null, "v1", "doomed");
    var body = assertOk(http.delete(VIS + "v1").send());
    assertThat(body.isObject()).isTrue();
    assertThat(body.isEmpty()).isTrue();
    assertError(
        http.get(VIS + "v1").send(), 404, "Not Found", "Saved object [visualization/v1] not found");
  }

  @Test
  void deleteOfMissingObjectIs404() {
    assertError(
        http.delete(VIS + "nope").send(),
        404,
        "Not Found",
        "Saved object [visualization/nope] not found");
  }

  @Test
  void deleteOfObjectInSeveralSpacesNeedsForce() {
    createSpace("x", "Space X");
    var pattern = createBody(obj().put("title", "logs-*"));
    pattern.putArray("initialNamespaces").add("default").add("x");
    var created = assertOk(http.post("/api/saved_objects/index-pattern/ip-1").json(pattern).send());
    assertThat(created.path("namespaces")).containsExactlyInAnyOrder(text("default"), text("x"));

    assertErrorShape(
        http.delete("/api/saved_objects/index-pattern/ip-1").send(), 400, "Bad Request");
    assertThat(sim.savedObject("x", "index-pattern", "ip-1")).isPresent();
    assertOk(http.delete("/api/saved_objects/index-pattern/ip-1?force=true").send());
    assertThat(sim.savedObject("default", "index-pattern", "ip-1")).isEmpty();
    assertThat(sim.savedObject("x", "index-pattern", "ip-1")).isEmpty();
  }

  @Test
  void deleteWithForceIsAccepted() {
    createVis(null, "v1", "forced");
    assertOk(http.delete(VIS + "v1?force=true").send());
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  // ---- bulk ----

  @Test
  void bulkGetKeepsOrderAndReportsMissingPerItem() {
    createVis(null, "a", "A");
    createVis(null, "c", "C");
    var resp =
        assertOk(
            http.post("/api/saved_objects/_bulk_get")
                .json(
                    List.of(
                        Map.of("type", "visualization", "id", "c"),
                        Map.of("type", "visualization", "id", "missing"),
                        Map.of("type", "visualization", "id", "a")))
                .send());
    var items = resp.path("saved_objects");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).path("attributes").path("title").asText()).isEqualTo("C");
    assertThat(items.get(1).path("id").asText()).isEqualTo("missing");
    assertThat(items.get(1).path("type").asText()).isEqualTo("visualization");
    var error = items.get(1).path("error");
    assertThat(error.path("statusCode").asInt()).isEqualTo(404);
    assertThat(error.path("error").asText()).isEqualTo("Not Found");
    assertThat(error.path("message").asText())
        .isEqualTo("Saved object [visualization/missing] not found");
    assertThat(items.get(2).path("version").isTextual()).isTrue();
  }

  @Test
  void bulkGetReportsUnknownTypePerItem() {
    createVis(null, "a", "A");
    var resp =
        assertOk(
            http.post("/api/saved_objects/_bulk_get")
                .json(
                    List.of(
                        Map.of("type", "wigwags", "id", "w"),
                        Map.of("type", "visualization", "id", "a")))
                .send());
    var items = resp.path("saved_objects");
    assertThat(items.get(0).path("id").asText()).isEqualTo("w");
    assertThat(items.get(0).path("error").path("statusCode").isInt()).isTrue();
    assertThat(items.get(1).path("attributes").path("title").asText()).isEqualTo("A");
  }

  @Test
  void bulkCreateReportsConflictsPerItemInside200() {
    createVis(null, "taken", "old");
    var fresh = obj().put("type", "visualization").put("id", "fresh");
    fresh.set("attributes", visAttributes("fresh"));
    var taken = obj().put("type", "visualization").put("id", "taken");
    taken.set("attributes", visAttributes("new"));
    var resp =
        assertOk(http.post("/api/saved_objects/_bulk_create").json(List.of(fresh, taken)).send());
    var items = resp.path("saved_objects");
    assertThat(items.get(0).path("id").asText()).isEqualTo("fresh");
    assertThat(items.get(0).has("error")).isFalse();
    assertThat(items.get(0).path("namespaces")).containsExactly(text("default"));
    assertThat(items.get(1).path("id").asText()).isEqualTo("taken");
    assertThat(items.get(1).path("error"))
        .isEqualTo(
            obj()
                .put("statusCode", 409)
                .put("error", "Conflict")
                .put("message", "Saved object [visualization/taken] conflict"));
    assertThat(
            sim.savedObject("default", "visualization", "taken")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("old");
  }

  @Test
  void bulkCreateWithOverwriteReplaces() {
    createVis(null, "taken", "old");
    var taken = obj().put("type", "visualization").put("id", "taken");
    taken.set("attributes", visAttributes("new"));
    var resp =
        assertOk(
            http.post("/api/saved_objects/_bulk_create?overwrite=true")
                .json(List.of(taken))
                .send());
    assertThat(resp.path("saved_objects").get(0).has("error")).isFalse();
    assertThat(
            sim.savedObject("default", "visualization", "taken")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("new");
  }

  @Test
  void bulkDeleteReportsMissingPerItemInside200() {
    createVis(null, "a", "A");
    var resp =
        assertOk(
            http.post("/api/saved_objects/_bulk_delete")
                .json(
                    List.of(
                        Map.of("type", "visualization", "id", "a"),
                        Map.of("type", "visualization", "id", "missing")))
                .send());
    var statuses = resp.path("statuses");
    assertThat(statuses).hasSize(2);
    assertThat(statuses.get(0).path("id").asText()).isEqualTo("a");
    assertThat(statuses.get(0).path("success").asBoolean()).isTrue();
    assertThat(statuses.get(1).path("success").asBoolean()).isFalse();
    assertThat(statuses.get(1).path("error").path("statusCode").asInt()).isEqualTo(404);
    assertThat(sim.savedObject("default", "visualization", "a")).isEmpty();
  }

  // ---- F1 ----

  @Test
  void findRequiresType() {
    var body = assertErrorShape(http.get("/api/saved_objects/_find").send(), 400, "Bad Request");
    assertThat(body.path("message").asText()).startsWith("[request query.type]");
  }

  @Test
  void findDefaultsToPage1Of20() {
    createVis(null, "a", "A");
    var body = assertOk(http.get("/api/saved_objects/_find?type=visualization").send());
    assertThat(body.path("page").asInt()).isEqualTo(1);
    assertThat(body.path("per_page").asInt()).isEqualTo(20);
    assertThat(body.path("total").asInt()).isEqualTo(1);
    var found = body.path("saved_objects").get(0);
    assertThat(found.path("id").asText()).isEqualTo("a");
    assertThat(found.path("version").isTextual()).isTrue();
    assertThat(found.path("namespaces")).containsExactly(text("default"));
  }

  @Test
  void findPages() {
    for (var i = 1; i <= 5; i++) {
      createVis(null, "v" + i, "Vis " + i);
    }
    var seen = new ArrayList<String>();
    for (var page = 1; page <= 3; page++) {
      var body =
          assertOk(
              http.get("/api/saved_objects/_find?type=visualization&per_page=2&page=" + page)
                  .send());
      assertThat(body.path("page").asInt()).isEqualTo(page);
      assertThat(body.path("per_page").asInt()).isEqualTo(2);
      assertThat(body.path("total").asInt()).isEqualTo(5);
      assertThat(body.path("saved_objects")).hasSize(page < 3 ? 2 : 1);
      seen.addAll(ids(body));
    }
    assertThat(seen).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
  }

  @Test
  void findPerPageZeroReturnsOnlyTheTotal() {
    createVis(null, "a", "A");
    createVis(null, "b", "B");
    var body = assertOk(http.get("/api/saved_objects/_find?type=visualization&per_page=0").send());
    assertThat(body.path("total").asInt()).isEqualTo(2);
    assertThat(body.path("saved_objects")).isEmpty();
  }

  @Test
  void findPerPageZeroWithAggsReturnsAggregations() {
    createVis(null, "a", "Alpha");
    createVis(null, "b", "Beta");
    assertOk(http.put(VIS + "b").json(createBody(obj().put("version", 3))).send());
    var aggs = enc("{\"newest\":{\"max\":{\"field\":\"visualization.attributes.version\"}}}");
    var body =
        assertOk(
            http.get("/api/saved_objects/_find?type=visualization&per_page=0&aggs=" + aggs).send());
    assertThat(body.path("total").asInt()).isEqualTo(2);
    assertThat(body.path("saved_objects")).isEmpty();
    assertThat(body.path("aggregations").path("newest").path("value").asDouble())
        .as("aggregations in %s", body)
        .isEqualTo(3.0);
  }

  @Test
  void findSearchesTitles() {
    createVis(null, "a", "Alpha chart");
    createVis(null, "b", "Beta chart");
    createVis(null, "c", "Alphabet soup");
    var exact =
        assertOk(
            http.get(
                    "/api/saved_objects/_find?type=visualization"
                        + "&search_fields=title&search="
                        + enc("\"Beta chart\""))
                .send());
    assertThat(ids(exact)).containsExactly("b");
    var word =
        assertOk(
            http.get(
                    "/api/saved_objects/_find?type=visualization"
                        + "&search_fields=title&search=Alpha")
                .send());
    assertThat(ids(word)).contains("a").doesNotContain("b");
    var prefix =
        assertOk(
            http.get(
                    "/api/saved_objects/_find?type=visualization"
                        + "&search_fields=title&search="
                        + enc("Alph*"))
                .send());
    assertThat(ids(prefix)).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void findSearchOperator() {
    createVis(null, "a", "Alpha chart");
    createVis(null, "b", "Beta chart");
    createVis(null, "c", "Alpha soup");
    var search = "&search_fields=title&search=" + enc("Alpha chart");
    var or = assertOk(http.get("/api/saved_objects/_find?type=visualization" + search).send());
    assertThat(ids(or)).containsExactlyInAnyOrder("a", "b", "c");
    var and =
        assertOk(
            http.get(
                    "/api/saved_objects/_find?type=visualization"
                        + search
                        + "&default_search_operator=AND")
                .send());
    assertThat(ids(and)).containsExactly("a");
  }

  @Test
  void findFieldsLimitsAttributesButKeepsRootFields() {
    createVis(null, "a", "Alpha");
    var body =
        assertOk(http.get("/api/saved_objects/_find?type=visualization&fields=title").send());
    var found = body.path("saved_objects").get(0);
    assertThat(found.path("attributes")).isEqualTo(obj().put("title", "Alpha"));
    assertThat(found.path("id").asText()).isEqualTo("a");
    assertThat(found.path("type").asText()).isEqualTo("visualization");
    assertThat(found.path("version").isTextual()).isTrue();
  }

  @Test
  void findHasReference() {
    var withRef = createBody(visAttributes("with"));
    withRef.putArray("references").add(reference("r", "index-pattern", "ip-1"));
    assertOk(http.post(VIS + "with").json(withRef).send());
    createVis(null, "without", "without");
    var filter = enc("{\"type\":\"index-pattern\",\"id\":\"ip-1\"}");
    var body =
        assertOk(
            http.get("/api/saved_objects/_find?type=visualization&has_reference=" + filter).send());
    assertThat(ids(body)).containsExactly("with");
  }

  @Test
  void findOfUnknownTypeIsEmpty200() {
    createVis(null, "a", "A");
    var body = assertOk(http.get("/api/saved_objects/_find?type=wigwags").send());
    assertThat(body)
        .isEqualTo(parse("{\"page\":1,\"per_page\":20,\"total\":0,\"saved_objects\":[]}"));
  }

  @Test
  void findSeesOnlyTheRequestSpace() {
    createSpace("x", "Space X");
    createVis(null, "d", "default one");
    createVis("x", "x1", "x one");
    var inX = assertOk(http.get("/api/saved_objects/_find?type=visualization").space("x").send());
    assertThat(ids(inX)).containsExactly("x1");
  }

  @Test
  void findAcceptsSeveralTypes() {
    createVis(null, "v", "vis");
    assertOk(
        http.post("/api/saved_objects/dashboard/d")
            .json(createBody(obj().put("title", "dash").put("panelsJSON", "[]")))
            .send());
    var body =
        assertOk(http.get("/api/saved_objects/_find?type=visualization&type=dashboard").send());
    assertThat(ids(body)).containsExactlyInAnyOrder("v", "d");
  }

  @Test
  void findFilterOnATypeNotRequestedIsRejected() {
    var resp =
        http.get(
                "/api/saved_objects/_find?type=visualization&filter="
                    + enc("dashboard.attributes.title:foo"))
            .send();
    assertError(resp, 400, "Bad Request", "This type dashboard is not allowed: Bad Request");
  }

  @Test
  void findRejectsNegativePaging() {
    assertErrorContaining(
        http.get("/api/saved_objects/_find?type=visualization&per_page=-1").send(),
        400,
        "Bad Request",
        "per_page");
    assertErrorContaining(
        http.get("/api/saved_objects/_find?type=visualization&page=-1").send(),
        400,
        "Bad Request",
        "page");
  }

  @Test
  void findBeyondMaxResultWindowIsRejected() {
    createVis(null, "a", "A");
    // from + size = 10,000 + 100 exceeds ES max_result_window; the text is [unsure]
    assertErrorShape(
        http.get("/api/saved_objects/_find?type=visualization&per_page=100&page=101").send(),
        400,
        "Bad Request");
    assertErrorShape(
        http.get("/api/saved_objects/_find?type=visualization&per_page=10001").send(),
        400,
        "Bad Request");
    assertOk(http.get("/api/saved_objects/_find?type=visualization&per_page=100&page=100").send());
  }

  @Test
  void findAcrossAllSpaces() {
    createSpace("x", "Space X");
    createVis(null, "d", "default one");
    createVis("x", "x1", "x one");
    var body =
        assertOk(http.get("/api/saved_objects/_find?type=visualization&namespaces=*").send());
    assertThat(ids(body)).containsExactlyInAnyOrder("d", "x1");
    for (var found : body.path("saved_objects")) {
      var expected = found.path("id").asText().equals("d") ? "default" : "x";
      assertThat(found.path("namespaces")).containsExactly(text(expected));
    }
  }

  @Test
  void findHasReferenceArrayWithAndOperator() {
    var both = createBody(visAttributes("both"));
    both.putArray("references")
        .add(reference("a", "index-pattern", "ip-1"))
        .add(reference("b", "index-pattern", "ip-2"));
    assertOk(http.post(VIS + "both").json(both).send());
    var one = createBody(visAttributes("one"));
    one.putArray("references").add(reference("a", "index-pattern", "ip-1"));
    assertOk(http.post(VIS + "one").json(one).send());
    var refs =
        enc(
            "[{\"type\":\"index-pattern\",\"id\":\"ip-1\"},"
                + "{\"type\":\"index-pattern\",\"id\":\"ip-2\"}]");
    var and =
        assertOk(
            http.get(
                    "/api/saved_objects/_find?type=visualization&has_reference="
                        + refs
                        + "&has_reference_operator=AND")
                .send());
    assertThat(ids(and)).containsExactly("both");
    var or =
        assertOk(
            http.get("/api/saved_objects/_find?type=visualization&has_reference=" + refs).send());
    assertThat(ids(or)).containsExactlyInAnyOrder("both", "one");
  }

  @Test
  void findWithBadKqlFilterIsRejected() {
    var resp =
        http.get(
                "/api/saved_objects/_find?type=visualization&filter="
                    + enc("visualization.attributes.title:("))
            .send();
    assertErrorShape(resp, 400, "Bad Request");
  }

  @Test
  void findHasNoReference() {
    var withRef = createBody(visAttributes("with"));
    withRef.putArray("references").add(reference("r", "index-pattern", "ip-1"));
    assertOk(http.post(VIS + "with").json(withRef).send());
    createVis(null, "without", "without");
    var filter = enc("{\"type\":\"index-pattern\",\"id\":\"ip-1\"}");
    var body =
        assertOk(
            http.get("/api/saved_objects/_find?type=visualization&has_no_reference=" + filter)
                .send());
    assertThat(ids(body)).containsExactly("without");
  }

  @Test
  void findWithInvalidAggsIsRejected() {
    var resp =
        http.get("/api/saved_objects/_find?type=visualization&aggs=" + enc("{not json")).send();
    assertErrorContaining(resp, 400, "Bad Request", "invalid aggs value");
  }
}

package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract section 4: roles (R1 to R5), the 4.1 validation rules, 4.2 GET shape, features. */
class SecurityRolesContractTest extends SimContractBase {
  static final String ROLE = "/api/security/role/";

  static ObjectNode entry(String spacesJson, String baseJson, String featureJson) {
    var entry = obj();
    if (spacesJson != null) {
      entry.set("spaces", parse(spacesJson));
    }
    if (baseJson != null) {
      entry.set("base", parse(baseJson));
    }
    if (featureJson != null) {
      entry.set("feature", parse(featureJson));
    }
    return entry;
  }

  /** A PUT that must fail validation; the role must not be stored. */
  static JsonNode rejected(String name, JsonNode role) {
    var body = assertErrorShape(http.put(ROLE + name).json(role).send(), 400, "Bad Request");
    assertThat(sim.role(name)).as("rejected role %s is not stored", name).isEmpty();
    return body;
  }

  static String message(JsonNode error) {
    return error.path("message").asText();
  }

  // ---- R1 ----

  @Test
  void putReturns204AndStoresTheRole() {
    var resp =
        http.put(ROLE + "vis_editor")
            .json(featureRole(List.of("marketing"), "visualize", "all"))
            .send();
    assertNoContent(resp);
    assertThat(sim.role("vis_editor")).isPresent();
    var got = assertOk(http.get(ROLE + "vis_editor").send());
    assertThat(got.path("name").asText()).isEqualTo("vis_editor");
    assertThat(got.path("kibana").get(0).path("feature").path("visualize"))
        .containsExactly(text("all"));
    assertThat(got.path("kibana").get(0).path("spaces")).containsExactly(text("marketing"));
  }

  @Test
  void putReplacesAnExistingRole() {
    putRole("r", featureRole(List.of("*"), "visualize", "all"));
    putRole("r", baseRole(List.of("*"), "read"));
    var got = assertOk(http.get(ROLE + "r").send());
    assertThat(got.path("kibana")).hasSize(1);
    assertThat(got.path("kibana").get(0).path("base")).containsExactly(text("read"));
    assertThat(got.path("kibana").get(0).path("feature").isEmpty()).isTrue();
  }

  @Test
  void createOnlyOnExistingRoleIsAConflict() {
    putRole("r", baseRole(List.of("*"), "read"));
    var resp = http.put(ROLE + "r?createOnly=true").json(baseRole(List.of("*"), "all")).send();
    assertError(resp, 409, "Conflict", "Role already exists and cannot be created: r");
    assertThat(assertOk(http.get(ROLE + "r").send()).path("kibana").get(0).path("base"))
        .containsExactly(text("read"));
  }

  @Test
  void createOnlyOnNewRoleIs204() {
    assertNoContent(
        http.put(ROLE + "fresh?createOnly=true").json(baseRole(List.of("*"), "read")).send());
    assertThat(sim.role("fresh")).isPresent();
  }

  @Test
  void emptyRoleIsAllowed() {
    assertNoContent(http.put(ROLE + "empty").json(obj()).send());
    var got = assertOk(http.get(ROLE + "empty").send());
    assertThat(got.path("elasticsearch").path("cluster")).isEmpty();
    assertThat(got.path("kibana")).isEmpty();
  }

  @Test
  void putWithoutXsrfIsRejected() {
    var resp = http.put(ROLE + "r").noXsrf().json(baseRole(List.of("*"), "read")).send();
    assertError(resp, 400, "Bad Request", "Request must contain a kbn-xsrf header.");
    assertThat(sim.role("r")).isEmpty();
  }

  // ---- 4.1 validation rules ----

  @Test
  void baseTogetherWithFeatureIsRejected() {
    var body = rejected("r", roleWith(entry("[\"*\"]", "[\"all\"]", "{\"visualize\":[\"all\"]}")));
    assertThat(message(body))
        .contains("kibana.0]")
        .contains("definition of [feature] isn't allowed when non-empty [base] is defined.");
  }

  @Test
  void emptyBaseWithFeatureAndBaseWithEmptyFeatureAreAllowed() {
    assertNoContent(
        http.put(ROLE + "a")
            .json(roleWith(entry("[\"*\"]", "[]", "{\"visualize\":[\"read\"]}")))
            .send());
    assertNoContent(
        http.put(ROLE + "b").json(roleWith(entry("[\"*\"]", "[\"read\"]", "{}"))).send());
  }

  @Test
  void neitherBaseNorFeatureIsRejected() {
    var body = rejected("r", roleWith(entry("[\"*\"]", "[]", "{}")));
    assertThat(message(body))
        .contains("kibana.0]")
        .contains("either [base] or [feature] is expected, but none of them specified");
    var omitted = rejected("r2", roleWith(entry("[\"*\"]", null, null)));
    assertThat(message(omitted))
        .contains("either [base] or [feature] is expected, but none of them specified");
  }

  @Test
  void starMixedWithSpaceIdsIsRejected() {
    var body = rejected("r", roleWith(entry("[\"*\",\"marketing\"]", "[\"read\"]", null)));
    assertThat(message(body)).contains("types that failed validation");
  }

  @Test
  void badSpaceIdsAreRejected() {
    for (var spaces : List.of("[\"foo-*\"]", "[\"Marketing\"]", "[\"a b\"]")) {
      var body = rejected("r", roleWith(entry(spaces, "[\"read\"]", null)));
      assertThat(message(body)).as(spaces).contains("types that failed validation");
    }
  }

  @Test
  void aSpaceInTwoEntriesIsRejected() {
    var body =
        rejected(
            "r",
            roleWith(
                entry("[\"marketing\",\"sales\"]", "[\"read\"]", null),
                entry("[\"marketing\"]", "[]", "{\"visualize\":[\"all\"]}")));
    assertThat(message(body))
        .contains("more than one privilege is applied to the following spaces: [marketing]");
  }

  @Test
  void starInTwoEntriesIsRejected() {
    var body =
        rejected(
            "r",
            roleWith(
                entry("[\"*\"]", "[\"read\"]", null),
                entry("[\"*\"]", "[]", "{\"visualize\":[\"all\"]}")));
    assertThat(message(body))
        .contains("more than one privilege is applied to the following spaces: [*]");
  }

  @Test
  void badFeatureIdCharactersAreRejected() {
    var body = rejected("r", roleWith(entry("[\"*\"]", "[]", "{\"!foo\":[\"all\"]}")));
    assertThat(message(body))
        .contains("feature.key(\"!foo\")]")
        .contains("only a-z, A-Z, 0-9, '_', and '-' are allowed");
  }

  @Test
  void badFeaturePrivilegeCharactersAreRejected() {
    var body = rejected("r", roleWith(entry("[\"*\"]", "[]", "{\"visualize\":[\"all!\"]}")));
    assertThat(message(body)).contains("only a-z, A-Z, 0-9, '_', and '-' are allowed");
  }

  @Test
  void unknownGlobalBasePrivilegeIsRejected() {
    var body = rejected("r", roleWith(entry("[\"*\"]", "[\"foo\"]", null)));
    assertThat(message(body))
        .contains("kibana.0.base.0]")
        .contains("unknown global privilege \"foo\", must be one of [all,read]");
  }

  @Test
  void unknownSpaceBasePrivilegeIsRejected() {
    var body = rejected("r", roleWith(entry("[\"marketing\"]", "[\"foo\"]", null)));
    assertThat(message(body))
        .contains("kibana.0.base.0]")
        .contains("unknown space privilege \"foo\"");
  }

  @Test
  void reservedKeyInAKibanaEntryIsRejected() {
    var kibana = entry("[\"*\"]", "[\"read\"]", null);
    kibana.putArray("_reserved").add("something");
    var body = rejected("r", roleWith(kibana));
    assertThat(message(body)).contains("_reserved");
  }

  @Test
  void minimalFeaturePrivilegesAreAccepted() {
    assertNoContent(
        http.put(ROLE + "minimal")
            .json(
                roleWith(
                    entry(
                        "[\"*\"]",
                        "[]",
                        "{\"dashboard\":[\"minimal_read\"]," + "\"visualize\":[\"minimal_all\"]}")))
            .send());
    var feature = assertOk(http.get(ROLE + "minimal").send()).path("kibana").get(0).path("feature");
    assertThat(feature.path("dashboard")).containsExactly(text("minimal_read"));
    assertThat(feature.path("visualize")).containsExactly(text("minimal_all"));
  }

  @Test
  void unknownFeatureIsAccepted() {
    assertNoContent(
        http.put(ROLE + "r")
            .json(roleWith(entry("[\"*\"]", "[]", "{\"no_such_feature\":[\"all\"]}")))
            .send());
    assertThat(sim.role("r")).isPresent();
  }

  @Test
  void roleNameLongerThan1024IsRejected() {
    var resp = http.put(ROLE + "r".repeat(1025)).json(baseRole(List.of("*"), "read")).send();
    assertErrorShape(resp, 400, "Bad Request");
  }

  @Test
  void descriptionLongerThan2048IsRejected() {
    var role = baseRole(List.of("*"), "read").put("description", "d".repeat(2049));
    var body = rejected("r", role);
    assertThat(message(body)).contains("description");
  }

  @Test
  void indexEntryNeedsNamesAndPrivileges() {
    var role = baseRole(List.of("*"), "read");
    role.withObject("elasticsearch")
        .putArray("indices")
        .add(parse("{\"names\":[],\"privileges\":[\"read\"]}"));
    var body = rejected("r", role);
    assertThat(message(body)).contains("elasticsearch.indices.0.names");
  }

  @Test
  void roleNameOverEsLimitOrWithOuterWhitespaceIsRejected() {
    var tooLong = http.put(ROLE + "r".repeat(508)).json(baseRole(List.of("*"), "read")).send();
    assertErrorShape(tooLong, 400, "Bad Request");
    var padded = http.put(ROLE + "%20padded").json(baseRole(List.of("*"), "read")).send();
    assertErrorShape(padded, 400, "Bad Request");
    assertThat(sim.role(" padded")).isEmpty();
  }

  @Test
  void remoteIndicesNeedClusters() {
    var role = baseRole(List.of("*"), "read");
    role.withObject("elasticsearch")
        .putArray("remote_indices")
        .add(parse("{\"clusters\":[],\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}"));
    var body = rejected("r", role);
    assertThat(message(body)).contains("remote_indices.0.clusters");
  }

  @Test
  void elasticsearchPartRoundTrips() {
    var role = baseRole(List.of("*"), "read");
    var es = role.withObject("elasticsearch");
    es.putArray("cluster").add("monitor");
    es.putArray("run_as").add("other_user");
    es.putArray("indices")
        .add(
            parse(
                "{\"names\":[\"logs-*\"],\"privileges\":[\"read\"],"
                    + "\"field_security\":{\"grant\":[\"*\"],\"except\":[\"secret\"]},"
                    + "\"query\":\"{\\\"match_all\\\":{}}\"}"));
    putRole("es_role", role);
    var got = assertOk(http.get(ROLE + "es_role").send()).path("elasticsearch");
    assertThat(got.path("cluster")).containsExactly(text("monitor"));
    assertThat(got.path("run_as")).containsExactly(text("other_user"));
    var index = got.path("indices").get(0);
    assertThat(index.path("field_security"))
        .isEqualTo(parse("{\"grant\":[\"*\"],\"except\":[\"secret\"]}"));
    assertThat(index.path("query").asText()).isEqualTo("{\"match_all\":{}}");
    assertThat(index.path("allow_restricted_indices").asBoolean()).isFalse();
  }

  @Test
  void getAcceptsReplaceDeprecatedPrivileges() {
    putRole("r", featureRole(List.of("*"), "visualize", "read"));
    var got = assertOk(http.get(ROLE + "r?replaceDeprecatedPrivileges=true").send());
    assertThat(got.path("name").asText()).isEqualTo("r");
  }

  @Test
  void spacePrivilegesKeepTheirSpaces() {
    putRole(
        "multi",
        roleWith(
            entry("[\"marketing\",\"sales\"]", "[\"all\"]", null),
            entry("[\"ops\"]", "[]", "{\"dashboard\":[\"read\"],\"visualize\":[\"read\"]}")));
    var kibana = assertOk(http.get(ROLE + "multi").send()).path("kibana");
    assertThat(kibana).hasSize(2);
    var spaces = new ArrayList<JsonNode>();
    kibana.forEach(k -> spaces.add(k.path("spaces")));
    assertThat(spaces)
        .containsExactlyInAnyOrder(parse("[\"marketing\",\"sales\"]"), parse("[\"ops\"]"));
  }

  // ---- R2: GET shape (4.2) ----

  @Test
  void getAddsTheServerFields() {
    var role = roleWith(entry(null, "[]", "{\"visualize\":[\"all\"]}"));
    role.withObject("elasticsearch")
        .putArray("indices")
        .add(parse("{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}"));
    putRole("shaped", role);

    var got = assertOk(http.get(ROLE + "shaped").send());
    assertThat(got.path("name").asText()).isEqualTo("shaped");
    // [unsure] {} versus absent when none was set
    if (got.has("metadata")) {
      assertThat(got.path("metadata")).isEqualTo(obj());
    }
    assertThat(got.path("transient_metadata")).isEqualTo(parse("{\"enabled\":true}"));
    assertThat(got.has("description")).as("description only when set").isFalse();
    var es = got.path("elasticsearch");
    assertThat(es.path("cluster").isArray()).isTrue();
    assertThat(es.path("run_as").isArray()).isTrue();
    assertThat(es.has("remote_indices")).isFalse();
    assertThat(es.has("remote_cluster")).isFalse();
    var index = es.path("indices").get(0);
    assertThat(index.path("names")).containsExactly(text("logs-*"));
    assertThat(index.path("allow_restricted_indices").isBoolean()).isTrue();
    assertThat(index.path("allow_restricted_indices").asBoolean()).isFalse();
    var kibana = got.path("kibana").get(0);
    assertThat(kibana.path("spaces")).as("spaces default to *").containsExactly(text("*"));
    assertThat(kibana.path("base").isArray()).isTrue();
    assertThat(kibana.path("base")).isEmpty();
    assertThat(got.path("_transform_error").isArray()).isTrue();
    assertThat(got.path("_transform_error")).isEmpty();
    assertThat(got.path("_unrecognized_applications").isArray()).isTrue();
  }

  @Test
  void getAlwaysHasBothBaseAndFeature() {
    putRole("base_only", baseRole(List.of("marketing"), "read"));
    var kibana = assertOk(http.get(ROLE + "base_only").send()).path("kibana").get(0);
    assertThat(kibana.path("base")).containsExactly(text("read"));
    assertThat(kibana.path("feature").isObject()).isTrue();
    assertThat(kibana.path("feature").isEmpty()).isTrue();
    assertThat(kibana.path("spaces")).containsExactly(text("marketing"));
  }

  @Test
  void getKeepsDescriptionAndMetadataWhenSet() {
    var role = baseRole(List.of("*"), "read").put("description", "for dashboards");
    role.putObject("metadata").put("owner", "operator");
    putRole("described", role);
    var got = assertOk(http.get(ROLE + "described").send());
    assertThat(got.path("description").asText()).isEqualTo("for dashboards");
    assertThat(got.path("metadata")).isEqualTo(obj().put("owner", "operator"));
  }

  @Test
  void getOfMissingRoleIs404() {
    assertErrorShape(http.get(ROLE + "ghost").send(), 404, "Not Found");
  }

  @Test
  void getCarriesTheApiVersionHeader() {
    putRole("r", baseRole(List.of("*"), "read"));
    var resp = http.get(ROLE + "r").header("elastic-api-version", API_VERSION).send();
    assertOk(resp);
    assertThat(resp.header("elastic-api-version")).hasValue(API_VERSION);
  }

  @Test
  void libraryRoleReadMatchesHttpGet() {
    putRole("r", featureRole(List.of("marketing"), "dashboard", "read"));
    var got = assertOk(http.get(ROLE + "r").send());
    assertThat(sim.role("r")).hasValue((ObjectNode) got);
  }

  // ---- R3 ----

  @Test
  void listIsSortedAndIncludesReservedRoles() {
    putRole("zz_custom", baseRole(List.of("*"), "read"));
    putRole("aa_custom", baseRole(List.of("*"), "read"));
    var list = assertOk(http.get("/api/security/role").send());
    var names = new ArrayList<String>();
    list.forEach(r -> names.add(r.path("name").asText()));
    assertThat(names)
        .isSorted()
        .contains("aa_custom", "zz_custom", "superuser", "kibana_admin", "viewer", "editor");
    for (var role : list) {
      var name = role.path("name").asText();
      var reserved = role.path("metadata").path("_reserved").asBoolean(false);
      assertThat(reserved).as("reserved flag of %s", name).isEqualTo(!name.endsWith("_custom"));
    }
  }

  @Test
  void reservedRolesCannotBeChanged() {
    var put = http.put(ROLE + "viewer").json(baseRole(List.of("*"), "all")).send();
    assertThat(put.status()).as("%s", put).isIn(400, 403);
    assertThat(put.json().path("statusCode").asInt()).isEqualTo(put.status());
    var del = http.delete(ROLE + "viewer").send();
    assertThat(del.status()).as("%s", del).isIn(400, 403);
    var viewer = assertOk(http.get(ROLE + "viewer").send());
    assertThat(viewer.path("kibana").get(0).path("base")).containsExactly(text("read"));
    assertThat(viewer.path("metadata").path("_reserved").asBoolean()).isTrue();
  }

  // ---- R4 ----

  @Test
  void deleteReturns204ThenGetIs404() {
    putRole("doomed", baseRole(List.of("*"), "read"));
    assertNoContent(http.delete(ROLE + "doomed").send());
    assertThat(sim.role("doomed")).isEmpty();
    assertErrorShape(http.get(ROLE + "doomed").send(), 404, "Not Found");
  }

  @Test
  void deleteOfMissingRoleIs404() {
    assertErrorShape(http.delete(ROLE + "ghost").send(), 404, "Not Found");
  }

  // ---- R5 ----

  @Test
  void bulkPutCreatesThenUpdates() {
    var payload =
        Map.of(
            "roles",
            Map.of(
                "bulk_a", baseRole(List.of("*"), "read"),
                "bulk_b", featureRole(List.of("*"), "visualize", "all")));
    var first = assertOk(http.post("/api/security/roles").json(payload).send());
    assertThat(first.path("created")).containsExactlyInAnyOrder(text("bulk_a"), text("bulk_b"));
    assertThat(first.has("errors")).isFalse();
    assertThat(sim.role("bulk_a")).isPresent();
    assertThat(sim.role("bulk_b")).isPresent();

    var changed = Map.of("roles", Map.of("bulk_a", baseRole(List.of("*"), "all")));
    var second = assertOk(http.post("/api/security/roles").json(changed).send());
    assertThat(second.path("updated")).containsExactly(text("bulk_a"));
    assertThat(assertOk(http.get(ROLE + "bulk_a").send()).path("kibana").get(0).path("base"))
        .containsExactly(text("all"));
  }

  @Test
  void bulkPutOfInvalidPayloadIsRejected() {
    var payload =
        Map.of(
            "roles",
            Map.of("bad", roleWith(entry("[\"*\"]", "[\"all\"]", "{\"visualize\":[\"all\"]}"))));
    var resp = http.post("/api/security/roles").json(payload).send();
    // Kibana rejects schema errors for the whole request and privilege errors per role.
    if (resp.status() == 200) {
      assertThat(resp.json().path("errors").path("bad").path("type").asText())
          .isEqualTo("kibana_privilege_validation_exception");
    } else {
      assertErrorShape(resp, 400, "Bad Request");
    }
    assertThat(sim.role("bad")).isEmpty();
  }

  // ---- R6 ----

  @Test
  void queryRolesWithoutReservedRoles() {
    putRole("q_one", baseRole(List.of("*"), "read"));
    putRole("q_two", baseRole(List.of("*"), "all"));
    var body =
        assertOk(
            http.post("/api/security/role/_query")
                .json(Map.of("from", 0, "size", 100, "filters", Map.of("showReservedRoles", false)))
                .send());
    var names = new ArrayList<String>();
    body.path("roles").forEach(r -> names.add(r.path("name").asText()));
    assertThat(names).containsExactlyInAnyOrder("q_one", "q_two");
    assertThat(body.path("total").asInt()).isEqualTo(2);
    assertThat(body.path("count").asInt()).isEqualTo(2);
  }

  @Test
  void queryRolesWithReservedRoles() {
    putRole("q_one", baseRole(List.of("*"), "read"));
    var body =
        assertOk(
            http.post("/api/security/role/_query")
                .json(Map.of("from", 0, "size", 100, "filters", Map.of("showReservedRoles", true)))
                .send());
    var names = new ArrayList<String>();
    body.path("roles").forEach(r -> names.add(r.path("name").asText()));
    assertThat(names).contains("q_one", "superuser", "viewer");
    assertThat(body.path("total").asInt()).isEqualTo(names.size());
  }

  // ---- F ----

  @Test
  void featuresListTheKibanaApps() {
    var features = assertOk(http.get("/api/features").send());
    assertThat(features.isArray()).isTrue();
    var ids = new ArrayList<String>();
    for (var feature : features) {
      ids.add(feature.path("id").asText());
      assertThat(feature.path("name").isTextual()).as("name of %s", feature).isTrue();
    }
    assertThat(ids).contains("visualize", "dashboard", "discover").doesNotHaveDuplicates();
    for (var id : List.of("visualize", "dashboard", "discover")) {
      var feature = findFeature(features, id);
      assertThat(feature.path("privileges").path("all").isObject()).as(id + " all").isTrue();
      assertThat(feature.path("privileges").path("read").isObject()).as(id + " read").isTrue();
      assertThat(feature.path("app").isArray()).as(id + " app").isTrue();
      assertThat(feature.has("category")).as(id + " category").isTrue();
    }
  }

  private static JsonNode findFeature(JsonNode features, String id) {
    for (var feature : features) {
      if (feature.path("id").asText().equals(id)) {
        return feature;
      }
    }
    throw new AssertionError("no feature " + id);
  }
}

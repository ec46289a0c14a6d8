package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoleNormalizerTest {
  private static final String DESIRED =
      """
      {"description": "Publishes Vega visualizations",
       "metadata": {"team": "data-science"},
       "elasticsearch": {
         "cluster": ["monitor", "manage_index_templates"],
         "indices": [
           {"names": ["cars*", "trucks"], "privileges": ["read", "view_index_metadata"],
            "field_security": {"grant": ["*"], "except": []},
            "query": "{\\"term\\": {\\"public\\": true}}"},
           {"names": ["logs-*"], "privileges": ["read"]}],
         "run_as": []},
       "kibana": [
         {"spaces": ["analytics", "marketing"],
          "feature": {"visualize": ["all"], "dashboard": ["read", "url_create"]}},
         {"spaces": ["default"], "base": ["read"]}]}
      """;

  /** What Kibana's GET answers for that role (contract 4.2): reordered, with server fields. */
  private static final String KIBANA_GET =
      """
      {"name": "vega-publisher",
       "description": "Publishes Vega visualizations",
       "metadata": {"team": "data-science"},
       "transient_metadata": {"enabled": true},
       "elasticsearch": {
         "cluster": ["manage_index_templates", "monitor"],
         "indices": [
           {"names": ["logs-*"], "privileges": ["read"], "allow_restricted_indices": false},
           {"names": ["trucks", "cars*"], "privileges": ["view_index_metadata", "read"],
            "field_security": {"grant": ["*"]},
            "query": "{\\"term\\":{\\"public\\":true}}",
            "allow_restricted_indices": false}],
         "run_as": []},
       "kibana": [
         {"base": ["read"], "feature": {}, "spaces": ["default"]},
         {"base": [], "feature": {"dashboard": ["url_create", "read"], "visualize": ["all"]},
          "spaces": ["marketing", "analytics"], "_reserved": []}],
       "_transform_error": [],
       "_unrecognized_applications": ["logstash-default"]}
      """;

  private static ObjectNode json(String text) {
    return (ObjectNode) JsonTrees.parseOrNull(text);
  }

  @Test
  void kibanaGetAnswerIsEquivalentToTheDesiredBody() {
    assertThat(RoleNormalizer.diff(json(DESIRED), json(KIBANA_GET))).isEmpty();
    assertThat(RoleNormalizer.equivalent(json(DESIRED), json(KIBANA_GET))).isTrue();
  }

  @Test
  void serverFieldsAreDropped() {
    var normal = RoleNormalizer.normalize(json(KIBANA_GET));

    assertThat(normal.has("name")).isFalse();
    assertThat(normal.has("transient_metadata")).isFalse();
    assertThat(normal.has("_transform_error")).isFalse();
    assertThat(normal.has("_unrecognized_applications")).isFalse();
    assertThat(normal.get("kibana").findValues("_reserved")).isEmpty();
  }

  @Test
  void emptyClusterListEqualsMissingCluster() {
    // The perpetual diff of terraform-provider-elasticstack #1538 (cluster = []).
    var desired =
        json("{\"elasticsearch\":{\"cluster\":[],\"indices\":[],\"run_as\":[]},\"kibana\":[]}");
    var actual =
        json(
            "{\"name\":\"r\",\"elasticsearch\":{\"indices\":[]},\"metadata\":{},"
                + "\"transient_metadata\":{\"enabled\":true},\"_transform_error\":[]}");

    assertThat(RoleNormalizer.equivalent(desired, actual)).isTrue();
    assertThat(RoleNormalizer.equivalent(desired, json("{}"))).isTrue();
    assertThat(RoleNormalizer.normalize(desired)).isEmpty();
  }

  @Test
  void emptyMetadataDescriptionQueryAndExceptEqualAbsent() {
    var withEmpties =
        json(
            "{\"description\":\"\",\"metadata\":{},\"elasticsearch\":{\"indices\":["
                + "{\"names\":[\"a\"],\"privileges\":[\"read\"],\"field_security\":{\"except\":[]},"
                + "\"query\":\"\"}]}}");
    var bare =
        json("{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"]}]}}");

    assertThat(RoleNormalizer.diff(withEmpties, bare)).isEmpty();
  }

  @Test
  void anEmptyGrantGivesNoFieldsSoItDiffersFromNoFieldSecurity() {
    var noFields =
        json(
            "{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"],"
                + "\"field_security\":{\"grant\":[],\"except\":[]}}]}}");
    var allFields =
        json("{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"]}]}}");

    assertThat(RoleNormalizer.equivalent(noFields, allFields)).isFalse();
    assertThat(RoleNormalizer.diff(noFields, allFields)).isNotEmpty();
    assertThat(RoleNormalizer.equivalent(noFields, noFields.deepCopy())).isTrue();
  }

  @Test
  void allowRestrictedIndicesFalseEqualsAbsentButTrueDiffers() {
    var absent =
        json("{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"]}]}}");
    var isFalse = absent.deepCopy();
    ((ObjectNode) isFalse.at("/elasticsearch/indices/0")).put("allow_restricted_indices", false);
    var isTrue = absent.deepCopy();
    ((ObjectNode) isTrue.at("/elasticsearch/indices/0")).put("allow_restricted_indices", true);

    assertThat(RoleNormalizer.equivalent(absent, isFalse)).isTrue();
    assertThat(RoleNormalizer.diff(absent, isTrue))
        .containsExactly("elasticsearch.indices[0].allow_restricted_indices");
  }

  @Test
  void missingSpacesMeanAllSpaces() {
    var implicit = json("{\"kibana\":[{\"base\":[\"all\"]}]}");
    var explicit = json("{\"kibana\":[{\"spaces\":[\"*\"],\"base\":[\"all\"],\"feature\":{}}]}");
    var empty = json("{\"kibana\":[{\"spaces\":[],\"base\":[\"all\"]}]}");

    assertThat(RoleNormalizer.equivalent(implicit, explicit)).isTrue();
    assertThat(RoleNormalizer.equivalent(implicit, empty)).isTrue();
    assertThat(
            RoleNormalizer.equivalent(
                implicit, json("{\"kibana\":[{\"spaces\":[\"default\"],\"base\":[\"all\"]}]}")))
        .isFalse();
  }

  @Test
  void featurePrivilegeListsAreSetsButTheirContentCounts() {
    var desired =
        json("{\"kibana\":[{\"spaces\":[\"a\"],\"feature\":{\"dev_tools\":[\"read\",\"all\"]}}]}");
    var reordered =
        json(
            "{\"kibana\":[{\"spaces\":[\"a\"],\"feature\":{\"dev_tools\":[\"all\",\"read\",\"all\"]}}]}");
    var changed =
        json("{\"kibana\":[{\"spaces\":[\"a\"],\"feature\":{\"dev_tools\":[\"read\"]}}]}");
    var emptyFeatureList =
        json(
            "{\"kibana\":[{\"spaces\":[\"a\"],\"feature\":{\"dev_tools\":[\"read\",\"all\"],\"maps\":[]}}]}");

    assertThat(RoleNormalizer.equivalent(desired, reordered)).isTrue();
    assertThat(RoleNormalizer.equivalent(desired, emptyFeatureList)).isTrue();
    assertThat(RoleNormalizer.diff(desired, changed))
        .containsExactly("kibana[0].feature.dev_tools");
  }

  @Test
  void dlsQueryComparesAsJsonAndNonJsonAsText() {
    var desired =
        json(
            "{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"],"
                + "\"query\":\"{\\\"match_all\\\": {}}\"}]}}");
    var compact =
        json(
            "{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"],"
                + "\"query\":\"{\\\"match_all\\\":{}}\"}]}}");
    var template =
        json(
            "{\"elasticsearch\":{\"indices\":[{\"names\":[\"a\"],\"privileges\":[\"read\"],"
                + "\"query\":\"{{#toJson}}x{{/toJson}}\"}]}}");

    assertThat(RoleNormalizer.equivalent(desired, compact)).isTrue();
    assertThat(RoleNormalizer.diff(desired, template))
        .containsExactly("elasticsearch.indices[0].query");
  }

  @Test
  void addedClusterPrivilegeIsDetected() {
    var actual = json(KIBANA_GET);
    ((ArrayNode) actual.at("/elasticsearch/cluster")).add("all");

    assertThat(RoleNormalizer.diff(json(DESIRED), actual)).containsExactly("elasticsearch.cluster");
  }

  @Test
  void changedMetadataAndDescriptionAreDetected() {
    var actual = json(KIBANA_GET);
    actual.put("description", "edited");
    ((ObjectNode) actual.get("metadata")).put("team", "finance");

    assertThat(RoleNormalizer.diff(json(DESIRED), actual))
        .containsExactly("description", "metadata.team");
  }

  @Test
  void removedKibanaEntryIsDetected() {
    var actual = json(KIBANA_GET);
    ((ArrayNode) actual.get("kibana")).remove(0);

    assertThat(RoleNormalizer.diff(json(DESIRED), actual)).containsExactly("kibana");
  }

  @Test
  void transformErrorRoleWithEmptyKibanaDiffersFromADesiredKibanaPart() {
    // Kibana answers kibana: [] with _transform_error: ["kibana"] when it cannot read the
    // privileges back; that must be rewritten, not taken as equal.
    var actual = json(KIBANA_GET);
    ((ArrayNode) actual.get("kibana")).removeAll();
    ((ArrayNode) actual.get("_transform_error")).add("kibana");

    assertThat(RoleNormalizer.diff(json(DESIRED), actual)).containsExactly("kibana");
  }

  @Test
  void shuffledListsAreAlwaysEquivalent() {
    var random = new Random(42L);
    var desired = json(DESIRED);
    for (int round = 0; round < 100; round++) {
      var shuffled = shuffleLists(json(KIBANA_GET), random);

      assertThat(RoleNormalizer.diff(desired, shuffled))
          .as("round %d: %s", round, shuffled)
          .isEmpty();
      assertThat(DesiredStateHash.ofRole(shuffled)).isEqualTo(DesiredStateHash.ofRole(desired));
    }
  }

  @Test
  void v1FeatureIdsEqualTheV2FormKibana9Returns() {
    var desired =
        json(
            """
            {"kibana": [{"spaces": ["analytics"],
              "feature": {"visualize": ["all"], "dashboard": ["read", "url_create"]}}]}
            """);
    // GET /api/security/role/{name}?replaceDeprecatedPrivileges=true on 9.x (oss_features.ts)
    var kibana9 =
        json(
            """
            {"name": "r", "kibana": [{"base": [], "spaces": ["analytics"],
              "feature": {"visualize_v2": ["all"], "dashboard_v2": ["url_create", "read"],
                          "savedQueryManagement": ["all", "read"]}}],
             "_transform_error": [], "_unrecognized_applications": []}
            """);

    assertThat(RoleNormalizer.equivalent(desired, kibana9)).isTrue();
    assertThat(RoleNormalizer.equivalent(kibana9, desired)).isTrue();
    assertThat(DesiredStateHash.ofRole(desired)).isEqualTo(DesiredStateHash.ofRole(kibana9));
  }

  @Test
  void v2WithoutSavedQueryManagementIsLessThanV1AndDiffers() {
    var v1 = json("{\"kibana\": [{\"feature\": {\"discover\": [\"all\"]}}]}");
    var v2Only = json("{\"kibana\": [{\"feature\": {\"discover_v2\": [\"all\"]}}]}");

    assertThat(RoleNormalizer.equivalent(v1, v2Only)).isFalse();
    assertThat(RoleNormalizer.diff(v1, v2Only)).isNotEmpty();
  }

  @Test
  void remotePrivilegesCompareAsSets() {
    var desired =
        json(
            """
            {"elasticsearch": {
              "remote_indices": [{"clusters": ["eu", "us"], "names": ["logs-*"],
                                  "privileges": ["read"]}],
              "remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["eu"]}]}}
            """);
    var kibana =
        json(
            """
            {"elasticsearch": {
              "remote_cluster": [{"clusters": ["eu"], "privileges": ["monitor_enrich"]}],
              "remote_indices": [{"names": ["logs-*"], "privileges": ["read"],
                                  "clusters": ["us", "eu"], "allow_restricted_indices": false}],
              "cluster": [], "indices": [], "run_as": []}}
            """);

    assertThat(RoleNormalizer.equivalent(desired, kibana)).isTrue();
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            kibana.path("elasticsearch").path("remote_indices").get(0).path("clusters"))
        .add("ap");
    assertThat(RoleNormalizer.diff(desired, kibana))
        .containsExactly("elasticsearch.remote_indices[0].clusters");
  }

  @Test
  void inputsAreNotModified() {
    var actual = json(KIBANA_GET);

    RoleNormalizer.diff(json(DESIRED), actual);

    assertThat(actual).isEqualTo(json(KIBANA_GET));
  }

  /** A copy with every array (and every object's keys) in a random order. */
  private static JsonNode shuffleLists(JsonNode node, Random random) {
    if (node.isArray()) {
      var items = new ArrayList<JsonNode>();
      node.forEach(item -> items.add(shuffleLists(item, random)));
      Collections.shuffle(items, random);
      var out = JsonTrees.MAPPER.createArrayNode();
      items.forEach(out::add);
      return out;
    }
    if (node.isObject()) {
      var keys = new ArrayList<String>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.shuffle(keys, random);
      var out = JsonTrees.MAPPER.createObjectNode();
      keys.forEach(k -> out.set(k, shuffleLists(node.get(k), random)));
      return out;
    }
    return node.deepCopy();
  }
}

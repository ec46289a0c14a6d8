package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The normalisers against answers recorded from Kibana's own tests (kept with the simulator's
 * tests: kibana-sim/src/test/resources/kibana-fixtures, sources in its README), so they are not
 * checked only against the simulator's reading of the contract.
 */
class RecordedKibanaAnswersTest {
  static final Path FIXTURES =
      Path.of("..", "kibana-sim", "src", "test", "resources", "kibana-fixtures");

  static JsonNode fixture(String name) {
    try {
      return JsonTrees.MAPPER.readTree(Files.readString(FIXTURES.resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The desired PUT body of the recorded role, with these ids for Dashboard and Discover. */
  static JsonNode desired(String dashboard, String discover) {
    return JsonTrees.parseOrNull(
        """
        {"metadata": {"foo": "test-metadata"},
         "elasticsearch": {"cluster": ["manage"],
           "indices": [{"names": ["logstash-*"], "privileges": ["read", "view_index_metadata"]}],
           "run_as": ["watcher_user"]},
         "kibana": [{"spaces": ["*"], "base": ["read"]},
                    {"spaces": ["sales", "marketing"],
                     "feature": {"%s": ["read"], "%s": ["all"], "ml": ["all"]}}]}
        """
            .formatted(dashboard, discover));
  }

  @org.junit.jupiter.api.Test
  void kibana8sRoleAnswerEqualsTheDesiredRole() {
    var kibana8 = fixture("role_to_get.8x.get.json");

    assertThat(RoleNormalizer.diff(desired("dashboard", "discover"), kibana8)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void kibana9sRoleAnswerEqualsTheDesiredRoleWithV2Ids() {
    var kibana9 = fixture("role_to_get.9x.get.json");

    assertThat(RoleNormalizer.diff(desired("dashboard_v2", "discover_v2"), kibana9)).isEmpty();
    // the recorded role holds no savedQueryManagement, which the v1 ids would grant: a real
    // difference, not a spelling one
    assertThat(RoleNormalizer.diff(desired("dashboard", "discover"), kibana9))
        .containsExactly("kibana[1].feature.savedQueryManagement");
  }

  @org.junit.jupiter.api.Test
  void kibana9sQueryAnswerKeepsV1IdsAndStillEqualsTheDesiredRole() {
    var queried = fixture("role_to_query.9x.query.json").path("roles").get(0);

    assertThat(RoleNormalizer.equivalent(desired("dashboard", "discover"), queried)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void kibana9sExportLineNormalisesToItsContentOnly() throws IOException {
    var line =
        JsonTrees.MAPPER.readTree(
            Files.readString(FIXTURES.resolve("dashboard_requests.9x.export.ndjson")));
    var desired = JsonTrees.MAPPER.createObjectNode();
    desired.put("type", "dashboard");
    desired.put("id", line.path("id").asText());
    desired.set("attributes", line.path("attributes").deepCopy());
    desired.set("references", line.path("references").deepCopy());

    var normalized = SavedObjectNormalizer.normalize(line);

    assertThat(normalized.has("updated_at")).isFalse();
    assertThat(normalized.has("coreMigrationVersion")).isFalse();
    assertThat(normalized.has("version")).isFalse();
    assertThat(SavedObjectNormalizer.equivalent(desired, line)).isTrue();
  }
}

package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleExporterTest {
  /** A role as Kibana's GET answers it: snake_case, server fields, empty lists, DLS as text. */
  static final String KIBANA_GET =
      """
      {"name": "Data Scientists",
       "description": "Reads the cars data",
       "metadata": {"team": "data-science"},
       "transient_metadata": {"enabled": true},
       "elasticsearch": {
         "cluster": ["monitor"],
         "indices": [
           {"names": ["cars*"], "privileges": ["read", "view_index_metadata"],
            "field_security": {"grant": [], "except": []},
            "query": "{\\"term\\":{\\"public\\":true}}",
            "allow_restricted_indices": false},
           {"names": ["logs-*"], "privileges": ["read"], "allow_restricted_indices": true}],
         "remote_indices": [
           {"clusters": ["eu-*"], "names": ["cars"], "privileges": ["read"],
            "allow_restricted_indices": false}],
         "remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["eu-1"]}],
         "run_as": []},
       "kibana": [
         {"base": ["read"], "feature": {}, "spaces": ["*"]},
         {"base": [], "feature": {"visualize_v2": ["all"], "dashboard_v2": ["read"]},
          "spaces": ["analytics", "marketing"], "_reserved": []}],
       "_transform_error": [],
       "_unrecognized_applications": []}
      """;

  static ObjectNode json(String text) {
    return (ObjectNode) JsonTrees.parseOrNull(text);
  }

  /** What the operator would PUT for the exported resource, as Kibana then answers it. */
  static ObjectNode applied(ObjectNode role) {
    var resource = RoleExporter.role(role, "kibana");
    return RoleMapper.toPutBody(resource.getSpec())
        .put("name", resource.getSpec().nameOr(resource.getMetadata().getName()));
  }

  @Test
  void aRoleMapsBackToTheSameRoleAndExportingThatAgainChangesNothing() {
    var role = json(KIBANA_GET);

    var exported = RoleExporter.role(role, "prod");

    var spec = exported.getSpec();
    assertThat(spec.getAdopt()).isTrue();
    assertThat(spec.deletionPolicyOrDefault())
        .as("deleting the exported file leaves the role its users rely on")
        .isEqualTo(DeletionPolicy.Orphan);
    assertThat(spec.getConnectionRef().getName()).isEqualTo("prod");
    assertThat(spec.getDescription()).isEqualTo("Reads the cars data");
    assertThat(spec.getMetadata().path("team").asText()).isEqualTo("data-science");
    var cars = spec.getElasticsearch().getIndices().get(0);
    assertThat(cars.getFieldSecurity().getGrant()).as("an empty grant gives no field").isEmpty();
    assertThat(cars.getFieldSecurity().getExcept()).isNull();
    assertThat(cars.getQuery()).isEqualTo("{\"term\":{\"public\":true}}");
    assertThat(cars.getAllowRestrictedIndices()).isNull();
    assertThat(spec.getElasticsearch().getIndices().get(1).getAllowRestrictedIndices()).isTrue();
    assertThat(spec.getElasticsearch().getRunAs()).isNull();
    assertThat(spec.getElasticsearch().getRemoteIndices().get(0).getClusters())
        .containsExactly("eu-*");
    assertThat(spec.getKibana().get(0).getBase()).containsExactly("read");
    assertThat(spec.getKibana().get(0).getFeature()).isNull();
    assertThat(spec.getKibana().get(1).getFeature()).containsKeys("visualize_v2", "dashboard_v2");

    assertThat(RoleNormalizer.diff(RoleMapper.toPutBody(spec), role)).isEmpty();
    assertThat(Serialization.asYaml(RoleExporter.role(applied(role), "prod")))
        .isEqualTo(Serialization.asYaml(exported));
  }

  @Test
  void aNameKubernetesCannotUseStaysInSpecName() {
    var exported = RoleExporter.role(json(KIBANA_GET), "kibana");
    assertThat(exported.getMetadata().getName()).isEqualTo("data-scientists");
    assertThat(exported.getSpec().getName()).isEqualTo("Data Scientists");

    var plain = json("{\"name\": \"viewers\", \"elasticsearch\": {}, \"kibana\": []}");
    var simple = RoleExporter.role(plain, "kibana");
    assertThat(simple.getMetadata().getName()).isEqualTo("viewers");
    assertThat(simple.getSpec().getName()).isNull();
    assertThat(simple.getSpec().getElasticsearch()).isNull();
    assertThat(simple.getSpec().getKibana()).isNull();
    assertThat(RoleNormalizer.diff(RoleMapper.toPutBody(simple.getSpec()), plain)).isEmpty();
  }

  @Test
  void reservedRolesAreNotExported() {
    var superuser =
        json(
            "{\"name\": \"superuser\", \"metadata\": {\"_reserved\": true},"
                + " \"elasticsearch\": {\"cluster\": [\"all\"]}, \"kibana\": []}");
    var markedOnly = json("{\"name\": \"custom\", \"metadata\": {\"_reserved\": true}}");

    assertThat(RoleExporter.isReserved(superuser)).isTrue();
    assertThat(RoleExporter.whyNotExportable(markedOnly)).get().asString().contains("reserved");
    assertThatThrownBy(() -> RoleExporter.role(superuser, "kibana"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role superuser is not exported");
  }

  @Test
  void aRoleItsResourceCannotReproduceIsRefusedWithTheReason() {
    var transformError = json(KIBANA_GET);
    transformError.putArray("_transform_error").add("kibana");
    assertThat(RoleExporter.whyNotExportable(transformError))
        .get()
        .asString()
        .contains("_transform_error");

    var reservedPrivilege =
        json(
            "{\"name\": \"ml\", \"kibana\": [{\"base\": [], \"feature\": {},"
                + " \"spaces\": [\"*\"], \"_reserved\": [\"ml_user\"]}]}");
    assertThat(RoleExporter.whyNotExportable(reservedPrivilege))
        .get()
        .asString()
        .contains("reserved Kibana privileges [ml_user]");

    // Elasticsearch keeps _ keys for itself; the resource could not carry this one
    var underscoreMetadata = json("{\"name\": \"odd\", \"metadata\": {\"_internal\": 1}}");
    assertThat(RoleExporter.whyNotExportable(underscoreMetadata))
        .get()
        .asString()
        .contains("would be refused", "_internal");

    assertThat(RoleExporter.whyNotExportable(json(KIBANA_GET))).isEmpty();
  }

  @Test
  void aQueryElasticsearchAnswersAsAnObjectBecomesItsJsonText() {
    var role =
        json(
            "{\"name\": \"one\", \"elasticsearch\": {\"indices\": [{\"names\": [\"cars\"],"
                + " \"privileges\": [\"read\"], \"query\": {\"match_all\": {}}}]}}");

    var index = RoleExporter.role(role, "kibana").getSpec().getElasticsearch().getIndices().get(0);

    assertThat(index.getNames()).isEqualTo(List.of("cars"));
    assertThat(index.getQuery()).isEqualTo("{\"match_all\":{}}");
  }
}

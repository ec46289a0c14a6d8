package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleMapperTest {
  /** The example of operator/DESIGN.md, as YAML a user applies. */
  private static final String DESIGN_EXAMPLE =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaRole
      metadata:
        name: vega-publisher
        namespace: platform
      spec:
        connectionRef: {name: kibana}
        name: vega-publisher
        description: Publishes Vega visualizations
        elasticsearch:
          cluster: [monitor]
          indices:
            - names: [cars*]
              privileges: [read, view_index_metadata]
              fieldSecurity: {grant: ["*"], except: []}
              query: '{"term": {"public": true}}'
              allowRestrictedIndices: false
          runAs: []
        kibana:
          - spaces: [analytics]
            base: []
            feature: {visualize: [all], dashboard: [all]}
        metadata: {team: data-science}
      """;

  private static KibanaRoleSpec designExample() {
    return Serialization.unmarshal(DESIGN_EXAMPLE, KibanaRole.class).getSpec();
  }

  @Test
  void designExampleMapsToTheSnakeCasePutBody() {
    var body = RoleMapper.toPutBody(designExample());

    assertThat(body)
        .isEqualTo(
            JsonTrees.parseOrNull(
                """
                {"description": "Publishes Vega visualizations",
                 "metadata": {"team": "data-science"},
                 "elasticsearch": {
                   "cluster": ["monitor"],
                   "indices": [{"names": ["cars*"], "privileges": ["read", "view_index_metadata"],
                                "field_security": {"grant": ["*"], "except": []},
                                "query": "{\\"term\\": {\\"public\\": true}}",
                                "allow_restricted_indices": false}],
                   "run_as": []},
                 "kibana": [{"spaces": ["analytics"],
                             "feature": {"visualize": ["all"], "dashboard": ["all"]}}]}
                """));
  }

  @Test
  void descriptionIsLeftOutForKibanasThatRefuseIt() {
    var spec = new KibanaRoleSpec();
    spec.setDescription("Publishes charts");
    var body = RoleMapper.toPutBody(spec);

    assertThat(RoleMapper.forKibana(body, true).path("description").asText())
        .isEqualTo("Publishes charts");
    assertThat(RoleMapper.forKibana(body, false).has("description")).isFalse();
    assertThat(body.has("description")).as("the desired body is not changed").isTrue();
  }

  @Test
  void nameIsNotPartOfTheBody() {
    assertThat(RoleMapper.toPutBody(designExample()).has("name")).isFalse();
  }

  @Test
  void emptySpecStillStatesTheWholeElasticsearchPart() {
    var body = RoleMapper.toPutBody(new KibanaRoleSpec());

    assertThat(body)
        .isEqualTo(
            JsonTrees.parseOrNull(
                "{\"elasticsearch\":{\"cluster\":[],\"indices\":[],\"run_as\":[]},\"kibana\":[]}"));
  }

  @Test
  void spacesDefaultToAllSpaces() {
    var spec = new KibanaRoleSpec();
    spec.setKibana(List.of(new KibanaPrivilege(null, List.of("read"), null)));

    var entry = RoleMapper.toPutBody(spec).get("kibana").get(0);

    assertThat(entry).isEqualTo(JsonTrees.parseOrNull("{\"spaces\":[\"*\"],\"base\":[\"read\"]}"));
  }

  @Test
  void entryWithBothBaseAndFeatureIsRejected() {
    var spec = new KibanaRoleSpec();
    spec.setKibana(
        List.of(
            new KibanaPrivilege(
                List.of("a"), List.of("read"), Map.of("discover", List.of("all")))));

    assertInvalid(spec, "kibana[0] needs either a non-empty base or a non-empty feature map");
  }

  @Test
  void entryWithNeitherIsRejected() {
    var spec = new KibanaRoleSpec();
    spec.setKibana(
        List.of(
            new KibanaPrivilege(List.of("a"), List.of("read"), null),
            new KibanaPrivilege(List.of("b"), List.of(), Map.of("discover", List.of()))));

    assertInvalid(spec, "kibana[1]");
  }

  @Test
  void allSpacesMixedWithIdsIsRejected() {
    var spec = new KibanaRoleSpec();
    spec.setKibana(List.of(new KibanaPrivilege(List.of("*", "a"), List.of("read"), null)));

    assertInvalid(spec, "mixes \"*\" with space ids");
  }

  @Test
  void reservedMetadataKeysAreRejected() {
    var spec = designExample();
    spec.setMetadata(JsonTrees.parseOrNull("{\"team\":\"x\",\"_reserved\":true}"));

    assertInvalid(spec, "metadata key \"_reserved\"");
  }

  @Test
  void nonObjectMetadataIsRejected() {
    var spec = designExample();
    spec.setMetadata(JsonTrees.parseOrNull("[1]"));

    assertInvalid(spec, "metadata must be an object");
  }

  @Test
  void remotePrivilegesMapToSnakeCaseAndAreLeftOutWhenUnset() {
    var spec = new KibanaRoleSpec();
    var es = new io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges();
    es.setRemoteIndices(
        List.of(
            new io.github.kibanaobjects.operator.api.v1alpha1.RemoteIndexPrivilege(
                List.of("eu-*"), List.of("logs-*"), List.of("read"))));
    es.setRemoteCluster(
        List.of(
            new io.github.kibanaobjects.operator.api.v1alpha1.RemoteClusterPrivilege(
                List.of("monitor_enrich"), List.of("eu-*"))));
    spec.setElasticsearch(es);

    var body = RoleMapper.toPutBody(spec).path("elasticsearch");

    assertThat(body.path("remote_indices").toString())
        .isEqualTo("[{\"clusters\":[\"eu-*\"],\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}]");
    assertThat(body.path("remote_cluster").toString())
        .isEqualTo("[{\"privileges\":[\"monitor_enrich\"],\"clusters\":[\"eu-*\"]}]");
    assertThat(
            RoleMapper.toPutBody(new KibanaRoleSpec()).path("elasticsearch").has("remote_indices"))
        .isFalse();
  }

  @Test
  void runAsIsRefusedOnServerlessAndDeprecatedIdsGetAdviceOnlyWhereV2Exists() {
    var spec = new KibanaRoleSpec();
    var es = new io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges();
    es.setRunAs(List.of("someone"));
    spec.setElasticsearch(es);
    spec.setKibana(
        List.of(new KibanaPrivilege(List.of("*"), null, Map.of("dashboard", List.of("read")))));
    var serverless = new io.github.kibanaobjects.operator.kibana.KibanaCapabilities("9.1.0", true);
    var stateful819 =
        new io.github.kibanaobjects.operator.kibana.KibanaCapabilities("8.19.0", false);
    var stateful811 =
        new io.github.kibanaobjects.operator.kibana.KibanaCapabilities("8.11.4", false);

    assertThatThrownBy(() -> RoleMapper.requireSupported(spec, serverless))
        .isInstanceOfSatisfying(
            OperatorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC))
        .hasMessageContaining("run_as");
    RoleMapper.requireSupported(spec, stateful819);
    assertThat(RoleMapper.deprecationAdvice(spec, stateful819))
        .hasValueSatisfying(m -> assertThat(m).contains("dashboard -> dashboard_v2"));
    assertThat(RoleMapper.deprecationAdvice(spec, stateful811)).isEmpty();
  }

  @Test
  void putBodyIsEquivalentToTheDesiredRoleAfterNormalising() {
    var body = RoleMapper.toPutBody(designExample());

    assertThat(RoleNormalizer.equivalent(body, body.deepCopy())).isTrue();
  }

  private static void assertInvalid(KibanaRoleSpec spec, String messagePart) {
    assertThatThrownBy(() -> RoleMapper.toPutBody(spec))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}

package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the real API server does to a resource before anyone reads it: fields the schema does not
 * know are pruned (or refused, with strict field validation, as kubectl asks by default), free-form
 * chart content is kept as written, and schema defaults are filled in. Server-side dry run returns
 * the object exactly as it would be stored.
 */
class PruningAndDefaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient client;

  @BeforeAll
  static void namespace() {
    var server = RealApiServer.get();
    server.ensureNamespace("pruning");
    client = server.client();
  }

  /** As stored: read and returned untyped, so nothing on our side drops or adds a field. */
  private static JsonNode stored(String yaml) {
    var resource = generic(yaml);
    var created = generic(resource).resource(resource).dryRun().create();
    return JSON.valueToTree(created);
  }

  private static GenericKubernetesResource generic(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      generic(GenericKubernetesResource resource) {
    return client
        .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
        .inNamespace(resource.getMetadata().getNamespace());
  }

  @Test
  void unknownFieldsArePrunedAndChartContentIsKept() {
    var vis =
        stored(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaVisualization
            metadata: {name: pruned, namespace: pruning}
            spec:
              connectionRef: {name: kibana, team: data}
              title: Cars
              titel: a typo
              vegaLite: {mark: point, usermeta: {anything: [1, 2]}}
            """);

    assertThat(vis.path("spec").has("titel")).isFalse();
    assertThat(vis.path("spec").path("connectionRef").has("team")).isFalse();
    assertThat(vis.path("spec").path("connectionRef").path("name").asText()).isEqualTo("kibana");
    assertThat(vis.path("spec").path("vegaLite").path("usermeta").path("anything").toString())
        .isEqualTo("[1,2]");
  }

  @Test
  void strictFieldValidationRefusesUnknownFields() {
    var typo =
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaRole
        metadata: {name: strict, namespace: pruning}
        spec:
          connectionRef: {name: kibana}
          elasticsearch: {clusters: [monitor]}
        """;

    var refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> {
              var resource = generic(typo);
              generic(resource)
                  .resource(resource)
                  .dryRun()
                  .fieldValidation(Validation.STRICT)
                  .create();
            });

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("unknown field \"spec.elasticsearch.clusters\"");
  }

  @Test
  void defaultsAreFilledIn() {
    var vis =
        stored(
                """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaVisualization
            metadata: {name: defaults, namespace: pruning}
            spec:
              connectionRef: {name: kibana}
              title: Cars
              vegaLite: {mark: point}
              elasticsearchData: {index: cars}
            """)
            .path("spec");
    assertThat(vis.path("space").asText()).isEqualTo("default");
    assertThat(vis.path("managed").asBoolean(false)).isTrue();
    assertThat(vis.path("adopt").isBoolean()).isTrue();
    assertThat(vis.path("adopt").asBoolean()).isFalse();
    assertThat(vis.path("deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(vis.path("elasticsearchData").path("size").asInt()).isEqualTo(10000);

    var connection =
        stored(
                """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaConnection
            metadata: {name: defaults, namespace: pruning}
            spec:
              url: https://kibana:5601
              auth: {basicAuthSecretRef: {name: kibana-user}}
              tls: {}
            """)
            .path("spec");
    assertThat(connection.path("maxConcurrentRequests").asInt()).isEqualTo(4);
    assertThat(connection.path("requestTimeout").asText()).isEqualTo("30s");
    assertThat(connection.path("tls").path("insecureSkipVerify").isBoolean()).isTrue();
    assertThat(connection.path("tls").path("insecureSkipVerify").asBoolean()).isFalse();
    var user = connection.path("auth").path("basicAuthSecretRef");
    assertThat(user.path("usernameKey").asText()).isEqualTo("username");
    assertThat(user.path("passwordKey").asText()).isEqualTo("password");

    var role =
        stored(
                """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaRole
            metadata: {name: defaults, namespace: pruning}
            spec:
              connectionRef: {name: kibana}
            """)
            .path("spec");
    assertThat(role.path("deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(role.path("adopt").isBoolean()).isTrue();
  }
}

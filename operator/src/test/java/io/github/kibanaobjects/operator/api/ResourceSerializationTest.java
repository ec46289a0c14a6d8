package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import org.junit.jupiter.api.Test;

/** The CR classes read and write the YAML users apply, without adding nulls. */
class ResourceSerializationTest {
  private static final String VISUALIZATION =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaVisualization
      metadata: {name: cars, namespace: data-science}
      spec:
        connectionRef: {name: kibana}
        title: Cars
        vegaLite:
          mark: {type: point}
          encoding:
            x: {field: Horsepower, type: quantitative}
          width: 300
          padding: 5.5
        elasticsearchData:
          index: cars
          query: {term: {Origin: USA}}
        deletionPolicy: Orphan
      """;

  @Test
  void visualizationYamlIsReadWithFreeFormParts() {
    var vis = Serialization.unmarshal(VISUALIZATION, KibanaVisualization.class);
    var spec = vis.getSpec();

    assertThat(spec.getConnectionRef().getName()).isEqualTo("kibana");
    assertThat(spec.getConnectionRef().namespaceOr("data-science")).isEqualTo("data-science");
    assertThat(spec.getVegaLite().at("/encoding/x/field").textValue()).isEqualTo("Horsepower");
    assertThat(spec.getVegaLite().get("width").intValue()).isEqualTo(300);
    assertThat(spec.getVegaLite().get("padding").doubleValue()).isEqualTo(5.5);
    assertThat(spec.getElasticsearchData().getQuery().at("/term/Origin").textValue())
        .isEqualTo("USA");
    assertThat(spec.getElasticsearchData().sizeOrDefault()).isEqualTo(10000);
    assertThat(spec.getDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
    assertThat(spec.spaceOrDefault()).isEqualTo("default");
    assertThat(spec.idOr(vis.getMetadata().getName())).isEqualTo("cars");
    assertThat(spec.managedOrDefault()).isTrue();
    assertThat(spec.adoptOrDefault()).isFalse();
  }

  @Test
  void writingLeavesUnsetFieldsOut() {
    var vis = Serialization.unmarshal(VISUALIZATION, KibanaVisualization.class);
    var status = new KibanaVisualizationStatus();
    status.setId("cars");
    vis.setStatus(status);

    JsonNode written = Serialization.jsonMapper().valueToTree(vis);

    assertThat(written.get("spec").has("vega")).isFalse();
    assertThat(written.get("spec").has("spec")).isFalse();
    assertThat(written.get("spec").has("space")).isFalse();
    assertThat(written.at("/spec/connectionRef").has("namespace")).isFalse();
    assertThat(written.get("status").has("lastAppliedHash")).isFalse();
    assertThat(written.at("/status/id").textValue()).isEqualTo("cars");
  }

  @Test
  void connectionYamlIsRead() {
    var connection =
        Serialization.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaConnection
            metadata: {name: kibana, namespace: platform}
            spec:
              url: https://kibana.example.com:5601
              auth:
                basicAuthSecretRef: {name: kibana-user}
              tls:
                caSecretRef: {name: kibana-ca}
              allowedNamespaces: ["*"]
            """,
            KibanaConnection.class);
    var spec = connection.getSpec();

    assertThat(spec.getAuth().getApiKeySecretRef()).isNull();
    assertThat(spec.getAuth().getBasicAuthSecretRef().usernameKeyOrDefault()).isEqualTo("username");
    assertThat(spec.getAuth().getBasicAuthSecretRef().passwordKeyOrDefault()).isEqualTo("password");
    assertThat(spec.getTls().getCaSecretRef().keyOr("ca.crt")).isEqualTo("ca.crt");
    assertThat(spec.getTls().insecureSkipVerifyOrDefault()).isFalse();
    assertThat(spec.getAllowedNamespaces()).containsExactly("*");
    assertThat(connection.getMetadata().getNamespace()).isEqualTo("platform");
  }
}

package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The operator's client reads whatever the API server stores: one resource past Jackson's default
 * limits used to fail the list of its whole kind, so the operator could not start.
 */
class KubernetesClientsTest {
  private static final String VIS =
      """
      {"apiVersion":"kibanaobjects.github.io/v1alpha1","kind":"KibanaVisualization",
       "metadata":{"name":"%s","namespace":"ns"},
       "spec":{"connectionRef":{"name":"kibana"},"title":"T","vegaLite":%s}}""";

  private static final TypeReference<DefaultKubernetesResourceList<KibanaVisualization>> LIST =
      new TypeReference<>() {};

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON object {@code levels} deep, without recursion. */
  static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  @Test
  void aListWithContentAsDeepAsTheApiServerAdmitsIsRead() {
    // Go's encoding/json, which the API server decodes with, stops at 10,000 levels
    var list =
        "{\"apiVersion\":\"kibanaobjects.github.io/v1alpha1\",\"kind\":\"KibanaVisualizationList\","
            + "\"items\":["
            + VIS.formatted("deep", nested(10_000))
            + ","
            + VIS.formatted("valid", "{\"mark\":\"bar\"}")
            + "]}";

    assertThatThrownBy(() -> new KubernetesSerialization().unmarshal(stream(list), LIST))
        .as("Fabric8's default mapper")
        .hasStackTraceContaining("nesting depth");

    var items = KubernetesClients.serialization().unmarshal(stream(list), LIST);

    assertThat(items.getItems()).hasSize(2);
    assertThat(items.getItems().get(0).getSpec().problems())
        .containsExactly(
            "spec.vegaLite: nested more than 500 levels deep, more than the operator reads");
    assertThat(items.getItems().get(1).getSpec().problems()).isEmpty();
    // what the operator writes back (a copy for JOSDK, a status patch) no longer holds it
    assertThat(KubernetesClients.serialization().asJson(items.getItems().get(0)))
        .doesNotContain("{\"a\":");
  }

  @Test
  void longNamesAndStringsAreReadAndWrittenBack() {
    var name = "k".repeat(60_000);
    var text = "v".repeat(21_000_000);
    var role =
        """
        {"apiVersion":"kibanaobjects.github.io/v1alpha1","kind":"KibanaRole",
         "metadata":{"name":"r","namespace":"ns"},
         "spec":{"connectionRef":{"name":"kibana"},"metadata":{"%s":"%s"}}}"""
            .formatted(name, text);

    assertThatThrownBy(() -> new KubernetesSerialization().unmarshal(role, KibanaRole.class))
        .as("Fabric8's default mapper")
        .hasStackTraceContaining("length");

    var serialization = KubernetesClients.serialization();
    var read = serialization.unmarshal(role, KibanaRole.class);

    assertThat(read.getSpec().problems()).isEmpty();
    assertThat(read.getSpec().getMetadata().get(name).asText()).hasSize(21_000_000);
    assertThat(serialization.clone(read).getSpec().getMetadata().get(name).asText())
        .isEqualTo(text);
  }

  @Test
  void contentBeyondTheClientsBoundFailsAsJacksonSays() {
    // bounded: past the API server's own limit the client refuses, it does not read without end
    var vis = VIS.formatted("too-deep", nested(JsonLimits.MAX_KUBERNETES_DEPTH + 1));

    assertThatThrownBy(
            () -> KubernetesClients.serialization().unmarshal(vis, KibanaVisualization.class))
        .hasStackTraceContaining("nesting depth");
  }
}

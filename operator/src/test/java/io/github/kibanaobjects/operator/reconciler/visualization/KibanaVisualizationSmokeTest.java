package io.github.kibanaobjects.operator.reconciler.visualization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KibanaVisualizationSmokeTest {
  static KubernetesClient client;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void publishesAVegaLiteChartAndReportsItInStatus() throws Exception {
    var ns = harness.newNamespace("smoke");
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    harness.awaitReady(harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials")));

    var vis = new KibanaVisualization();
    vis.getMetadata().setName("bars");
    vis.getMetadata().setNamespace(ns);
    var spec = new KibanaVisualizationSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setTitle("Bars");
    spec.setVegaLite(
        new ObjectMapper()
            .readTree("{\"mark\":\"bar\",\"data\":{\"values\":[{\"a\":1}]},\"encoding\":{}}"));
    vis.setSpec(spec);

    var ready = harness.awaitReady(harness.create(vis));

    assertThat(ready.getStatus().getId()).isEqualTo("bars");
    assertThat(ready.getStatus().getSpace()).isEqualTo("default");
    assertThat(ready.getStatus().getUrl()).endsWith("/app/visualize#/edit/bars");
    var stored = harness.sim().savedObject("default", "visualization", "bars").orElseThrow();
    assertThat(stored.path("attributes").path("title").asText()).isEqualTo("Bars");
    assertThat(stored.path("managed").asBoolean()).isTrue();
  }
}

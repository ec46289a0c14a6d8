package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class HealthServerTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersWhatTheSuppliersSayAtEachCall() throws Exception {
    var ready = new AtomicBoolean(false);
    try (var health = new HealthServer(0, () -> true, ready::get).start()) {
      assertThat(get(health, "/healthz")).isEqualTo(200);
      assertThat(get(health, "/readyz")).isEqualTo(503);

      ready.set(true);

      assertThat(get(health, "/readyz")).isEqualTo(200);
    }
  }

  /** Shuts its class's mock API down; the other test does not use it. */
  @Test
  void livenessIsStartedWithEveryInformerWatching() throws Exception {
    OperatorHarness.installCrds(client);
    var operator = KibanaObjectsOperator.create(client, OperatorConfig.defaults());
    try (var health =
        new HealthServer(0, HealthServer.operatorLive(operator), () -> true).start()) {
      assertThat(get(health, "/healthz")).as("not started").isEqualTo(503);

      operator.start();

      assertThat(get(health, "/healthz")).as("started, informers watching").isEqualTo(200);

      // the API server goes away: every informer loses its watch
      server.destroy();

      Awaitility.await()
          .atMost(OperatorHarness.WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> get(health, "/healthz") == 503);
      assertThat(operator.getRuntimeInfo().unhealthyEventSources()).isNotEmpty();
    } finally {
      operator.stop();
    }
  }

  private int get(HealthServer health, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}

package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * An operator that cannot start ends its process with 1: left running, it would answer its probes
 * and Kubernetes would never restart it.
 */
@EnableKubernetesMockClient
class OperatorStartTest {
  // expectations mode with none set: every request is a 404, so no informer can list anything
  static KubernetesClient client;

  @Test
  void anOperatorThatCannotStartExitsWithOneAndClosesItsHealthPort() {
    var exits = new ArrayList<Integer>();
    var hooks = new ArrayList<Thread>();

    var running =
        KibanaObjectsOperator.run(
            client, OperatorConfig.defaults().withHealthPort(0), hooks::add, exits::add);

    assertThat(exits).containsExactly(1);
    assertThat(hooks).hasSize(1);
    var healthz = URI.create("http://127.0.0.1:" + running.health().port() + "/healthz");
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(healthz).build(),
                        HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
  }
}

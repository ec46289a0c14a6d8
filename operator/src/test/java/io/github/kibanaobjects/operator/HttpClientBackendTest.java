package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The runtime classpath, which the shaded jar is made of, offers the Kubernetes client one HTTP
 * backend: with two, Fabric8 picks one at random and says so in a warning for every client.
 */
class HttpClientBackendTest {
  @Test
  void theKubernetesClientHasExactlyOneHttpBackend() {
    var factories =
        ServiceLoader.load(HttpClient.Factory.class).stream()
            .map(provider -> provider.type().getName())
            .toList();

    assertThat(factories).containsExactly(JdkHttpClientFactory.class.getName());
  }
}

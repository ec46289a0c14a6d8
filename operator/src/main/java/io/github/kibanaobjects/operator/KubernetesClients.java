package io.github.kibanaobjects.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one way the operator builds a Kubernetes client: one HTTP backend, named here rather than
 * picked from whatever the classpath offers, and a JSON mapper that reads everything the API server
 * stores ({@link JsonLimits#kubernetes}). Fabric8's default mapper has Jackson's limits, and one
 * resource past them (content nested 1,001 levels deep, a 50,001-character key) fails the list or
 * watch of its whole kind.
 */
public final class KubernetesClients {
  private KubernetesClients() {}

  /** A client from the usual sources: in-cluster service account, KUBECONFIG, ~/.kube/config. */
  public static KubernetesClient create() {
    return builder().build();
  }

  /** A client for this configuration (a test's mock or real API server). */
  public static KubernetesClient create(Config config) {
    return builder().withConfig(config).build();
  }

  /** Serialization with the operator's limits, for anything that reads resources as the client. */
  public static KubernetesSerialization serialization() {
    var mapper = JsonMapper.builder(JsonLimits.kubernetes(new JsonFactory())).build();
    return new KubernetesSerialization(mapper, true);
  }

  private static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withKubernetesSerialization(serialization());
  }
}

package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Fabric8 mock API server in CRUD mode, on plain HTTP at 127.0.0.1, behind an {@link
 * ApiServerDispatcher} so that kubectl can use it too. Objects live in memory only.
 */
final class InMemoryKubernetes implements SandboxKubernetes {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private InMemoryKubernetes(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts on the port (0 picks a free one). */
  static InMemoryKubernetes start(int port) throws IOException {
    // The mock web server logs every request at INFO through java.util.logging.
    Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    var serialization = new KubernetesSerialization();
    var dispatcher =
        new ApiServerDispatcher(new KubernetesCrudDispatcher(List.of()), serialization);
    var server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new InMemoryKubernetes(server);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  /** {@code http://127.0.0.1:<port>}, no trailing slash. */
  @Override
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  @Override
  public String description() {
    return "in-memory mock API";
  }

  @Override
  public boolean serverSideApply() {
    return false;
  }

  /**
   * Creates the CRDs. The mock honours a kind's status subresource only once its CRD exists, and
   * discovery (for kubectl) is built from the stored CRDs.
   */
  @Override
  public void install(List<CustomResourceDefinition> crds) {
    for (var crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /** A kubeconfig whose only context points at this server; no credentials are needed. */
  @Override
  public String kubeconfig() {
    return kubeconfig(url());
  }

  static String kubeconfig(String serverUrl) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kibana-objects-sandbox
          cluster:
            server: %s
        contexts:
        - name: kibana-objects-sandbox
          context:
            cluster: kibana-objects-sandbox
            user: sandbox
            namespace: default
        current-context: kibana-objects-sandbox
        users:
        - name: sandbox
          user: {}
        """
        .formatted(serverUrl);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

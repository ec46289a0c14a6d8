package io.github.kibanaobjects.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * One real kube-apiserver (etcd + kube-apiserver from io.fabric8:kube-api-test) per test JVM,
 * with the generated CRDs installed: admission (schema, CEL rules and their cost budget) is
 * proven there, never on the Fabric8 mock. It starts on first use (6 to 9 s) and stops with the
 * JVM. The library downloads binaries where it may and uses its local cache where it must not.
 */
public final class RealApiServer {
  private static KubernetesClient client;

  private RealApiServer() {}

  public static synchronized KubernetesClient client() {
    if (client == null) {
      var server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().build());
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
              .build();
      OperatorHarness.installCrds(client);
    }
    return client;
  }
}

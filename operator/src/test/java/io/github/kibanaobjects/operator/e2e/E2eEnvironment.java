package io.github.kibanaobjects.operator.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.github.kibanaobjects.operator.KubernetesClients;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import io.github.kibanaobjects.sim.KibanaSim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * What the e2e tests run against: the cluster in {@code KUBECONFIG}, else the test JVM's real API
 * server ({@link RealApiServer}), and the Kibana at {@code KIBANA_URL} with {@code
 * KIBANA_USERNAME}/{@code KIBANA_PASSWORD}, or a kibana-sim started here when {@code KIBANA_URL} is
 * unset. The CRDs from {@code crds/} are applied, and everything happens in a namespace of its own
 * that is deleted at the end.
 */
final class E2eEnvironment implements AutoCloseable {
  final KubernetesClient kubernetes;

  /** The JVM's shared real API server: its client is not ours to close. */
  private final boolean shared;

  final String namespace;
  final String kibanaUrl;
  final String username;
  final String password;
  private final KibanaSim sim;

  private E2eEnvironment(
      KubernetesClient kubernetes,
      boolean shared,
      String namespace,
      String kibanaUrl,
      String username,
      String password,
      KibanaSim sim) {
    this.kubernetes = kubernetes;
    this.shared = shared;
    this.namespace = namespace;
    this.kibanaUrl = kibanaUrl;
    this.username = username;
    this.password = password;
    this.sim = sim;
  }

  static E2eEnvironment start() throws IOException {
    var kubeconfig = System.getenv("KUBECONFIG");
    KubernetesClient kubernetes;
    boolean shared = kubeconfig == null || kubeconfig.isBlank();
    if (shared) {
      // No cluster named: the real API server of the test JVM (crds/ already installed there).
      kubernetes = RealApiServer.get().client();
    } else {
      // built as production builds it
      kubernetes = KubernetesClients.create();
      try {
        kubernetes.getKubernetesVersion();
      } catch (RuntimeException e) {
        kubernetes.close();
        throw new IllegalStateException(
            "-Pe2e cannot reach the cluster in KUBECONFIG=" + kubeconfig + ": " + e.getMessage(),
            e);
      }
      applyCrds(kubernetes);
    }
    var namespace = "kibana-objects-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    kubernetes
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();

    var url = System.getenv("KIBANA_URL");
    if (url == null || url.isBlank()) {
      var sim = KibanaSim.start();
      return new E2eEnvironment(
          kubernetes, shared, namespace, sim.baseUrl(), "elastic", "changeme", sim);
    }
    return new E2eEnvironment(
        kubernetes,
        shared,
        namespace,
        url,
        requireEnv("KIBANA_USERNAME"),
        requireEnv("KIBANA_PASSWORD"),
        null);
  }

  boolean usesSimulator() {
    return sim != null;
  }

  KibanaSim sim() {
    return sim;
  }

  /** A client for checking what Kibana holds, independent of the operator's. */
  KibanaClient kibana() {
    return KibanaClient.create(
        KibanaEndpoint.of(kibanaUrl, new KibanaCredentials.Basic(username, password)));
  }

  void credentialsSecret(String name) {
    kubernetes
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of("username", username, "password", password))
                .build())
        .create();
  }

  private static void applyCrds(KubernetesClient kubernetes) throws IOException {
    var dir = Path.of("..", "crds");
    try (var files = Files.list(dir)) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        try (var in = Files.newInputStream(file)) {
          var crd =
              kubernetes.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          kubernetes
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .resource(crd)
              .createOr(c -> c.update());
          // Served once the API server lists the kind (what "Established" promises).
          var names = crd.getSpec().getNames();
          var context =
              new ResourceDefinitionContext.Builder()
                  .withGroup(crd.getSpec().getGroup())
                  .withVersion(crd.getSpec().getVersions().get(0).getName())
                  .withPlural(names.getPlural())
                  .withKind(names.getKind())
                  .withNamespaced(true)
                  .build();
          Awaitility.await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(
                  () ->
                      kubernetes.genericKubernetesResources(context).inAnyNamespace().list()
                          != null);
        }
      }
    }
  }

  private static String requireEnv(String name) {
    var value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " must be set when KIBANA_URL is set");
    }
    return value;
  }

  @Override
  public void close() {
    kubernetes.namespaces().withName(namespace).delete();
    if (!shared) {
      kubernetes.close();
    }
    if (sim != null) {
      sim.close();
    }
  }
}

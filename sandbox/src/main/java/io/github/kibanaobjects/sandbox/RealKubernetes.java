package io.github.kibanaobjects.sandbox;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real etcd and kube-apiserver, started as child processes by {@code io.fabric8:kube-api-test}
 * from its binary cache ({@code $KUBE_API_TEST_DIR}, else {@code ~/.kubeapitest}), which the
 * library fills by downloading on first use when it can. HTTPS with a client certificate; the
 * binaries' kubectl sits next to kube-apiserver.
 */
final class RealKubernetes implements SandboxKubernetes {

  /** What {@code kubectl apply --server-side} uses, so a user's later apply does not conflict. */
  static final String FIELD_MANAGER = "kubectl";

  private static final long ESTABLISHED_SECONDS = 30;

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final String kubeconfig;
  private final Path kubectl;

  private RealKubernetes(KubeAPIServer server, String kubeconfig, Path kubectl) {
    this.server = server;
    this.kubeconfig = kubeconfig;
    this.kubectl = kubectl;
    // One retry, not ten with backoff: the API server is local, and it answers a server-side
    // apply with an undeclared field with a 500, which would otherwise stall the report ~20 s.
    var config =
        new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
            .withRequestRetryBackoffLimit(1)
            .build();
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Starts etcd and kube-apiserver (6 to 20 s); throws when no binaries can be had. */
  static RealKubernetes start(PrintStream out) {
    var config = config();
    if (!config.isOfflineMode() && !hasCachedBinaries(config)) {
      out.printf(
          "No kube-apiserver in %s yet: downloading etcd, kube-apiserver and kubectl"
              + " there (once)...%n",
          config.getKubeAPITestDir());
    }
    // The same lookup (and download) the server does, to find the kubectl that comes with it.
    var binaries = new BinaryManager(config);
    binaries.initAndDownloadIfRequired();
    var server = new KubeAPIServer(config);
    try {
      server.start();
      return new RealKubernetes(
          server, server.getKubeConfigYaml(), binaries.binaries().getKubectl().toPath());
    } catch (RuntimeException e) {
      stopQuietly(server);
      throw e;
    }
  }

  /**
   * kube-api-test's configuration: its cache folder, downloads allowed. The library's own reading
   * of KUBE_API_TEST_OFFLINE_MODE, ..._WAIT_FOR_ETCD_HEALTH_CHECK and ..._STARTUP_TIMEOUT casts the
   * text to Boolean or Integer and throws (7.5.2), so they are parsed here instead.
   */
  static KubeAPIServerConfig config() {
    var builder =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withOfflineMode(
                Boolean.parseBoolean(
                    env(KubeAPIServerConfigBuilder.KUBE_API_TEST_OFFLINE_MODE, "false")))
            .withWaitForEtcdHealthCheckOnStartup(
                Boolean.parseBoolean(
                    env(
                        KubeAPIServerConfigBuilder.KUBE_API_TEST_WAIT_FOR_ETCD_HEALTH_CHECK,
                        "false")))
            .withUpdateKubeConfig(false);
    var timeout = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_STARTUP_TIMEOUT);
    if (timeout != null && timeout.strip().matches("\\d{1,9}")) {
      builder.withStartupTimeout(Integer.valueOf(timeout.strip()));
    } else {
      // a loaded two-core machine took 48 s to start it: a slow start beats a fallback to the mock
      builder.withStartupTimeout(180_000);
    }
    return builder.build();
  }

  private static String env(String name, String otherwise) {
    var value = System.getenv(name);
    return value == null ? otherwise : value.strip();
  }

  private static boolean hasCachedBinaries(KubeAPIServerConfig config) {
    var versions = Path.of(config.getKubeAPITestDir(), BinaryManager.BINARY_LIST_DIR);
    try (var entries = Files.list(versions)) {
      return entries.anyMatch(Files::isDirectory);
    } catch (IOException e) {
      return false;
    }
  }

  /** Why a start failed, in a few words: the innermost message. */
  static String reason(Throwable e) {
    var root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    var message = root.getMessage() == null ? "" : root.getMessage().strip();
    return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String url() {
    return client.getMasterUrl().toString().replaceAll("/+$", "");
  }

  @Override
  public String description() {
    return "kube-apiserver " + client.getKubernetesVersion().getGitVersion();
  }

  @Override
  public boolean serverSideApply() {
    return true;
  }

  /** The kubectl binary kube-api-test keeps next to kube-apiserver. */
  @Override
  public Optional<Path> kubectl() {
    return Optional.of(kubectl);
  }

  /**
   * Server-side applies the CRDs and waits until each is Established. A CRD the API server refuses
   * (schema, CEL cost) fails here with the server's message.
   */
  @Override
  public void install(List<CustomResourceDefinition> crds) {
    var definitions = client.apiextensions().v1().customResourceDefinitions();
    for (var crd : crds) {
      try {
        definitions.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        throw new IllegalStateException(
            "the API server refused CRD " + crd.getMetadata().getName() + ": " + e.getMessage(), e);
      }
    }
    for (var crd : crds) {
      definitions
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(RealKubernetes::established, ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public String kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.stop();
    }
  }

  private static void stopQuietly(KubeAPIServer server) {
    try {
      server.stop();
    } catch (RuntimeException e) {
      // Half started: whatever did start is stopped; the start failure is what matters.
    }
  }
}

package io.github.kibanaobjects.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real etcd + kube-apiserver (io.fabric8:kube-api-test) for the whole test JVM, started on
 * first use and stopped by a shutdown hook: admission (schema, CEL, pruning, defaults), server-side
 * apply and kubectl are proven here, never on the Fabric8 mock. Starting one takes 6 to 9 s, so
 * every real-API test class shares it and works in its own namespaces.
 *
 * <p>Binaries come from the library's cache, {@code $KUBE_API_TEST_DIR} else {@code
 * ~/.kubeapitest}; where none are cached the library downloads them (so this works on any machine
 * with internet access; offline machines seed the cache first, as {@code .ci/run} does).
 */
public final class RealApiServer {
  private static final Path CRDS = Path.of("..", "crds");
  private static RealApiServer instance;

  private final KubernetesClient client;
  private final Path kubeconfig;
  private final Path testDir;

  private RealApiServer(KubernetesClient client, Path kubeconfig, Path testDir) {
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.testDir = testDir;
  }

  /** The shared server, started (and the project's CRDs installed) on the first call. */
  public static synchronized RealApiServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Creates the namespace unless it exists (each test class works in namespaces of its own). */
  public void ensureNamespace(String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** A kubeconfig file for kubectl ({@code --kubeconfig}) and other clients. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * The kubectl that came with the API server binaries (the library's archives and the offline seed
   * both put it next to kube-apiserver), of the newest cached version.
   */
  public Path kubectl() {
    var dirs = testDir.resolve("k8s");
    try (Stream<Path> versions = Files.list(dirs)) {
      return versions
          .filter(d -> Files.isExecutable(d.resolve("kube-apiserver")))
          .filter(d -> Files.isExecutable(d.resolve("kubectl")))
          .max(Comparator.comparing(RealApiServer::version))
          .map(d -> d.resolve("kubectl"))
          .orElseThrow(
              () -> new IllegalStateException("no kubectl next to kube-apiserver in " + dirs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs kubectl against this server; stdout and stderr together, and the exit code. */
  public Kubectl.Result kubectl(String... args) {
    return Kubectl.run(kubectl(), kubeconfig, List.of(args));
  }

  /** {@code 1.32.13-linux-amd64} → one comparable number, so 1.10 sorts after 1.9. */
  private static long version(Path dir) {
    long value = 0;
    for (var part : dir.getFileName().toString().split("-", 2)[0].split("\\.")) {
      value = value * 1000 + (part.matches("[0-9]{1,3}") ? Integer.parseInt(part) : 0);
    }
    return value;
  }

  private static RealApiServer start() {
    var testDir =
        Path.of(
            Optional.ofNullable(System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR))
                .filter(s -> !s.isBlank())
                .orElse(System.getProperty("user.home") + "/.kubeapitest"));
    // Offline mode stays off: with binaries cached the library uses them without downloading, and
    // without them it downloads (the KUBE_API_TEST_OFFLINE_MODE variable crashes 7.5.2 anyway).
    var server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                // never rewrite the developer's ~/.kube/config
                .withUpdateKubeConfig(false)
                // a loaded two-core machine took 48 s to start it; the library's default is 60 s
                .withStartupTimeout(180_000)
                .build());
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-api-test-stop"));
    try {
      var kubeconfig = Files.createTempFile("real-api-server-", ".kubeconfig");
      kubeconfig.toFile().deleteOnExit();
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      var client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
              .build();
      var started = new RealApiServer(client, kubeconfig, testDir);
      started.installCrds();
      return started;
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Installs every CRD in {@code crds/} as users do, with {@code kubectl apply --server-side}
   * (kubectl then owns the fields, so applying {@code deploy/} later is no conflict), and waits
   * until each one is Established.
   */
  private void installCrds() throws IOException {
    var args = new ArrayList<String>(List.of("apply", "--server-side"));
    var names = new ArrayList<String>();
    try (Stream<Path> files = Files.list(CRDS)) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList()) {
        args.add("-f");
        args.add(file.toString());
        try (var in = Files.newInputStream(file)) {
          names.add(
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .load(in)
                  .item()
                  .getMetadata()
                  .getName());
        }
      }
    }
    var applied = kubectl(args.toArray(String[]::new));
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("crds/ refused by the API server:\n" + applied.output());
    }
    for (var name : names) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(RealApiServer::established, 30, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The names of the CRDs this server has installed, for tests that check {@code crds/} itself. */
  public List<String> installedCrdNames() {
    return client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
        .map(HasMetadata::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }

  /** kubectl as a subprocess, with its own kubeconfig and nothing from the developer's. */
  public static final class Kubectl {
    public record Result(int exitCode, String output) {}

    static Result run(Path kubectl, Path kubeconfig, List<String> args) {
      var command = new ArrayList<String>();
      command.add(kubectl.toString());
      command.add("--kubeconfig=" + kubeconfig);
      command.addAll(args);
      try {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl " + args + " did not finish");
        }
        return new Result(process.exitValue(), output);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private Kubectl() {}
  }
}

package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox's entry point: {@code java -jar sandbox/target/sandbox.jar [--once] [paths]} runs
 * the operator against an in-memory Kubernetes API and kibana-sim, applies the examples and
 * reports; {@code ... apply FILE...} sends more files to a running sandbox.
 */
public final class Sandbox {

  /** Exit code for a bad command line, a missing file or no running sandbox. */
  static final int USAGE_ERROR = 2;

  private Sandbox() {}

  public static void main(String[] args) {
    quietLogging();
    SandboxOptions options;
    try {
      options = SandboxOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sandbox: " + e.getMessage());
      System.err.print(SandboxOptions.USAGE);
      System.exit(USAGE_ERROR);
      return;
    }
    int exitCode;
    try {
      exitCode = run(options, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A missing file, a stopped sandbox: the message says it all.
      System.err.println("sandbox: " + e.getMessage());
      exitCode = USAGE_ERROR;
    } catch (Exception e) {
      System.err.println("sandbox: " + e);
      e.printStackTrace(System.err);
      exitCode = Report.NOT_READY;
    }
    System.exit(exitCode);
  }

  /**
   * Runs the command. With {@code --once} (and for {@code apply}) it returns 0 when every
   * resource is Ready and 1 otherwise; without, it serves until the process is stopped.
   */
  static int run(SandboxOptions options, PrintStream out) throws Exception {
    var resources = readManifests(options);
    return switch (options.command()) {
      case APPLY -> applyToRunningSandbox(options, resources, out);
      case RUN -> runSandbox(options, resources, out);
    };
  }

  private static List<GenericKubernetesResource> readManifests(SandboxOptions options) {
    var defaultExamples = options.paths().equals(List.of(SandboxOptions.DEFAULT_EXAMPLES));
    if (defaultExamples && !Files.isDirectory(SandboxOptions.DEFAULT_EXAMPLES)) {
      throw new IllegalArgumentException("no examples/ folder in "
          + Path.of("").toAbsolutePath() + ": run from the repository root or name the files");
    }
    return Manifests.read(Manifests.find(options.paths()), new KubernetesSerialization());
  }

  private static int runSandbox(
      SandboxOptions options, List<GenericKubernetesResource> resources, PrintStream out)
      throws Exception {
    var session = SandboxSession.start(options, out);
    try {
      var applied = session.apply(resources);
      session.startOperator();
      var states =
          new ReadinessWaiter(session.client()).await(kibanaObjects(applied), options.timeout());
      var exitCode = Report.print(states, session::kibanaSummary, out);
      if (options.once()) {
        return exitCode;
      }
      var state = session.publish(options.stateDir());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(session, options, out)));
      printAccess(state, out);
      new CountDownLatch(1).await();
      return exitCode;
    } finally {
      session.close();
    }
  }

  private static int applyToRunningSandbox(
      SandboxOptions options, List<GenericKubernetesResource> resources, PrintStream out)
      throws Exception {
    var state = SandboxState.read(options.stateDir());
    try (var client = clientFor(state.kubernetesUrl())) {
      var applied = new ManifestApplier(client, state.kibanaUrl(), out).apply(resources);
      var states = new ReadinessWaiter(client).await(kibanaObjects(applied), options.timeout());
      return Report.print(states,
          () -> KibanaSummary.read(
              state.kibanaUrl(), state.kibanaUsername(), state.kibanaPassword()),
          out);
    }
  }

  /** A client for the in-memory API only: nothing is read from ~/.kube or the environment. */
  private static KubernetesClient clientFor(String url) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static List<GenericKubernetesResource> kibanaObjects(List<GenericKubernetesResource> applied) {
    return applied.stream().filter(ManifestApplier::isKibanaObject).toList();
  }

  private static void printAccess(SandboxState state, PrintStream out) {
    var jar = ownJar();
    out.printf(
        """

        The sandbox is up; Ctrl+C stops it.
          Kibana (kibana-sim): %s   user %s, password %s
                               (an API only, no UI: a LINK opens the chart in a real Kibana)
            curl -u %s:%s %s/api/saved_objects/_find?type=visualization
          Kubernetes API:      %s   (in memory, plain HTTP, no credentials)
          kubeconfig:          %s
            export KUBECONFIG=%s
            kubectl get kibanaconnections,kibanaspaces,kibanavisualizations,kibanadashboards,kibanaroles -A
            kubectl apply -f FILE.yaml
          without kubectl:     java -jar %s apply FILE.yaml
        """,
        state.kibanaUrl(), state.kibanaUsername(), state.kibanaPassword(),
        state.kibanaUsername(), state.kibanaPassword(), state.kibanaUrl(),
        state.kubernetesUrl(), state.kubeconfig(), state.kubeconfig(), jar);
  }

  /** The jar this runs from, relative to the working directory when it is under it. */
  private static String ownJar() {
    try {
      var location =
          Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      var cwd = Path.of("").toAbsolutePath();
      return location.startsWith(cwd) ? cwd.relativize(location).toString() : location.toString();
    } catch (Exception e) {
      return "sandbox/target/sandbox.jar";
    }
  }

  private static void stop(SandboxSession session, SandboxOptions options, PrintStream out) {
    try {
      SandboxState.delete(options.stateDir());
    } catch (IOException e) {
      out.println("could not delete the state file: " + e.getMessage());
    }
    session.close();
  }

  /**
   * Warnings only, and errors only from the operator: the report is the sandbox's output, and it
   * shows every resource's final reason. The operator's warnings are about retries on the way
   * (a connection not checked yet); -Dorg.slf4j.simpleLogger.log.io.github.kibanaobjects=info
   * shows them.
   */
  private static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.github.kibanaobjects", "error");
    // "unstable version v1alpha1": true, and not news to the user of this sandbox.
    setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal"
        + ".VersionUsageUtils", "error");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}

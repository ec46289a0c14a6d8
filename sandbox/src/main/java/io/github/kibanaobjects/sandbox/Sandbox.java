package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.sandbox.preview.PreviewBrowserCheck;
import io.github.kibanaobjects.sandbox.preview.PreviewServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox's entry point: {@code java -jar sandbox/target/sandbox.jar [--once] [paths]} runs the
 * operator against a Kubernetes API (a real kube-apiserver, else the in-memory mock) and
 * kibana-sim, applies the examples and reports; {@code ... apply FILE...} sends more files to a
 * running sandbox.
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
   * Runs the command. With {@code --once} (and for {@code apply}) it returns 0 when every resource
   * is Ready and 1 otherwise; without, it serves until the process is stopped.
   */
  static int run(SandboxOptions options, PrintStream out) throws Exception {
    if (options.command() == SandboxOptions.Command.HELP) {
      out.print(SandboxOptions.USAGE);
      return Report.ALL_READY;
    }
    var resources = readManifests(options);
    return switch (options.command()) {
      case APPLY -> applyToRunningSandbox(options, resources, out);
      case RUN -> runSandbox(options, resources, out);
      case HELP -> throw new IllegalStateException("handled above");
    };
  }

  private static List<GenericKubernetesResource> readManifests(SandboxOptions options) {
    var defaultExamples = options.paths().equals(List.of(SandboxOptions.DEFAULT_EXAMPLES));
    if (defaultExamples && !Files.isDirectory(SandboxOptions.DEFAULT_EXAMPLES)) {
      throw new IllegalArgumentException(
          "no examples/ folder in "
              + Path.of("").toAbsolutePath()
              + ": run from the repository root or name the files");
    }
    return Manifests.read(Manifests.find(options.paths()), new KubernetesSerialization());
  }

  private static int runSandbox(
      SandboxOptions options, List<GenericKubernetesResource> resources, PrintStream out)
      throws Exception {
    var session = SandboxSession.start(options, out);
    PreviewServer previews;
    try {
      previews = PreviewServer.start(session.client(), options.previewPort());
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
    out.printf(
        "chart previews: %s (a page per visualization and dashboard, drawn with vega-embed)%n",
        previews.url());
    // Ctrl+C skips the finally below: without the hook, etcd and kube-apiserver would outlive us.
    var stopOnExit = new Thread(() -> stop(session, options, out));
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      SandboxState state = null;
      if (!options.once()) {
        // Written before the files are applied, so kubectl can watch them become Ready.
        state = session.publish(options.stateDir());
        out.printf(
            "kubeconfig: %s%n  export KUBECONFIG=%s%n", state.kubeconfig(), state.kubeconfig());
        session
            .kubectl()
            .ifPresent(
                kubectl ->
                    out.printf(
                        "  kubectl: %s (came with kube-apiserver; any kubectl works)%n", kubectl));
      }
      var applied = session.apply(resources);
      session.startOperator();
      var states =
          new ReadinessWaiter(session.client()).await(kibanaObjects(applied), options.timeout());
      var exitCode = Report.print(states, session::kibanaSummary, out);
      if (options.browserCheck() != null) {
        var checked = PreviewBrowserCheck.run(previews.url(), options.browserCheck(), out);
        exitCode = Math.max(exitCode, checked);
      }
      if (options.once()) {
        return exitCode;
      }
      printAccess(state, previews.url(), out);
      new CountDownLatch(1).await();
      return exitCode;
    } finally {
      previews.close();
      session.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: nothing to undo.
      }
    }
  }

  private static int applyToRunningSandbox(
      SandboxOptions options, List<GenericKubernetesResource> resources, PrintStream out)
      throws Exception {
    var state = SandboxState.read(options.stateDir());
    try (var client = clientFor(Path.of(state.kubeconfig()))) {
      var applied =
          new ManifestApplier(client, state.serverSideApply(), state.kibanaUrl(), out)
              .apply(resources);
      var states = new ReadinessWaiter(client).await(kibanaObjects(applied), options.timeout());
      return Report.print(
          states,
          () ->
              KibanaSummary.read(state.kibanaUrl(), state.kibanaUsername(), state.kibanaPassword()),
          out);
    }
  }

  /** A client for the sandbox's API only, from the kubeconfig it wrote (not ~/.kube). */
  private static KubernetesClient clientFor(Path kubeconfig) throws IOException {
    if (!Files.isRegularFile(kubeconfig)) {
      throw new IllegalStateException(
          "the running sandbox's kubeconfig " + kubeconfig + " is missing");
    }
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static List<GenericKubernetesResource> kibanaObjects(List<GenericKubernetesResource> applied) {
    return applied.stream().filter(ManifestApplier::isKibanaObject).toList();
  }

  private static void printAccess(SandboxState state, String previewUrl, PrintStream out) {
    var jar = ownJar();
    out.printf(
        """

        The sandbox is up; Ctrl+C stops it.
          Kibana (kibana-sim): %s   user %s, password %s
                               (an API only, no UI: a LINK opens the chart in a real Kibana)
            curl -u %s:%s %s/api/saved_objects/_find?type=visualization
          Kubernetes API:      %s   (%s)
          kubeconfig:          %s
            export KUBECONFIG=%s
            kubectl get kibanaconnections,kibanaspaces,kibanavisualizations,kibanadashboards,kibanaroles -A
            kubectl apply %s-f FILE.yaml
          without kubectl:     java -jar %s apply FILE.yaml
          chart previews:      %s
        """,
        state.kibanaUrl(),
        state.kibanaUsername(),
        state.kibanaPassword(),
        state.kibanaUsername(),
        state.kibanaPassword(),
        state.kibanaUrl(),
        state.kubernetesUrl(),
        state.serverSideApply()
            ? "a real kube-apiserver, its own etcd; HTTPS with the kubeconfig's client certificate"
            : "the in-memory mock, plain HTTP, no credentials; kubectl works only in part",
        state.kubeconfig(),
        state.kubeconfig(),
        state.serverSideApply() ? "--server-side " : "",
        jar,
        previewUrl);
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
    if (!options.once()) {
      // Only a serving sandbox wrote it; --once must not delete another sandbox's.
      try {
        SandboxState.delete(options.stateDir());
      } catch (IOException e) {
        out.println("could not delete the state file: " + e.getMessage());
      }
    }
    session.close();
  }

  /**
   * Warnings only, and errors only from the operator: the report is the sandbox's output, and it
   * shows every resource's final reason. The operator's warnings are about retries on the way (a
   * connection not checked yet); -Dorg.slf4j.simpleLogger.log.io.github.kibanaobjects=info shows
   * them.
   */
  private static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.github.kibanaobjects", "error");
    // "unstable version v1alpha1": true, and not news to the user of this sandbox.
    setIfAbsent(
        "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal"
            + ".VersionUsageUtils",
        "error");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}

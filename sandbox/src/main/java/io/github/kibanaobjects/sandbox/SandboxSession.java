package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.KubernetesClients;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The three servers of one sandbox, started in order: kibana-sim, the Kubernetes API (real or mock)
 * with the CRDs, then (after the files are applied) the operator. Closing stops them in reverse.
 */
final class SandboxSession implements AutoCloseable {

  private final SimConfig simConfig;
  private final KibanaSim sim;
  private final SandboxKubernetes kubernetes;
  private final PrintStream out;
  private Operator operator;
  private boolean closed;

  private SandboxSession(
      SimConfig simConfig, KibanaSim sim, SandboxKubernetes kubernetes, PrintStream out) {
    this.simConfig = simConfig;
    this.sim = sim;
    this.kubernetes = kubernetes;
    this.out = out;
  }

  static SandboxSession start(SandboxOptions options, PrintStream out) throws IOException {
    return start(options, out, RealKubernetes::start);
  }

  /** With the given way to start a real API server (tests share one). */
  static SandboxSession start(
      SandboxOptions options, PrintStream out, SandboxKubernetes.RealStarter real)
      throws IOException {
    var simConfig = SimConfig.defaults().withPort(kibanaPort(options.kibanaPort()));
    var sim = KibanaSim.start(simConfig);
    SandboxKubernetes kubernetes = null;
    try {
      kubernetes = SandboxKubernetes.launch(options, out, real);
      var crds = BundledCrds.load(kubernetes.client().getKubernetesSerialization());
      if (crds.isEmpty()) {
        // Without them the API knows none of the operator's kinds: nothing could be applied.
        throw new IllegalStateException(
            "no CRDs are bundled in the sandbox: the build copies"
                + " them from the repository's crds/ folder, which was empty or missing");
      }
      kubernetes.install(crds);
      out.printf(
          "kibana-sim %s on %s; Kubernetes API (%s) on %s (%d CRDs)%n",
          sim.kibanaVersion(),
          sim.baseUrl(),
          kubernetes.description(),
          kubernetes.url(),
          crds.size());
      return new SandboxSession(simConfig, sim, kubernetes, out);
    } catch (IOException | RuntimeException e) {
      if (kubernetes != null) {
        kubernetes.close();
      }
      sim.close();
      throw e;
    }
  }

  /** 5601, Kibana's own port, when it is free; otherwise any free port. */
  private static int kibanaPort(int requested) {
    if (requested >= 0) {
      return requested;
    }
    try (var probe =
        new ServerSocket(
            SandboxOptions.PREFERRED_KIBANA_PORT, 1, InetAddress.getLoopbackAddress())) {
      return SandboxOptions.PREFERRED_KIBANA_PORT;
    } catch (IOException taken) {
      return 0;
    }
  }

  List<GenericKubernetesResource> apply(List<GenericKubernetesResource> resources) {
    return new ManifestApplier(
            kubernetes.client(), kubernetes.serverSideApply(), sim.baseUrl(), out)
        .apply(resources);
  }

  void startOperator() {
    operator =
        // Its own client, built as production builds it (JSON limits, one HTTP backend); the
        // operator closes it on stop.
        KibanaObjectsOperator.create(
            KubernetesClients.create(kubernetes.client().getConfiguration()),
            OperatorConfig.defaults().withHealthPort(-1));
    operator.start();
  }

  KubernetesClient client() {
    return kubernetes.client();
  }

  /** The kubectl that came with a real API server's binaries, if any. */
  Optional<Path> kubectl() {
    return kubernetes.kubectl();
  }

  KibanaSim sim() {
    return sim;
  }

  KibanaSummary kibanaSummary() throws IOException, InterruptedException {
    return KibanaSummary.read(
        sim.baseUrl(), simConfig.superuserName(), simConfig.superuserPassword());
  }

  /** Writes the kubeconfig and the state file that {@code sandbox apply} reads. */
  SandboxState publish(Path stateDir) throws IOException {
    var kubeconfig = kubernetes.writeKubeconfig(stateDir.resolve("kubeconfig")).toAbsolutePath();
    var state =
        new SandboxState(
            ProcessHandle.current().pid(),
            kubernetes.url(),
            kubeconfig.toString(),
            kubernetes.serverSideApply(),
            sim.baseUrl(),
            simConfig.superuserName(),
            simConfig.superuserPassword());
    state.write(stateDir);
    return state;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (operator != null) {
        operator.stop();
      }
    } finally {
      try {
        kubernetes.close();
      } finally {
        sim.close();
      }
    }
  }
}

package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One sandbox on a real kube-apiserver (etcd + kube-apiserver from kube-api-test's cache), with
 * kibana-sim and the operator running, shared by every test class of this JVM that asks for it: the
 * API server takes 6 to 20 s to start, so it starts once. Test classes use their own namespaces.
 * Stopped when the test run ends (JUnit closes the root store's values).
 *
 * <p>Use: {@code @ExtendWith(RealSandbox.Resolver.class)} and a {@code RealSandbox} parameter.
 */
final class RealSandbox implements AutoCloseable {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final RealKubernetes kubernetes;
  private final SandboxSession session;
  private final Path kubeconfig;
  private final ByteArrayOutputStream output;

  private RealSandbox(
      RealKubernetes kubernetes,
      SandboxSession session,
      Path kubeconfig,
      ByteArrayOutputStream output) {
    this.kubernetes = kubernetes;
    this.session = session;
    this.kubeconfig = kubeconfig;
    this.output = output;
  }

  /** Throws when no real API server can start: these tests must not quietly run on the mock. */
  static RealSandbox start() throws IOException {
    var output = new ByteArrayOutputStream();
    var out = new PrintStream(output, true, StandardCharsets.UTF_8);
    var kubernetes = RealKubernetes.start(out);
    SandboxSession session = null;
    try {
      session =
          SandboxSession.start(
              SandboxOptions.parse("--port-kibana", "0"), out, print -> kubernetes);
      session.startOperator();
      // The chart libraries load once per JVM (seconds, a minute on a busy machine): not counted
      // against READY_TIMEOUT. The session's Kibana is the simulator's default.
      var kibana = SimConfig.defaults();
      ChartValidations.shared()
          .warmUp(VegaLibraries.forKibana(kibana.versionNumber(), kibana.serverless()));
      var dir = Files.createTempDirectory("real-sandbox");
      var kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig"));
      return new RealSandbox(kubernetes, session, kubeconfig, output);
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close();
      } else {
        kubernetes.close();
      }
      throw e;
    }
  }

  KubernetesClient client() {
    return session.client();
  }

  KibanaSim sim() {
    return session.sim();
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl that came with kube-apiserver. */
  Path kubectl() {
    return kubernetes.kubectl().orElseThrow();
  }

  /** What kubectl printed (stdout and stderr together) and its exit code. */
  record KubectlResult(int exitCode, String output) {}

  /** Runs the real kubectl on this sandbox's kubeconfig, and nothing from the developer's. */
  KubectlResult runKubectl(String... args) throws IOException, InterruptedException {
    var command = new java.util.ArrayList<String>();
    command.add(kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + List.of(args) + " did not finish");
    }
    return new KubectlResult(process.exitValue(), output);
  }

  /** Everything the sandbox printed so far, for assertion messages. */
  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  /** Applies the YAML the sandbox's way and waits until its Kibana objects settle. */
  List<ResourceState> applyAndAwait(String yaml) throws InterruptedException {
    return applyAndAwait(Manifests.parse(yaml, "test.yaml", SERIALIZATION));
  }

  List<ResourceState> applyAndAwait(List<GenericKubernetesResource> resources)
      throws InterruptedException {
    var applied = session.apply(resources);
    return new ReadinessWaiter(client()).await(Sandbox.kibanaObjects(applied), READY_TIMEOUT);
  }

  @Override
  public void close() {
    session.close();
  }

  /** Resolves a {@code RealSandbox} parameter to the one of this JVM, starting it on first use. */
  static final class Resolver implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(RealSandbox.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == RealSandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .computeIfAbsent(
              RealSandbox.class,
              key -> {
                try {
                  return start();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              RealSandbox.class);
    }
  }
}

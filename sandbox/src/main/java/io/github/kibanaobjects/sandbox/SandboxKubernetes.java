package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes API a sandbox runs on: a real kube-apiserver ({@link RealKubernetes}, the default)
 * or the Fabric8 mock ({@link InMemoryKubernetes}, with {@code --mock} or when no kube-apiserver
 * can be had).
 */
interface SandboxKubernetes extends AutoCloseable {

  /**
   * What does not work on the mock, for the one line that says the sandbox fell back to it.
   * Everything here works on the real API server (KubectlTest proves it).
   */
  String MOCK_LIMITS =
      "kubectl describe (no events), explain, get -w, diff, apply --server-side"
          + " and printer columns do not work there, and nothing checks resources against the CRD"
          + " schemas";

  /** A client for the sandbox's own use: it never reads ~/.kube or KUBECONFIG. */
  KubernetesClient client();

  /** The API's base URL, no trailing slash. */
  String url();

  /** For the start line: what serves the API, for example "kube-apiserver v1.32.13". */
  String description();

  /** Whether writes can use server-side apply (the mock has none). */
  boolean serverSideApply();

  /** The kubectl that came with the API server's binaries, if any. */
  default Optional<Path> kubectl() {
    return Optional.empty();
  }

  /** Installs the CRDs and returns once the API serves their kinds. */
  void install(List<CustomResourceDefinition> crds);

  /** A kubeconfig (YAML) whose current context is this API, with whatever credentials it needs. */
  String kubeconfig();

  /** Writes {@link #kubeconfig()} to the file, creating its folder. */
  default Path writeKubeconfig(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, kubeconfig());
    return file;
  }

  @Override
  void close();

  /** Starts a real API server; throws when none can be had (no binaries, no download). */
  @FunctionalInterface
  interface RealStarter {
    SandboxKubernetes start(PrintStream out);
  }

  /**
   * The real API server unless {@code --mock}; the mock when the real one cannot start, saying so
   * in one line.
   */
  static SandboxKubernetes launch(SandboxOptions options, PrintStream out, RealStarter real)
      throws IOException {
    if (!options.mock()) {
      try {
        return real.start(out);
      } catch (RuntimeException e) {
        out.printf(
            "No real Kubernetes API server (%s): using the in-memory mock instead; %s"
                + " (--mock skips this attempt).%n",
            RealKubernetes.reason(e), MOCK_LIMITS);
      }
    }
    return InMemoryKubernetes.start(options.kubernetesPort());
  }
}

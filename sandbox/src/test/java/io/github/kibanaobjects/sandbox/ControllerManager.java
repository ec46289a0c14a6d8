package io.github.kibanaobjects.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real kube-controller-manager running the namespace controller (and the garbage collector)
 * against the sandbox's API server: kube-api-test starts only etcd and kube-apiserver, so without
 * it a deleted namespace stays Terminating forever and {@code kubectl delete namespace} proves
 * nothing.
 *
 * <p>kube-api-test does not download it: it is looked up beside the library's cache, in {@code
 * $KUBE_API_TEST_DIR/extra/} (else {@code ~/.kubeapitest/extra/}), where the offline seed that
 * {@code .ci/run} installs puts it.
 */
final class ControllerManager implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ControllerManager(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Path binary() {
    var dir = System.getenv("KUBE_API_TEST_DIR");
    var cache =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("user.home"), ".kubeapitest")
            : Path.of(dir);
    return cache.resolve("extra").resolve("kube-controller-manager");
  }

  /** Starts it on the kubeconfig's cluster; it works once it has synced its informers. */
  static ControllerManager start(Path kubeconfig) throws IOException {
    var binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "no kube-controller-manager at "
              + binary
              + ": the namespace-deletion test needs one (a Kubernetes release's binary of the"
              + " API server's minor version; .ci/run installs it there)");
    }
    var log = Files.createTempFile("kube-controller-manager-", ".log");
    var process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--kubeconfig=" + kubeconfig,
                    "--controllers=namespace-controller,garbage-collector-controller",
                    "--leader-elect=false",
                    // nothing to serve: no health port to collide with anything else
                    "--secure-port=0",
                    "--concurrent-namespace-syncs=2"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    return new ControllerManager(process, log);
  }

  /** Its output so far, for assertion messages. */
  String log() {
    try {
      var text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

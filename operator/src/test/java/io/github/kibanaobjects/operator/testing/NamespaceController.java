package io.github.kibanaobjects.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real kube-controller-manager running only the namespace controller against {@link
 * RealApiServer}: kube-api-test starts etcd and kube-apiserver alone, so without it a deleted
 * namespace stays Terminating and nothing in it is deleted. With it, {@code kubectl delete
 * namespace} does what it does on a cluster: it deletes everything in the namespace at once, and
 * the namespace goes once the last finalizer is removed.
 *
 * <p>The binary is not downloaded by kube-api-test: it is looked up beside the library's cache, in
 * {@code $KUBE_API_TEST_DIR/extra/} (else {@code ~/.kubeapitest/extra/}), where the offline seed
 * puts it.
 */
public final class NamespaceController implements AutoCloseable {
  /** A bound for a broken clean-up, not a timing: a namespace goes in seconds. */
  public static final Duration GONE_WAIT = Duration.ofMinutes(2);

  private final Process process;
  private final Path log;

  private NamespaceController(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts it on the server's cluster; it deletes namespaces once it has synced its informers. */
  public static NamespaceController start(RealApiServer server) {
    var dir = System.getenv("KUBE_API_TEST_DIR");
    var cache =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("user.home"), ".kubeapitest")
            : Path.of(dir);
    var binary = cache.resolve("extra").resolve("kube-controller-manager");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "no kube-controller-manager at " + binary + ": namespace deletion tests need one");
    }
    try {
      var log = Files.createTempFile("namespace-controller-", ".log");
      log.toFile().deleteOnExit();
      var process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--kubeconfig=" + server.kubeconfig(),
                      "--controllers=namespace-controller",
                      "--leader-elect=false",
                      // nothing to serve: no port to collide with anything else
                      "--secure-port=0"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      return new NamespaceController(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the namespace is gone; a namespace that stays fails with what is still in it and
   * the controller's last words.
   *
   * @param remaining describes what is still in the namespace, for the failure message
   */
  public void awaitGone(
      KubernetesClient client, String namespace, java.util.function.Supplier<String> remaining) {
    try {
      Awaitility.await()
          .atMost(GONE_WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> client.namespaces().withName(namespace).get() == null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "namespace %s is still there, holding %s; kube-controller-manager said:%n%s"
              .formatted(namespace, remaining.get(), tail()),
          e);
    }
  }

  private String tail() {
    try {
      var text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.KubeAPITestException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Choosing the sandbox's Kubernetes API: the real one, or the mock and why. */
class SandboxKubernetesTest {

  @Test
  void fallsBackToTheMockInOneLineNamingWhatDoesNotWorkThere() throws Exception {
    var out = new ByteArrayOutputStream();

    try (var kubernetes =
        SandboxKubernetes.launch(
            SandboxOptions.parse(),
            print(out),
            print -> {
              throw new KubeAPITestException(new UnknownHostException("binaries.example"));
            })) {

      assertThat(kubernetes).isInstanceOf(InMemoryKubernetes.class);
      assertThat(kubernetes.serverSideApply()).isFalse();
    }
    var text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(1);
    assertThat(text)
        .startsWith("No real Kubernetes API server (UnknownHostException: binaries.example)")
        .contains(
            "in-memory mock",
            "describe",
            "explain",
            "get -w",
            "diff",
            "apply --server-side",
            "printer columns",
            "--mock");
  }

  @Test
  void mockSkipsTheRealApiServerSilently() throws Exception {
    var out = new ByteArrayOutputStream();

    try (var kubernetes =
        SandboxKubernetes.launch(
            SandboxOptions.parse("--mock"),
            print(out),
            print -> {
              throw new AssertionError("--mock must not try a real API server");
            })) {

      assertThat(kubernetes).isInstanceOf(InMemoryKubernetes.class);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void kubeApiTestSettingsFromTheEnvironmentDoNotReachItsBrokenParsing() {
    // kube-api-test 7.5.2 would cast the variables' text to Boolean/Integer and throw; every
    // such setting is given in code, so build() never reads them.
    var config = RealKubernetes.config();

    assertThat(config.getStartupTimeout()).isPositive();
    assertThat(config.isUpdateKubeConfig()).as("never touch the user's ~/.kube/config").isFalse();
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}

package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

  @Test
  void defaultsToRunningTheExamplesWithFreePorts() {
    var options = SandboxOptions.parse();
    assertThat(options.command()).isEqualTo(SandboxOptions.Command.RUN);
    assertThat(options.once()).isFalse();
    assertThat(options.mock()).as("a real API server by default").isFalse();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.kubernetesPort()).isZero();
    assertThat(options.kibanaPort()).isEqualTo(-1);
    assertThat(options.stateDir()).isEqualTo(Path.of("target", "sandbox"));
    assertThat(options.paths()).containsExactly(Path.of("examples"));
  }

  @Test
  void readsFlagsAndPaths() {
    var options =
        SandboxOptions.parse(
            "--once",
            "--mock",
            "--timeout",
            "90s",
            "--port-k8s",
            "7443",
            "--port-kibana",
            "5602",
            "--state-dir",
            "/tmp/s",
            "a.yaml",
            "more/");
    assertThat(options.once()).isTrue();
    assertThat(options.mock()).isTrue();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.kubernetesPort()).isEqualTo(7443);
    assertThat(options.kibanaPort()).isEqualTo(5602);
    assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/s"));
    assertThat(options.paths()).isEqualTo(List.of(Path.of("a.yaml"), Path.of("more/")));
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() throws Exception {
    assertThat(SandboxOptions.parse("--help").command()).isEqualTo(SandboxOptions.Command.HELP);
    assertThat(SandboxOptions.parse("--once", "-h").command())
        .isEqualTo(SandboxOptions.Command.HELP);
    var out = new ByteArrayOutputStream();

    var exitCode =
        Sandbox.run(
            SandboxOptions.parse("--help"), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exitCode).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage:")
        .contains("--mock", "--once", "apply", "kube-apiserver");
  }

  @Test
  void applyNeedsFiles() {
    assertThat(SandboxOptions.parse("apply", "x.yaml").command())
        .isEqualTo(SandboxOptions.Command.APPLY);
    assertThatThrownBy(() -> SandboxOptions.parse("apply"))
        .hasMessageContaining("at least one file");
  }

  @Test
  void rejectsUnknownOptionsAndBadValues() {
    assertThatThrownBy(() -> SandboxOptions.parse("--wait")).hasMessageContaining("--wait");
    assertThatThrownBy(() -> SandboxOptions.parse("--timeout")).hasMessageContaining("a value");
    assertThatThrownBy(() -> SandboxOptions.parse("--timeout", "soon"))
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> SandboxOptions.parse("--port-k8s", "70000"))
        .hasMessageContaining("70000");
  }
}

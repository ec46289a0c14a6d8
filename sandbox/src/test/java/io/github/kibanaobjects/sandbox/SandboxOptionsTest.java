package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.kubernetesPort()).isZero();
    assertThat(options.kibanaPort()).isEqualTo(-1);
    assertThat(options.stateDir()).isEqualTo(Path.of("target", "sandbox"));
    assertThat(options.paths()).containsExactly(Path.of("examples"));
  }

  @Test
  void readsFlagsAndPaths() {
    var options = SandboxOptions.parse("--once", "--timeout", "90s", "--port-k8s", "7443",
        "--port-kibana", "5602", "--state-dir", "/tmp/s", "a.yaml", "more/");
    assertThat(options.once()).isTrue();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.kubernetesPort()).isEqualTo(7443);
    assertThat(options.kibanaPort()).isEqualTo(5602);
    assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/s"));
    assertThat(options.paths()).isEqualTo(List.of(Path.of("a.yaml"), Path.of("more/")));
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

package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sandbox with {@code --once --mock}: the real operator against the in-memory API and
 * kibana-sim, on a folder of example files. The report and exit codes are the same on a real API
 * server (ExamplesTest runs there); the mock keeps these runs fast and covers the fallback.
 */
class SandboxTest {
  @BeforeAll
  static void loadChartLibraries() {
    // The chart libraries of the simulator's Kibana load once per JVM (seconds, a minute on a
    // busy machine): not counted against --timeout.
    var kibana = SimConfig.defaults();
    ChartValidations.shared()
        .warmUp(VegaLibraries.forKibana(kibana.versionNumber(), kibana.serverless()));
  }

  private static final String NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: sbx-test}
      """;

  private static final String CONNECTION =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: kibana-credentials, namespace: sbx-test}
      stringData: {username: elastic, password: changeme}
      ---
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaConnection
      metadata: {name: kibana, namespace: sbx-test}
      spec:
        url: https://kibana.example.com:5601
        auth:
          basicAuthSecretRef: {name: kibana-credentials}
      """;

  private static final String VISUALIZATION =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaVisualization
      metadata: {name: tiny-bars, namespace: sbx-test}
      spec:
        connectionRef: {name: kibana}
        title: Tiny bars
        vegaLite:
          data: {values: [{a: A, b: 28}, {a: B, b: 55}]}
          mark: bar
          encoding:
            x: {field: a, type: nominal}
            y: {field: b, type: quantitative}
      """;

  private static final String ROLE =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaRole
      metadata: {name: chart-readers, namespace: sbx-test}
      spec:
        connectionRef: {name: kibana}
        description: Reads charts
        kibana:
          - spaces: ["*"]
            feature: {visualize: [read]}
      """;

  /** Points at a connection that does not exist: it can never become Ready. */
  private static final String ORPHAN =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaVisualization
      metadata: {name: orphan, namespace: sbx-test}
      spec:
        connectionRef: {name: no-such-connection}
        title: Orphan
        vegaLite: {mark: point}
      """;

  @Test
  void everyExampleBecomesReadyAndTheRunExitsZero(@TempDir Path examples) throws Exception {
    writeExamples(examples);
    var out = new ByteArrayOutputStream();

    var exitCode = Sandbox.run(options(examples), print(out));

    var text = out.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as(text).isEqualTo(Report.ALL_READY);
    assertThat(text)
        .contains("KibanaConnection sbx-test/kibana: spec.url https://kibana.example.com:5601 -> ")
        .containsPattern("(?m)^KIND +NAMESPACE/NAME +READY +REASON +KIBANA ID +LINK$")
        .containsPattern("(?m)^KibanaConnection +sbx-test/kibana +True +Connected +8\\.19\\.0$")
        .containsPattern(
            "(?m)^KibanaVisualization +sbx-test/tiny-bars +True +Synced +tiny-bars"
                + " +http://127\\.0\\.0\\.1:\\d+/app/visualize#/edit/tiny-bars$")
        .containsPattern("(?m)^KibanaRole +sbx-test/chart-readers +True +Synced +chart-readers$")
        .contains("  space default: 1 visualization\n")
        .contains("  roles (not built in): 1 (chart-readers)\n")
        .containsPattern("requests served: \\d+ Kibana API requests, [1-9]\\d* writes")
        .contains("All 3 resources are Ready.");
  }

  @Test
  void aResourceThatCannotBecomeReadyIsNamedAndTheRunExitsOne(@TempDir Path examples)
      throws Exception {
    writeExamples(examples);
    Files.writeString(examples.resolve("orphan.yaml"), ORPHAN);
    var out = new ByteArrayOutputStream();

    var exitCode = Sandbox.run(options(examples), print(out));

    var text = out.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as(text).isEqualTo(Report.NOT_READY);
    assertThat(text)
        .containsPattern("(?m)^KibanaVisualization +sbx-test/orphan +False +ConnectionNotFound")
        .contains("1 of 4 resources are not Ready:")
        .contains("  KibanaVisualization/sbx-test/orphan: ConnectionNotFound");
  }

  private static SandboxOptions options(Path examples) {
    // Port 0 for both servers: never collide with a Kibana or a sandbox already on 5601. The
    // timeout only bounds a failing run (a passing one ends when all are Ready): generous, since
    // on a busy machine a retry's backoff plus a chart check can take most of a minute.
    return SandboxOptions.parse(
        "--once", "--mock", "--timeout", "120s", "--port-kibana", "0", examples.toString());
  }

  private static void writeExamples(Path dir) throws IOException {
    Files.writeString(dir.resolve("00-namespace.yaml"), NAMESPACE);
    Files.writeString(dir.resolve("connection.yaml"), CONNECTION);
    Files.writeString(dir.resolve("tiny-bars.yaml"), VISUALIZATION);
    Files.writeString(dir.resolve("role.yaml"), ROLE);
    Files.writeString(dir.resolve("README.md"), "not a manifest");
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}

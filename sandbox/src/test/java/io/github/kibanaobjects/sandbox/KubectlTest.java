package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (the one kube-api-test keeps next to kube-apiserver) against the sandbox on a
 * real API server, running the commands the README and docs promise: each of them failed or hung
 * against the mock.
 */
@ExtendWith(RealSandbox.Resolver.class)
class KubectlTest {

  private static final String NAMESPACE = "kubectl-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bounds every kubectl call, so a hang fails the test instead of stalling the build. */
  private static final long KUBECTL_SECONDS = 60;

  private static final String CONNECTION =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: kubectl-test}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: kibana-credentials, namespace: kubectl-test}
      stringData: {username: elastic, password: changeme}
      ---
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaConnection
      metadata: {name: kibana, namespace: kubectl-test}
      spec:
        url: http://localhost:5601
        auth:
          basicAuthSecretRef: {name: kibana-credentials}
      """;

  private static final String CHART =
      """
      apiVersion: kibanaobjects.github.io/v1alpha1
      kind: KibanaVisualization
      metadata: {name: %s, namespace: kubectl-test}
      spec:
        connectionRef: {name: kibana}
        title: %s
        vegaLite:
          data: {values: [{a: A, b: 28}, {a: B, b: 55}]}
          mark: bar
          encoding:
            x: {field: a, type: nominal}
            "y": {field: b, type: quantitative}
      """;

  private static RealSandbox sandbox;
  @TempDir static Path home;

  @BeforeAll
  static void applyAChart(RealSandbox shared) throws Exception {
    sandbox = shared;
    var states =
        sandbox.applyAndAwait(
            CONNECTION
                + "---\n"
                + chart("bars", "Bars")
                + "---\n"
                + chart("watched", "Watched")
                + "---\n"
                + chart("edited", "Before"));
    assertThat(states).as(sandbox.output()).hasSize(4).allMatch(ResourceState::isReady);
  }

  @Test
  void createsAndDescribesBuiltInKinds() throws Exception {
    var created =
        kubectl(
            "create", "configmap", "greeting", "-n", NAMESPACE, "--from-literal=greeting=hello");

    assertThat(created.out()).as(created.toString()).contains("configmap/greeting created");
    assertThat(
            sandbox
                .client()
                .configMaps()
                .inNamespace(NAMESPACE)
                .withName("greeting")
                .get()
                .getData())
        .isEqualTo(Map.of("greeting", "hello"));
    var described = kubectl("describe", "configmap", "greeting", "-n", NAMESPACE);
    assertThat(described.out())
        .as(described.toString())
        .containsPattern("(?m)^Name: +greeting$")
        .contains("hello");
  }

  @Test
  void getShowsThePrinterColumns() throws Exception {
    var got = kubectl("get", "kvis", "bars", "-n", NAMESPACE);
    var wide = kubectl("get", "kvis", "bars", "-n", NAMESPACE, "-o", "wide");

    assertThat(got.out())
        .as(got.toString())
        .containsPattern("(?m)^NAME +AGE +READY +REASON +ID +SPACE$")
        .containsPattern("(?m)^bars +\\S+ +True +Synced +bars +default$");
    assertThat(wide.out())
        .as(wide.toString())
        .containsPattern("(?m)^NAME +AGE +TITLE +READY")
        .containsPattern("(?m)^bars +\\S+ +Bars +True");
  }

  @Test
  void describeShowsTheOperatorsEvents() throws Exception {
    var described = kubectl("describe", "kvis", "bars", "-n", NAMESPACE);

    assertThat(described.out())
        .as(described.toString())
        .contains("Events:")
        .containsPattern(
            "(?m)^ +Normal +Created +\\S+ +kibana-objects-operator +created"
                + " visualization \"bars\"");
  }

  @Test
  void explainShowsTheCrdSchema() throws Exception {
    var explained = kubectl("explain", "kvis.spec");

    assertThat(explained.out())
        .as(explained.toString())
        .contains("KIND:", "KibanaVisualization", "FIELDS:")
        .containsPattern("(?m)^ +connectionRef\\s+<Object> -required-")
        .containsPattern("(?m)^ +vegaLite\\s");
  }

  /**
   * The first line comes from kubectl's list; whatever follows comes from its watch, which starts
   * at the list's resourceVersion, so a change made after the first line is read cannot be missed,
   * however late the watch request is.
   */
  @Test
  void getWatchStreamsChanges() throws Exception {
    var process =
        start(
            "get",
            "kvis",
            "watched",
            "-n",
            NAMESPACE,
            "--watch",
            "-o",
            "name",
            "--request-timeout=" + KUBECTL_SECONDS + "s");
    try (var lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      var listed = lines.readLine();
      sandbox
          .client()
          .genericKubernetesResources("kibanaobjects.github.io/v1alpha1", "KibanaVisualization")
          .inNamespace(NAMESPACE)
          .withName("watched")
          .edit(
              r -> {
                r.getMetadata().setAnnotations(Map.of("example.com/touched", "yes"));
                return r;
              });
      var watched = lines.readLine();

      assertThat(listed).isEqualTo("kibanavisualization.kibanaobjects.github.io/watched");
      assertThat(watched)
          .as("the change, from the watch")
          .isEqualTo("kibanavisualization.kibanaobjects.github.io/watched");
    } finally {
      process.destroy();
      process.waitFor(KUBECTL_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * The sandbox applied "edited" as field manager kubectl, so the user's own server-side apply of a
   * changed file takes over without a conflict, and the change reaches Kibana.
   */
  @Test
  void diffShowsAChangeAndApplyServerSideMakesIt(@TempDir Path dir) throws Exception {
    var file = dir.resolve("edited.yaml");
    Files.writeString(file, chart("edited", "After"));

    var diff = kubectl("diff", "-f", file.toString());

    assertThat(diff.exitCode()).as("1: there are differences; " + diff).isEqualTo(1);
    assertThat(diff.out())
        .containsPattern("(?m)^-  +title: Before$")
        .containsPattern("(?m)^\\+  +title: After$");

    var applied = kubectl("apply", "--server-side", "-f", file.toString());

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.out())
        .contains("kibanavisualization.kibanaobjects.github.io/edited serverside-applied");
    var ready =
        new ReadinessWaiter(sandbox.client())
            .await(
                Manifests.parse(
                    chart("edited", "After"), "edited.yaml", new KubernetesSerialization()),
                RealSandbox.READY_TIMEOUT);
    assertThat(ready).as(sandbox.output()).allMatch(ResourceState::isReady);
    assertThat(
            sandbox
                .sim()
                .savedObject("default", "visualization", "edited")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("After");
  }

  /** The API server checks the CRD schema for kubectl and for the sandbox's own apply alike. */
  @Test
  void kubectlAndTheSandboxBothRefuseAMisspeltField(@TempDir Path dir) throws Exception {
    var misspelt = chart("misspelt", "Typo").replace("  title:", "  titel:");
    var file = dir.resolve("misspelt.yaml");
    Files.writeString(file, misspelt);

    var applied = kubectl("apply", "--server-side", "-f", file.toString());

    assertThat(applied.exitCode()).as(applied.toString()).isNotZero();
    assertThat(applied.err()).contains(".spec.titel: field not declared in schema");
    assertThatThrownBy(() -> sandbox.applyAndAwait(misspelt))
        .hasMessageContaining("cannot apply KibanaVisualization kubectl-test/misspelt")
        .hasMessageContaining(".spec.titel: field not declared in schema");
    assertThat(
            sandbox
                .client()
                .genericKubernetesResources(
                    "kibanaobjects.github.io/v1alpha1", "KibanaVisualization")
                .inNamespace(NAMESPACE)
                .withName("misspelt")
                .get())
        .isNull();
  }

  /**
   * kubectl must read every example exactly as the sandbox does (a bare YAML key y, for one, is the
   * boolean true to kubectl and the string "y" to the sandbox's parser).
   */
  @Test
  void kubectlReadsEveryExampleAsTheSandboxDoes() throws Exception {
    var examples = Path.of("..", "examples");
    // create, not apply: a client-side dry run of apply merges objects that already exist.
    var parsed = kubectl("create", "--dry-run=client", "-o", "json", "-f", examples.toString());
    assertThat(parsed.exitCode()).as(parsed.toString()).isZero();
    var byKubectl = new ArrayList<JsonNode>();
    try (var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(parsed.out())) {
      values.forEachRemaining(
          value -> {
            if ("List".equals(value.path("kind").asText())) {
              value.path("items").forEach(byKubectl::add);
            } else {
              byKubectl.add(value);
            }
          });
    }

    var bySandbox = new ArrayList<JsonNode>();
    var yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(examples)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var documents = yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class)) {
          documents.forEachRemaining(bySandbox::add);
        }
      }
    }

    assertThat(byKubectl).hasSameSizeAs(bySandbox).hasSizeGreaterThan(5);
    for (var expected : bySandbox) {
      var name = expected.path("metadata").path("name").asText();
      var kind = expected.path("kind").asText();
      var actual =
          byKubectl.stream()
              .filter(
                  n ->
                      n.path("kind").asText().equals(kind)
                          && n.path("metadata").path("name").asText().equals(name))
              .findFirst()
              .orElseThrow();
      for (var field : List.of("spec", "data", "stringData")) {
        assertThat(withoutNulls(actual.path(field)))
            .as(kind + " " + name + " ." + field)
            .isEqualTo(withoutNulls(expected.path(field)));
      }
    }
  }

  /**
   * kubectl drops fields whose value is null (Altair writes a missing data value as null); for a
   * Vega data row, absent and null are the same missing value.
   */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      var copy = JSON.createObjectNode();
      node.properties()
          .forEach(
              e -> {
                if (!e.getValue().isNull()) {
                  copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
              });
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(item -> copy.add(withoutNulls(item)));
      return copy;
    }
    return node;
  }

  private static String chart(String name, String title) {
    return CHART.formatted(name, title);
  }

  private record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    var process = start(args);
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(KUBECTL_SECONDS, TimeUnit.SECONDS)).as("kubectl exits").isTrue();
    var err = Files.readString(home.resolve("stderr"));
    return new Result(process.exitValue(), out, err);
  }

  /** kubectl with the sandbox's kubeconfig only; its caches go to a temporary folder. */
  private static Process start(String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add(sandbox.kubectl().toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectError(home.resolve("stderr").toFile());
    builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());
    builder.environment().put("KUBECACHEDIR", home.resolve("cache").toString());
    builder.environment().put("HOME", home.toString());
    var process = builder.start();
    process.getOutputStream().close();
    return process;
  }
}

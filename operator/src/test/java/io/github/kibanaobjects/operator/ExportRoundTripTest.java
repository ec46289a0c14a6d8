package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.github.kibanaobjects.operator.mapping.VisualizationMapper;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Export against kibana-sim, then apply what it printed to the operator: the objects are adopted
 * without a single Kibana write, and exporting again prints the same YAML.
 */
@EnableKubernetesMockClient(crud = true)
class ExportRoundTripTest {
  static KubernetesClient client;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static final String HJSON =
      """
      {
        // made in Kibana's editor
        $schema: https://vega.github.io/schema/vega-lite/v5.json
        mark: point
      }
      """;

  static String dashboard() {
    var panels =
        "[{\"type\":\"visualization\",\"embeddableConfig\":{\"title\":\"Trend\"},"
            + "\"panelIndex\":\"a1\",\"gridData\":{\"x\":0,\"y\":0,\"w\":24,\"h\":15,\"i\":\"a1\"},"
            + "\"panelRefName\":\"panel_a1\"},"
            + "{\"type\":\"visualization\",\"embeddableConfig\":{},"
            + "\"panelIndex\":\"b2\",\"gridData\":{\"x\":24,\"y\":0,\"w\":24,\"h\":15,\"i\":\"b2\"},"
            + "\"panelRefName\":\"panel_b2\"}]";
    var attributes = JsonTrees.MAPPER.createObjectNode();
    attributes.put("title", "Sales").put("description", "").put("timeRestore", false);
    attributes.put("panelsJSON", panels);
    attributes.put(
        "optionsJSON", io.github.kibanaobjects.operator.mapping.DashboardMapper.OPTIONS_JSON);
    attributes.put("version", 1);
    attributes
        .putObject("kibanaSavedObjectMeta")
        .put(
            "searchSourceJSON",
            "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}");
    var object = JsonTrees.MAPPER.createObjectNode().put("type", "dashboard").put("id", "sales");
    object.set("attributes", attributes);
    var refs = object.putArray("references");
    refs.addObject()
        .put("name", "a1:panel_a1")
        .put("type", "visualization")
        .put("id", "Sales_Trend");
    refs.addObject().put("name", "b2:panel_b2").put("type", "visualization").put("id", "notes");
    return JsonTrees.compact(object);
  }

  static String export(KibanaClient kibana, String ns) {
    var options =
        ExportCommand.Options.parse(
            List.of("--url", kibana.endpoint().url(), "--space", "default"));
    return ExportCommand.export(kibana, options);
  }

  @Test
  void exportedResourcesAdoptWithoutWritesAndExportTheSameAgain() {
    var ns = harness.newNamespace("export");
    harness.readySuperuserConnection(ns);
    var kibana =
        KibanaClient.create(
            KibanaEndpoint.of(
                harness.sim().baseUrl(), new KibanaCredentials.Basic("elastic", "changeme")));
    // made in Kibana by hand: not managed, one JSON chart, one HJSON chart, a dashboard of both
    kibana
        .savedObjects()
        .importObjects(
            "default",
            List.of(
                VisualizationMapper.toSavedObject(
                    "Sales_Trend",
                    "Trend",
                    "weekly",
                    "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\",\"mark\":\"line\"}",
                    false),
                VisualizationMapper.toSavedObject("notes", "Notes", "", HJSON, false),
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    JsonTrees.parseOrNull(dashboard())),
            true);

    var yaml = export(kibana, ns);
    assertThat(yaml)
        .contains("name: \"sales-trend\"", "id: \"Sales_Trend\"", "adopt: true", "mark: \"line\"");
    assertThat(yaml).contains("visualization: \"sales-trend\"", "visualization: \"notes\"");
    assertThat(yaml).contains("// made in Kibana's editor");

    var writes = harness.kibanaWrites();
    var documents = Arrays.stream(yaml.split("(?m)^---\\n")).filter(d -> !d.isBlank()).toList();
    assertThat(documents).hasSize(3);
    var created = new java.util.ArrayList<io.fabric8.kubernetes.client.CustomResource<?, ?>>();
    for (var document : documents) {
      io.fabric8.kubernetes.client.CustomResource<?, ?> resource =
          document.contains("kind: \"KibanaDashboard\"")
              ? Serialization.unmarshal(document, KibanaDashboard.class)
              : Serialization.unmarshal(document, KibanaVisualization.class);
      resource.getMetadata().setNamespace(ns);
      assertThat(
              ((io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec)
                      resource.getSpec())
                  .problems())
          .as(document)
          .isEmpty();
      created.add(harness.create(resource));
    }
    for (var resource : created) {
      harness.awaitReady((io.fabric8.kubernetes.client.CustomResource) resource);
    }

    assertThat(harness.kibanaWrites()).as("Kibana writes while adopting").isEqualTo(writes);
    assertThat(export(kibana, ns)).isEqualTo(yaml);
  }

  @Test
  void theCommandReadsCredentialsFromTheEnvironmentAndReportsBadUsage() {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var code =
        ExportCommand.run(
            List.of("--url", harness.sim().baseUrl(), "--type", "dashboard", "--id", "none"),
            Map.of("KIBANA_USERNAME", "elastic", "KIBANA_PASSWORD", "changeme"),
            new PrintStream(out),
            new PrintStream(err));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

    var badType =
        ExportCommand.run(
            List.of("--url", "http://x", "--type", "lens"),
            Map.of(),
            new PrintStream(out),
            new PrintStream(err));
    assertThat(badType).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--type lens is not exported");
    assertThat(ExportCommand.credentials(Map.of("KIBANA_API_KEY", "k")))
        .isInstanceOf(KibanaCredentials.ApiKey.class);
  }
}

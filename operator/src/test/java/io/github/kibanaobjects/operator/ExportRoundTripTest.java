package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;
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
        data: {"values": [{"a": 1, "b": 2}]}
        mark: point
        encoding: {
          x: {"field": "a", "type": "quantitative"}
          y: {"field": "b", "type": "quantitative"}
        }
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

  static String export(KibanaClient kibana, String... args) {
    var arguments = new java.util.ArrayList<>(List.of("--url", kibana.endpoint().url()));
    arguments.addAll(List.of(args));
    return ExportCommand.export(kibana, ExportCommand.Options.parse(arguments)).yaml();
  }

  static KibanaClient superuserKibana() {
    return KibanaClient.create(
        KibanaEndpoint.of(
            harness.sim().baseUrl(), new KibanaCredentials.Basic("elastic", "changeme")));
  }

  private static final java.util.regex.Pattern KIND =
      java.util.regex.Pattern.compile("(?m)^kind: \"(\\w+)\"$");

  /** Creates every resource the YAML holds in {@code ns}; each must come out without problems. */
  static List<CustomResource<?, ?>> apply(String ns, String yaml) {
    var kinds =
        Map.<String, Class<? extends CustomResource<?, ?>>>of(
            "KibanaVisualization", KibanaVisualization.class,
            "KibanaDashboard", KibanaDashboard.class,
            "KibanaRole", KibanaRole.class,
            "KibanaSpace", KibanaSpace.class);
    var created = new java.util.ArrayList<CustomResource<?, ?>>();
    for (var document :
        Arrays.stream(yaml.split("(?m)^---\\n")).filter(d -> !d.isBlank()).toList()) {
      var kind = KIND.matcher(document);
      assertThat(kind.find()).as(document).isTrue();
      assertThat(kinds).as(document).containsKey(kind.group(1));
      CustomResource<?, ?> resource = Serialization.unmarshal(document, kinds.get(kind.group(1)));
      resource.getMetadata().setNamespace(ns);
      assertThat(((ResourceSpec) resource.getSpec()).problems()).as(document).isEmpty();
      created.add(harness.create(resource));
    }
    return created;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static void awaitReady(List<CustomResource<?, ?>> resources) {
    for (var resource : resources) {
      harness.awaitReady((CustomResource) resource);
    }
  }

  @Test
  void exportedResourcesAdoptWithoutWritesAndExportTheSameAgain() {
    var ns = harness.newNamespace("export");
    harness.readySuperuserConnection(ns);
    var kibana = superuserKibana();
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
                    "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\","
                        + "\"data\":{\"values\":[{\"week\":1,\"sales\":3},{\"week\":2,\"sales\":5}]},"
                        + "\"mark\":\"line\",\"encoding\":{"
                        + "\"x\":{\"field\":\"week\",\"type\":\"quantitative\"},"
                        + "\"y\":{\"field\":\"sales\",\"type\":\"quantitative\"}}}",
                    false),
                VisualizationMapper.toSavedObject("notes", "Notes", "", HJSON, false),
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    JsonTrees.parseOrNull(dashboard())),
            true);

    var yaml = export(kibana, "--space", "default");
    assertThat(yaml)
        .contains("name: \"sales-trend\"", "id: \"Sales_Trend\"", "adopt: true", "mark: \"line\"");
    assertThat(yaml).contains("visualization: \"sales-trend\"", "visualization: \"notes\"");
    assertThat(yaml).contains("// made in Kibana's editor");

    var writes = harness.kibanaWrites();
    var created = apply(ns, yaml);
    assertThat(created).hasSize(3);
    awaitReady(created);

    assertThat(harness.kibanaWrites()).as("Kibana writes while adopting").isEqualTo(writes);
    assertThat(export(kibana, "--space", "default")).isEqualTo(yaml);
  }

  @Test
  void exportedRolesAndSpacesAdoptWithoutWritesAndExportTheSameAgain() {
    var ns = harness.newNamespace("export-global");
    harness.readySuperuserConnection(ns);
    var kibana = superuserKibana();
    // made in Kibana by hand: a space whose id is no Kubernetes name, a role whose name is none
    kibana
        .spaces()
        .create(
            (ObjectNode)
                JsonTrees.parseOrNull(
                    """
                    {"id": "data_science", "name": "Data science", "color": "#1BA9F5",
                     "initials": "DS", "disabledFeatures": ["dev_tools"]}
                    """));
    kibana
        .roles()
        .put(
            "Data Scientists",
            (ObjectNode)
                JsonTrees.parseOrNull(
                    """
                    {"description": "Reads the cars data", "metadata": {"team": "ds"},
                     "elasticsearch": {"cluster": ["monitor"], "indices": [
                       {"names": ["cars*"], "privileges": ["read"],
                        "field_security": {"grant": ["*"], "except": ["owner"]},
                        "query": "{\\"term\\": {\\"public\\": true}}"}]},
                     "kibana": [
                       {"spaces": ["data_science"], "feature": {"%s": ["all"], "dev_tools": ["read"]}},
                       {"spaces": ["default"], "base": ["read"]}]}
                    """
                        .formatted(harness.visualizeFeature())),
            false);

    var yaml = export(kibana, "--type", "space", "--type", "role");
    assertThat(yaml)
        .contains(
            "kind: \"KibanaSpace\"",
            "name: \"data-science\"",
            "id: \"data_science\"",
            "kind: \"KibanaRole\"",
            "name: \"data-scientists\"",
            "name: \"Data Scientists\"",
            "adopt: true");
    assertThat(yaml.indexOf("kind: \"KibanaSpace\""))
        .as("spaces first: the other kinds wait for theirs")
        .isLessThan(yaml.indexOf("kind: \"KibanaRole\""));
    // reserved roles and the default space are Kibana's own
    assertThat(yaml).doesNotContain("superuser", "kibana_admin", "name: \"default\"");
    var defaultSpace = export(kibana, "--type", "space", "--id", "default");
    assertThat(defaultSpace).contains("kind: \"KibanaSpace\"", "name: \"default\"");

    var writes = harness.kibanaWrites();
    var created = apply(ns, yaml);
    created.addAll(apply(ns, defaultSpace));
    assertThat(created)
        .extracting(r -> r.getMetadata().getName())
        .contains("data-science", "data-scientists", "default");
    awaitReady(created);

    assertThat(harness.kibanaWrites()).as("Kibana writes while adopting").isEqualTo(writes);
    assertThat(export(kibana, "--type", "space", "--type", "role")).isEqualTo(yaml);
    assertThat(export(kibana, "--type", "space", "--id", "default")).isEqualTo(defaultSpace);
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

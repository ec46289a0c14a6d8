package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository's own {@code examples/}: what users copy must work as it is. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Map<String, Class<?>> SPEC_CLASSES =
      Map.of(
          "KibanaConnection", KibanaConnectionSpec.class,
          "KibanaVisualization", KibanaVisualizationSpec.class,
          "KibanaRole", KibanaRoleSpec.class,
          "KibanaSpace", KibanaSpaceSpec.class,
          "KibanaDashboard", KibanaDashboardSpec.class);
  /** Rejects unknown fields, so a misspelt field in an example fails here, not on a cluster. */
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void everyExampleBecomesReadyInTheSandbox() throws Exception {
    var out = new ByteArrayOutputStream();

    var exitCode =
        Sandbox.run(
            SandboxOptions.parse("--once", "--timeout", "60s", "--port-kibana", "0", EXAMPLES.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    var text = out.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as(text).isEqualTo(Report.ALL_READY);
    for (var resource : kibanaResources(false)) {
      assertThat(text)
          .as(text)
          .containsPattern(
              "(?m)^%s +%s/%s +True "
                  .formatted(
                      resource.path("kind").asText(),
                      resource.path("metadata").path("namespace").asText(),
                      resource.path("metadata").path("name").asText()));
    }
  }

  @Test
  void everyExampleIncludingProductionOnesMatchesTheResourceClasses() throws Exception {
    var resources = kibanaResources(true);

    assertThat(resources).extracting(r -> r.path("kind").asText()).contains(
        "KibanaConnection", "KibanaVisualization", "KibanaRole", "KibanaSpace");
    for (var resource : resources) {
      var kind = resource.path("kind").asText();
      assertThat(SPEC_CLASSES).as("known kind " + kind).containsKey(kind);
      assertThat(resource.path("apiVersion").asText()).isEqualTo("kibanaobjects.github.io/v1alpha1");
      assertThat(STRICT.treeToValue(resource.path("spec"), SPEC_CLASSES.get(kind))).isNotNull();
    }
  }

  /** Every kibanaobjects document under examples/ (with or without production/). */
  private static List<JsonNode> kibanaResources(boolean withProduction) {
    var yaml = new YAMLMapper(new YAMLFactory());
    var found = new ArrayList<JsonNode>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!withProduction && file.toString().contains("production")) {
          continue;
        }
        try (var parser = yaml.getFactory().createParser(file.toFile())) {
          var documents = yaml.readValues(parser, JsonNode.class);
          while (documents.hasNext()) {
            var document = documents.next();
            if (document != null && document.path("apiVersion").asText().startsWith("kibanaobjects.github.io/")) {
              found.add(document);
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found;
  }
}

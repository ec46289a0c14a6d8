package io.github.kibanaobjects.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every KibanaVisualization in examples/ is resolved as the operator resolves it (a specFrom
 * ConfigMap is read from the examples) and passes the real libraries of both majors: an example
 * must draw on any Kibana the operator supports.
 */
class ExampleChartsTest {
  // Loading the libraries (seconds, over a minute on a busy machine) is not a check's time.
  @org.junit.jupiter.api.BeforeAll
  static void loadLibraries() {
    for (var libraries : VegaLibraries.values()) {
      ChartValidations.shared().warmUp(libraries);
    }
  }

  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Example(String name, VegaSpecResolver.Chart chart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Example> examples() throws IOException {
    var found = new ArrayList<Example>();
    var byFile = new TreeMap<String, List<JsonNode>>();
    try (var files = Files.list(EXAMPLES)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        byFile.put(file.getFileName().toString(), documents(file));
      }
    }
    // A chart file in a ConfigMap may be shared by examples in other files (as kubectl apply -f
    // examples/ would find it).
    var configMaps = new HashMap<String, JsonNode>();
    byFile.values().stream()
        .flatMap(List::stream)
        .filter(d -> "ConfigMap".equals(d.path("kind").asText()))
        .forEach(d -> configMaps.put(d.at("/metadata/name").asText(), d.path("data")));
    for (var entry : byFile.entrySet()) {
      for (var document : entry.getValue()) {
        if (!"KibanaVisualization".equals(document.path("kind").asText())) {
          continue;
        }
        var spec =
            JsonTrees.MAPPER.treeToValue(document.path("spec"), KibanaVisualizationSpec.class);
        String chartFile = null;
        if (spec.getSpecFrom() != null) {
          var ref = spec.getSpecFrom().getConfigMapKeyRef();
          chartFile = configMaps.get(ref.getName()).path(ref.getKey()).asText();
        }
        found.add(
            new Example(
                entry.getKey() + "/" + document.at("/metadata/name").asText(),
                VegaSpecResolver.resolveChart(spec, chartFile)));
      }
    }
    assertThat(found).as("visualizations in examples/").hasSizeGreaterThanOrEqualTo(4);
    return found.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theRealLibrariesRunIt(Example example) {
    for (var libraries : VegaLibraries.values()) {
      var result = ChartValidations.shared().check(example.chart(), libraries);

      assertThat(result.valid()).as("%s: %s", example, result.message()).isTrue();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(d -> d != null && d.isObject())
          .toList();
    }
  }
}

package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One directory per chart shape under src/test/resources/golden: {@code input.json} (the chart, its
 * library and the elasticsearchData binding), {@code expected.json} (what the operator sends
 * Kibana) and {@code response.json} (a search response shaped like Elasticsearch's). The rewrite
 * must equal the golden file, and the real libraries must draw it from the response with every
 * field copied out of _source in every row. {@code -Dgolden.update=true} rewrites the expected
 * files.
 */
class GoldenChartsTest {
  // Loading the libraries (seconds, over a minute on a busy machine) is not a check's time.
  @org.junit.jupiter.api.BeforeAll
  static void loadLibraries() {
    for (var libraries : VegaLibraries.values()) {
      ChartValidations.shared().warmUp(libraries);
    }
  }

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<String> cases() throws IOException {
    try (var dirs = Files.list(GOLDEN)) {
      return dirs
          .filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void rewriteMatchesTheGoldenFile(String name) throws IOException {
    var dir = GOLDEN.resolve(name);
    var input = read(dir.resolve("input.json"));
    var library = input.get("library").asText().equals("vega") ? Library.VEGA : Library.VEGA_LITE;
    var data =
        JsonTrees.MAPPER.treeToValue(input.get("elasticsearchData"), ElasticsearchData.class);

    var text = VegaSpecResolver.fromObject(input.get("chart"), library, data);
    var actual = JsonTrees.parseOrNull(text);

    var expectedFile = dir.resolve("expected.json");
    if (Boolean.getBoolean("golden.update") || !Files.exists(expectedFile)) {
      Files.writeString(expectedFile, text + "\n");
    }
    assertThat(actual).isEqualTo(read(expectedFile));

    var copied = new ArrayList<String>();
    collectCopies(actual, copied);
    assertThat(copied).as("fields copied from _source").isNotEmpty();

    // The real libraries of the chart's major draw it from the sample response, and every row
    // that came from a hit carries every field copied out of _source.
    var hits = read(dir.resolve("response.json")).at("/hits/hits");
    var libraries =
        actual.path("$schema").asText().matches(".*/v6[.0-9]*\\.json")
            ? VegaLibraries.V6
            : VegaLibraries.V5;
    var drawn =
        JsonTrees.parseOrNull(ChartValidations.shared().dataOf(libraries, library, actual, hits));
    var rows = new ArrayList<JsonNode>();
    collectHitRows(drawn, rows);
    assertThat(rows).as("rows drawn from the sample hits").hasSizeGreaterThanOrEqualTo(hits.size());
    for (var row : rows) {
      for (var field : copied) {
        assertThat(row.path(field).isMissingNode() || row.path(field).isNull())
            .as("%s: field %s of row %s", name, field, row)
            .isFalse();
      }
    }
  }

  /** Rows that came from a hit (they still carry _source), wherever the view keeps them. */
  private static void collectHitRows(JsonNode node, List<JsonNode> rows) {
    if (node == null) {
      return;
    }
    if (node.isObject() && node.has("_source")) {
      rows.add(node);
    } else {
      node.forEach(child -> collectHitRows(child, rows));
    }
  }

  private static JsonNode read(Path file) throws IOException {
    return JsonTrees.MAPPER.readTree(Files.readString(file));
  }

  /** The "as" of every transform that copies a field out of a hit's _source. */
  private static void collectCopies(JsonNode node, List<String> fields) {
    if (node.isObject()) {
      var expression = node.has("calculate") ? node.get("calculate") : node.get("expr");
      if (expression != null
          && expression.asText().contains("datum._source[")
          && node.has("as")
          && !fields.contains(node.get("as").asText())) {
        fields.add(node.get("as").asText());
      }
      node.forEach(child -> collectCopies(child, fields));
    } else if (node.isArray()) {
      node.forEach(child -> collectCopies(child, fields));
    }
  }
}

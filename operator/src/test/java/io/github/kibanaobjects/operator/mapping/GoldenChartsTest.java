package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
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
 * Kibana). The rewrite must equal the golden file and copy fields out of the hits' _source. {@code
 * -Dgolden.update=true} rewrites the expected files.
 */
class GoldenChartsTest {
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

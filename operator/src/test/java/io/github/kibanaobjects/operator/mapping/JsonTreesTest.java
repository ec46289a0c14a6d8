package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.JsonLimits;
import org.junit.jupiter.api.Test;

class JsonTreesTest {
  @Test
  void parseIsStrict() {
    assertThat(JsonTrees.parseOrNull("{\"a\": 1}")).isNotNull();
    assertThat(JsonTrees.parseOrNull("{a: 1}")).isNull();
    assertThat(JsonTrees.parseOrNull("{\"a\": 1} x")).isNull();
    assertThat(JsonTrees.parseOrNull("{\"a\": 1, // c\n}")).isNull();
    assertThat(JsonTrees.parseOrNull("")).isNull();
    assertThat(JsonTrees.parseOrNull(null)).isNull();
  }

  @Test
  void decimalsAreKeptToTheDigit() {
    var text = "{\n  \"v\": 0.30000000000000004441\n}";

    assertThat(JsonTrees.pretty(JsonTrees.parseOrNull(text))).isEqualTo(text);
  }

  @Test
  void canonicalSortsKeysAndUnifiesNumbers() {
    var a = JsonTrees.parseOrNull("{\"b\": 1.50, \"a\": [3, 1E1, 12345678901234567890123]}");
    var b = JsonTrees.parseOrNull("{\"a\": [3.0, 10, 12345678901234567890123.0], \"b\": 1.5}");

    assertThat(JsonTrees.canonicalString(a))
        .isEqualTo("{\"a\":[3,10,12345678901234567890123],\"b\":1.5}")
        .isEqualTo(JsonTrees.canonicalString(b));
  }

  @Test
  void diffReportsPathsIncludingOddKeys() {
    var left = JsonTrees.parseOrNull("{\"a\": {\"x y\": 1, \"b\": [1, 2]}, \"c\": [1]}");
    var right =
        JsonTrees.parseOrNull("{\"a\": {\"x y\": 2, \"b\": [1, 3]}, \"c\": [1, 2], \"d\": 0}");

    assertThat(JsonTrees.diffPaths(left, right)).containsExactly("a.b[1]", "a[\"x y\"]", "c", "d");
  }

  @Test
  void diffOfDifferentRootsIsTheRoot() {
    assertThat(JsonTrees.diffPaths(JsonTrees.parseOrNull("1"), JsonTrees.parseOrNull("\"1\"")))
        .containsExactly("$");
  }

  @Test
  void namesAndStringsPastJacksonsDefaultsParseAsKibanaWouldTakeThem() {
    // Jackson refuses names over 50,000 characters by default; a resource may carry one
    var name = "k".repeat(60_000);

    var parsed = JsonTrees.parseOrNull("{\"" + name + "\":\"v\"}");

    assertThat(parsed).isNotNull();
    assertThat(parsed.get(name).asText()).isEqualTo("v");
  }

  @Test
  void contentAsDeepAsASpecMayHoldIsHashedAndPrinted() {
    // the deepest a spec's free-form content is read (JsonLimits), inside a saved object's envelope
    var levels = JsonLimits.MAX_SPEC_DEPTH + 10;
    var text = "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);

    var tree = JsonTrees.parseOrNull(text);

    assertThat(tree).isNotNull();
    assertThat(DesiredStateHash.of(tree)).hasSize(64);
    assertThat(JsonTrees.pretty(tree)).startsWith("{");
  }
}

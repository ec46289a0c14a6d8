package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.mapping.ChartText.Syntax;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import org.junit.jupiter.api.Test;

class ChartTextTest {
  private static String failure(String text) {
    var thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            OperatorException.class, () -> ChartText.parse(text));
    assertThat(thrown).as("InvalidSpec for %s", text).isNotNull();
    assertThat(thrown.reason()).isEqualTo(Reason.INVALID_SPEC);
    return thrown.getMessage();
  }

  @Test
  void jsonIsReadAsJson() {
    var parsed = ChartText.parse("{\"$schema\": \"x\", \"n\": 1.50, \"ok\": true, \"e\": 1e3}");

    assertThat(parsed.syntax()).isEqualTo(Syntax.JSON);
    assertThat(parsed.tree().get("n").decimalValue()).isEqualByComparingTo("1.50");
  }

  @Test
  void truncatedJsonContainingSchemaIsBrokenJsonWithLineAndColumn() {
    var text =
        "{\n  \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\",\n"
            + "  \"mark\": {\"type\": \"bar\"";

    assertThat(failure(text)).startsWith("the chart is not valid JSON: line 3, column ");
  }

  @Test
  void jsonWithAMissingCommaIsBrokenJsonNotHjson() {
    var text = "{\n  \"mark\": \"bar\"\n  \"width\": 300\n}";

    assertThat(failure(text)).startsWith("the chart is not valid JSON: line 3, column 3");
  }

  @Test
  void hjsonIsReadWithAParser() {
    var text =
        """
        {
          # comments, quoteless keys and values
          $schema: https://vega.github.io/schema/vega-lite/v5.json
          mark: bar
          /* block */ width: 300
          title: '''
            two
            lines
            '''
        }
        """;

    var parsed = ChartText.parse(text);

    assertThat(parsed.syntax()).isEqualTo(Syntax.HJSON);
    assertThat(parsed.tree().get("$schema").textValue())
        .isEqualTo("https://vega.github.io/schema/vega-lite/v5.json");
    assertThat(parsed.tree().get("width").intValue()).isEqualTo(300);
    assertThat(parsed.tree().get("title").textValue()).isEqualTo("two\nlines");
  }

  @Test
  void hjsonWithAMissingBraceIsRejectedWithTheHjsonParsersPosition() {
    var text =
        "{\n  // chart\n  $schema: https://vega.github.io/schema/vega-lite/v5.json\n"
            + "  encoding: {\n    x: {field: a}\n}\n";

    assertThat(failure(text)).startsWith("the chart is not valid HJSON").contains("line");
  }

  @Test
  void schemaOnlyInACommentIsNotInTheTree() {
    var text =
        "{\n  // \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\"\n  mark: bar\n}";

    var parsed = ChartText.parse(text);

    assertThat(parsed.syntax()).isEqualTo(Syntax.HJSON);
    assertThat(parsed.tree().has("$schema")).isFalse();
  }

  @Test
  void emptyTextIsRejected() {
    assertThat(failure("  ")).contains("empty");
  }

  @Test
  void looksLikeJsonIgnoresWhatIsInsideStrings() {
    assertThat(
            ChartText.looksLikeJson("{\"a\": \"# not // a comment, bare words\", \"b\": -1.5e-3"))
        .isTrue();
    assertThat(ChartText.looksLikeJson("{a: 1}")).isFalse();
    assertThat(ChartText.looksLikeJson("{\"a\": 'b'}")).isFalse();
    assertThat(ChartText.looksLikeJson("$schema: x")).isFalse();
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> ChartText.parse(null)).isInstanceOf(OperatorException.class);
  }
}

package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ConfigMapKeyRef;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.SpecSource;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import org.junit.jupiter.api.Test;

class VegaSpecResolverTest {
  private static JsonNode json(String text) {
    return JsonTrees.parseOrNull(text);
  }

  private static OperatorException invalidSpec(Runnable call) {
    try {
      call.run();
    } catch (OperatorException e) {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC);
      assertThat(e.isRetryable()).isFalse();
      return e;
    }
    throw new AssertionError("expected an InvalidSpec OperatorException");
  }

  @Test
  void vegaLiteWithoutSchemaGetsTheV5SchemaFirst() {
    var text = VegaSpecResolver.fromObject(json("{\"mark\":\"bar\"}"), Library.VEGA_LITE, null);

    assertThat(text)
        .isEqualTo(
            "{\n  \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\",\n"
                + "  \"mark\": \"bar\"\n}");
  }

  @Test
  void vegaWithoutSchemaGetsTheVegaV5Schema() {
    var text = VegaSpecResolver.fromObject(json("{\"marks\":[]}"), Library.VEGA, null);

    assertThat(json(text).get("$schema").textValue())
        .isEqualTo("https://vega.github.io/schema/vega/v5.json");
    assertThat(text).contains("\"marks\": []");
  }

  @Test
  void existingSchemaIsKeptWhereItIs() {
    var chart =
        json(
            "{\"mark\":\"bar\",\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.17.0.json\"}");

    var text = VegaSpecResolver.fromObject(chart, Library.VEGA_LITE, null);

    assertThat(text).startsWith("{\n  \"mark\": \"bar\",\n  \"$schema\"");
  }

  @Test
  void objectIsPrettyPrintedLikeJsonStringifyWithTwoSpaces() {
    var chart = json("{\"a\":{\"b\":[1,{\"c\":null}],\"e\":{}},\"f\":[]}");

    var text = VegaSpecResolver.fromObject(chart, Library.VEGA, null);

    assertThat(text)
        .isEqualTo(
            "{\n  \"$schema\": \"https://vega.github.io/schema/vega/v5.json\",\n"
                + "  \"a\": {\n    \"b\": [\n      1,\n      {\n        \"c\": null\n      }\n"
                + "    ],\n    \"e\": {}\n  },\n  \"f\": []\n}");
  }

  @Test
  void theInputObjectIsNotModified() {
    var chart = json("{\"mark\":\"bar\"}");

    VegaSpecResolver.fromObject(chart, Library.VEGA_LITE, null);

    assertThat(chart).isEqualTo(json("{\"mark\":\"bar\"}"));
  }

  @Test
  void vegaSchemaUnderVegaLiteIsRejectedWithAHint() {
    var chart = json("{\"$schema\":\"https://vega.github.io/schema/vega/v5.json\"}");

    var e = invalidSpec(() -> VegaSpecResolver.fromObject(chart, Library.VEGA_LITE, null));

    assertThat(e.getMessage()).contains("put it under vega instead");
  }

  @Test
  void vegaLiteSchemaUnderVegaIsRejectedWithAHint() {
    var chart = json("{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\"}");

    var e = invalidSpec(() -> VegaSpecResolver.fromObject(chart, Library.VEGA, null));

    assertThat(e.getMessage()).contains("put it under vegaLite instead");
  }

  @Test
  void schemaThatKibanaCannotParseIsRejected() {
    var chart = json("{\"$schema\":\"https://example.com/my-schema.json\"}");

    var e = invalidSpec(() -> VegaSpecResolver.fromObject(chart, Library.VEGA_LITE, null));

    assertThat(e.getMessage()).contains("does not accept").contains("example.com");
  }

  @Test
  void nonObjectChartIsRejected() {
    var e = invalidSpec(() -> VegaSpecResolver.fromObject(json("[1,2]"), Library.VEGA, null));

    assertThat(e.getMessage()).contains("vega must be a JSON object");
  }

  @Test
  void jsonSpecTextIsKeptVerbatim() {
    var text = "{\"$schema\": \"https://vega.github.io/schema/vega/v5.json\",   \"marks\":[]}";

    assertThat(VegaSpecResolver.fromText(text, null)).isSameAs(text);
  }

  @Test
  void hjsonSpecTextIsPassedThrough() {
    var hjson =
        "{\n"
            + "  // Kibana's editor default\n"
            + "  $schema: https://vega.github.io/schema/vega-lite/v5.json\n"
            + "  mark: bar,\n"
            + "}";

    assertThat(VegaSpecResolver.fromText(hjson, null)).isSameAs(hjson);
  }

  @Test
  void jsonObjectWithoutSchemaIsRejectedWithAClearMessage() {
    var e = invalidSpec(() -> VegaSpecResolver.fromText("{\"mark\": \"bar\"}", null));

    assertThat(e.getMessage())
        .contains("no $schema")
        .contains("https://vega.github.io/schema/vega-lite/v5.json")
        .contains("https://vega.github.io/schema/vega/v5.json");
  }

  @Test
  void hjsonWithoutAnySchemaIsRejected() {
    var e = invalidSpec(() -> VegaSpecResolver.fromText("{ mark: bar // no schema\n}", null));

    assertThat(e.getMessage()).contains("no $schema");
  }

  @Test
  void emptyOrBlankTextIsRejected() {
    invalidSpec(() -> VegaSpecResolver.fromText("", null));
    invalidSpec(() -> VegaSpecResolver.fromText("  \n ", null));
  }

  @Test
  void jsonThatIsNotAnObjectIsRejected() {
    var e = invalidSpec(() -> VegaSpecResolver.fromText("[{\"$schema\": 1}]", null));

    assertThat(e.getMessage()).contains("must be a JSON object");
  }

  @Test
  void trailingGarbageIsNeitherJsonNorHjson() {
    // Kibana's hjson.parse refuses it too, so it must not be published.
    var text = "{\"$schema\": \"https://vega.github.io/schema/vega/v5.json\"} trailing";

    assertThat(invalidSpec(() -> VegaSpecResolver.fromText(text, null)).getMessage())
        .contains("not valid HJSON");
  }

  @Test
  void truncatedJsonThatMentionsSchemaIsReportedAsJsonWithLineAndColumn() {
    var text =
        "{\n  \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\",\n  \"mark\": \"ba";

    assertThat(invalidSpec(() -> VegaSpecResolver.fromText(text, null)).getMessage())
        .startsWith("the chart is not valid JSON: line 3, column");
  }

  @Test
  void hjsonWithAMissingBraceIsRejected() {
    var text =
        "{\n  # a comment\n  $schema: https://vega.github.io/schema/vega-lite/v5.json\n"
            + "  encoding: {\n    x: {field: a}\n}\n";

    assertThat(invalidSpec(() -> VegaSpecResolver.fromText(text, null)).getMessage())
        .startsWith("the chart is not valid HJSON");
  }

  @Test
  void schemaOnlyInACommentDoesNotCount() {
    var text = "{\n  // $schema: https://vega.github.io/schema/vega-lite/v5.json\n  mark: bar\n}";

    assertThat(invalidSpec(() -> VegaSpecResolver.fromText(text, null)).getMessage())
        .contains("no $schema");
  }

  @Test
  void resolvePicksTheOneSourceThatIsSet() {
    var spec = new KibanaVisualizationSpec();
    spec.setVega(json("{\"marks\":[]}"));

    assertThat(json(VegaSpecResolver.resolve(spec, null)).get("$schema").textValue())
        .isEqualTo(VegaSpecResolver.VEGA_SCHEMA);

    var fromText = new KibanaVisualizationSpec();
    fromText.setSpec("{\"$schema\":\"https://vega.github.io/schema/vega/v5.json\"}");
    assertThat(VegaSpecResolver.resolve(fromText, "ignored")).isEqualTo(fromText.getSpec());
  }

  @Test
  void resolveUsesTheTextReadForSpecFrom() {
    var spec = new KibanaVisualizationSpec();
    spec.setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "cars.vl.json")));
    var cars = Fixtures.text("fixtures/cars.vl.json");

    assertThat(VegaSpecResolver.resolve(spec, cars)).isSameAs(cars);
  }

  @Test
  void resolveWithoutTheSpecFromTextReportsTheMissingSource() {
    var spec = new KibanaVisualizationSpec();
    spec.setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "cars.vl.json")));

    assertThatThrownBy(() -> VegaSpecResolver.resolve(spec, null))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SPEC_SOURCE_NOT_FOUND);
              assertThat(e.getMessage()).contains("ConfigMap charts key cars.vl.json");
            });
  }

  @Test
  void resolveRejectsNoneOrSeveralSources() {
    invalidSpec(() -> VegaSpecResolver.resolve(new KibanaVisualizationSpec(), null));

    var both = new KibanaVisualizationSpec();
    both.setVega(json("{}"));
    both.setSpec("{}");
    var e = invalidSpec(() -> VegaSpecResolver.resolve(both, null));
    assertThat(e.getMessage()).contains("exactly one").contains("found 2");
  }

  @Test
  void libraryIsReadFromTheSchemaUrl() {
    assertThat(Library.ofSchemaUrl("https://vega.github.io/schema/vega-lite/v5.json"))
        .isEqualTo(Library.VEGA_LITE);
    assertThat(Library.ofSchemaUrl("https://vega.github.io/schema/vega-lite/v5.17.0.json"))
        .isEqualTo(Library.VEGA_LITE);
    assertThat(Library.ofSchemaUrl("https://vega.github.io/schema/vega/v3.json"))
        .isEqualTo(Library.VEGA);
    assertThat(Library.ofSchemaUrl("http://vega.github.io/schema/vega/v5.json"))
        .isEqualTo(Library.VEGA);
    assertThat(Library.ofSchemaUrl("https://vega.github.io/schema/vega-lite/v5")).isNull();
    assertThat(Library.ofSchemaUrl("https://vega.github.io/schema/other/v5.json")).isNull();
    assertThat(Library.ofSchemaUrl(null)).isNull();
  }
}

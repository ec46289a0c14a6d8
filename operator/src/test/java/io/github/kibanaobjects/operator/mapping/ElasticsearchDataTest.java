package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import org.junit.jupiter.api.Test;

/** The elasticsearchData rewrite, through VegaSpecResolver's public API. */
class ElasticsearchDataTest {
  private static JsonNode json(String text) {
    return JsonTrees.parseOrNull(text);
  }

  private static JsonNode vegaLite(JsonNode chart, ElasticsearchData data) {
    return json(VegaSpecResolver.fromObject(chart, Library.VEGA_LITE, data));
  }

  @Test
  void carsChartGetsAContextQueryAndItsFieldsFromSource() {
    var data = new ElasticsearchData("cars", null, null, null);

    var chart = vegaLite(Fixtures.json("fixtures/cars.vl.json"), data);

    assertThat(chart.get("data"))
        .isEqualTo(
            json(
                "{\"url\":{\"%context%\":true,\"index\":\"cars\",\"body\":{\"size\":10000}},"
                    + "\"format\":{\"property\":\"hits.hits\"}}"));
    assertThat(chart.has("datasets")).isFalse();
    var transforms = chart.get("transform");
    assertThat(transforms).hasSize(9);
    assertThat(transforms.get(0))
        .isEqualTo(json("{\"calculate\":\"datum._source[\\\"Name\\\"]\",\"as\":\"Name\"}"));
    assertThat(transforms.findValuesAsText("as"))
        .containsExactly(
            "Name",
            "Miles_per_Gallon",
            "Cylinders",
            "Displacement",
            "Horsepower",
            "Weight_in_lbs",
            "Acceleration",
            "Year",
            "Origin");
    // Everything else is as the user wrote it.
    assertThat(chart.get("encoding"))
        .isEqualTo(Fixtures.json("fixtures/cars.vl.json").get("encoding"));
    assertThat(chart.get("mark")).isEqualTo(json("{\"type\":\"point\"}"));
  }

  @Test
  void timeFieldAddsTimefieldNextToContext() {
    var data = new ElasticsearchData("logs-*", "@timestamp", null, 500);

    var chart = vegaLite(json("{\"mark\":\"bar\"}"), data);

    assertThat(chart.at("/data/url"))
        .isEqualTo(
            json(
                "{\"%context%\":true,\"%timefield%\":\"@timestamp\",\"index\":\"logs-*\","
                    + "\"body\":{\"size\":500}}"));
  }

  @Test
  void queryReplacesContextAndTimefield() {
    var query = json("{\"term\":{\"Origin\":\"USA\"}}");
    var data = new ElasticsearchData("cars", null, query, 100);

    var url = vegaLite(json("{\"mark\":\"bar\"}"), data).at("/data/url");

    assertThat(url.has("%context%")).isFalse();
    assertThat(url.has("%timefield%")).isFalse();
    // Kibana fills these placeholders with the dashboard's query and filters.
    assertThat(url.at("/body/query"))
        .isEqualTo(
            json(
                "{\"bool\":{\"must\":[{\"term\":{\"Origin\":\"USA\"}},"
                    + "\"%dashboard_context-must_clause%\"],"
                    + "\"filter\":[\"%dashboard_context-filter_clause%\"],"
                    + "\"must_not\":[\"%dashboard_context-must_not_clause%\"]}}"));
  }

  @Test
  void queryWithTimeFieldAppliesTheTimePickerInsideTheQuery() {
    var query = json("{\"term\":{\"Origin\":\"USA\"}}");
    var data = new ElasticsearchData("cars", "Year", query, null);

    var url = vegaLite(json("{\"mark\":\"bar\"}"), data).at("/data/url");

    // The contract: %context% / %timefield% must not be used together with body.query.
    assertThat(url.has("%context%")).isFalse();
    assertThat(url.has("%timefield%")).isFalse();
    assertThat(url.at("/body/query"))
        .isEqualTo(
            json(
                "{\"bool\":{\"must\":[{\"term\":{\"Origin\":\"USA\"}},"
                    + "\"%dashboard_context-must_clause%\","
                    + "{\"range\":{\"Year\":{\"%timefilter%\":true}}}],"
                    + "\"filter\":[\"%dashboard_context-filter_clause%\"],"
                    + "\"must_not\":[\"%dashboard_context-must_not_clause%\"]}}"));
  }

  @Test
  void emptyQueryObjectCountsAsNoQuery() {
    var data = new ElasticsearchData("cars", null, json("{}"), null);

    var url = vegaLite(json("{\"mark\":\"bar\"}"), data).at("/data/url");

    assertThat(url.get("%context%").booleanValue()).isTrue();
    assertThat(url.at("/body").has("query")).isFalse();
  }

  @Test
  void fieldsComeFromEncodingsTransformsAndExpressions() {
    var chart =
        json(
            "{\"data\":{\"values\":[{\"a\":1}]},\"transform\":[{\"filter\":\"datum.b > 2 &&"
                + " datum['c d'] != null\"},"
                + "{\"aggregate\":[{\"op\":\"sum\",\"field\":\"e\",\"as\":\"total\"}],"
                + "\"groupby\":[\"f\"]}],\"mark\":\"bar\","
                + "\"encoding\":{\"x\":{\"field\":\"g.h\"},\"y\":{\"field\":\"total\"},"
                + "\"tooltip\":[{\"field\":\"_source.raw\"}],\"row\":{\"field\":\"dot\\\\.name\"}}}");

    var result = vegaLite(chart, new ElasticsearchData("idx", null, null, null));

    var copied = result.get("transform").findValuesAsText("as");
    assertThat(copied).startsWith("a").contains("b", "c d", "e", "f", "g", "dot.name", "total");
    assertThat(copied).doesNotContain("_source", "g.h");
    // The chart's own transforms run after the copies, in their order.
    var transforms = result.get("transform");
    assertThat(transforms.get(transforms.size() - 2).get("filter").textValue())
        .startsWith("datum.b");
    assertThat(transforms.get(transforms.size() - 1).has("aggregate")).isTrue();
  }

  @Test
  void onlyTheNamedDatasetIsDropped() {
    var chart =
        json(
            "{\"data\":{\"name\":\"main\"},\"datasets\":{\"main\":[{\"x\":1}],"
                + "\"lookup\":[{\"k\":1}]},\"mark\":\"bar\"}");

    var result = vegaLite(chart, new ElasticsearchData("idx", null, null, null));

    assertThat(result.get("datasets")).isEqualTo(json("{\"lookup\":[{\"k\":1}]}"));
  }

  @Test
  void vegaDataEntryIsReplacedAndKeepsItsNameAndTransforms() {
    var chart = Fixtures.json("fixtures/seed-bar.vega.json").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) chart.get("data").get(0))
        .putArray("transform")
        .addObject()
        .put("type", "filter")
        .put("expr", "datum.count > 0");

    var result =
        json(
            VegaSpecResolver.fromObject(
                chart, Library.VEGA, new ElasticsearchData("bars", null, null, 50)));

    var entry = result.get("data").get(0);
    assertThat(entry.get("name").textValue()).isEqualTo("vals");
    assertThat(entry.has("values")).isFalse();
    assertThat(entry.get("url"))
        .isEqualTo(json("{\"%context%\":true,\"index\":\"bars\",\"body\":{\"size\":50}}"));
    assertThat(entry.get("format")).isEqualTo(json("{\"property\":\"hits.hits\"}"));
    var transforms = entry.get("transform");
    assertThat(transforms.get(0))
        .isEqualTo(
            json(
                "{\"type\":\"formula\",\"expr\":\"datum._source[\\\"category\\\"]\","
                    + "\"as\":\"category\"}"));
    assertThat(transforms.findValuesAsText("as")).containsExactly("category", "count");
    assertThat(transforms.get(2).get("type").textValue()).isEqualTo("filter");
    assertThat(result.get("marks"))
        .isEqualTo(Fixtures.json("fixtures/seed-bar.vega.json").get("marks"));
  }

  @Test
  void vegaWithoutDataEntriesIsRejected() {
    assertThatThrownBy(
            () ->
                VegaSpecResolver.fromObject(
                    json("{\"marks\":[]}"),
                    Library.VEGA,
                    new ElasticsearchData("i", null, null, null)))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC);
              assertThat(e.getMessage()).contains("no data entry with values or a url");
            });
  }

  @Test
  void jsonSpecTextIsRewrittenAndPrettyPrinted() {
    var text = "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\",\"mark\":\"bar\"}";

    var result = VegaSpecResolver.fromText(text, new ElasticsearchData("idx", null, null, null));

    assertThat(result).startsWith("{\n  \"$schema\"");
    assertThat(json(result).at("/data/url/index").textValue()).isEqualTo("idx");
  }

  @Test
  void hjsonIsReadAndRewrittenAsJson() {
    var hjson =
        "{\n  # from Kibana's editor\n  $schema: https://vega.github.io/schema/vega-lite/v5.json\n"
            + "  mark: bar\n}";

    var result = VegaSpecResolver.fromText(hjson, new ElasticsearchData("i", null, null, null));

    assertThat(json(result).at("/data/url/index").textValue()).isEqualTo("i");
    assertThat(json(result).get("mark").textValue()).isEqualTo("bar");
  }

  @Test
  void topLevelNameFollowsVegaLiteFieldSyntax() {
    assertThat(ElasticsearchDataBinding.topLevelName("a")).isEqualTo("a");
    assertThat(ElasticsearchDataBinding.topLevelName("a.b.c")).isEqualTo("a");
    assertThat(ElasticsearchDataBinding.topLevelName("a[0]")).isEqualTo("a");
    assertThat(ElasticsearchDataBinding.topLevelName("a\\.b.c")).isEqualTo("a.b");
    assertThat(ElasticsearchDataBinding.topLevelName("a\\[b")).isEqualTo("a[b");
  }
}

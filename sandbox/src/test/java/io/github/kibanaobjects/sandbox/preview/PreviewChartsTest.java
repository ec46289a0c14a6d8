package io.github.kibanaobjects.sandbox.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import org.junit.jupiter.api.Test;

/** The sample data a preview puts where Kibana would put Elasticsearch's answer. */
class PreviewChartsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aChartWithInlineDataIsDrawnAsTheOperatorMapsIt() throws Exception {
    var spec = new KibanaVisualizationSpec();
    spec.setVegaLite(
        json(
            "{\"data\": {\"values\": [{\"a\": 1}]}, \"mark\": \"bar\","
                + " \"encoding\": {\"x\": {\"field\": \"a\", \"type\": \"quantitative\"}}}"));
    var chart = VegaSpecResolver.resolveChart(spec, null);

    assertThat(PreviewCharts.withSampleData(chart, null)).isEqualTo(chart.tree());
  }

  @Test
  void everyQueryOfABoundVegaChartGetsTheSampleResponseAndSignalUrlsStay() throws Exception {
    var spec = new KibanaVisualizationSpec();
    spec.setVega(
        json(
            "{\"data\": ["
                + "{\"name\": \"rows\", \"values\": [{\"n\": 1}, {\"n\": 2}]},"
                + "{\"name\": \"file\", \"url\": {\"signal\": \"'data/' + 'x.json'\"}}],"
                + " \"marks\": [{\"type\": \"group\", \"data\": [{\"name\": \"inner\","
                + " \"values\": [{\"n\": 3}]}]}]}"));
    spec.setElasticsearchData(new ElasticsearchData("numbers", null, null, 50));
    var chart = VegaSpecResolver.resolveChart(spec, null);

    var drawn = PreviewCharts.withSampleData(chart, "numbers");

    for (var entry : new JsonNode[] {drawn.at("/data/0"), drawn.at("/marks/0/data/0")}) {
      assertThat(entry.has("url")).isFalse();
      assertThat(entry.at("/format/property").asText()).isEqualTo("hits.hits");
      var hits = entry.at("/values/hits/hits");
      // Every inline row of the chart, as Elasticsearch returns documents.
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).get("_source")).isEqualTo(json("{\"n\": 1}"));
      assertThat(hits.get(2).get("_source")).isEqualTo(json("{\"n\": 3}"));
      assertThat(hits.get(0).get("_index").asText()).isEqualTo("numbers");
      assertThat(entry.at("/values/hits/total/value").asInt()).isEqualTo(3);
    }
    // A Vega signal is an expression, not a Kibana query.
    assertThat(drawn.at("/data/1/url/signal").asText()).isEqualTo("'data/' + 'x.json'");
    // The mapped chart itself is left as it is.
    assertThat(chart.tree().at("/data/0/url/index").asText()).isEqualTo("numbers");
  }
}

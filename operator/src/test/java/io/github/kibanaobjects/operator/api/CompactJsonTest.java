package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.CompactJson;
import org.junit.jupiter.api.Test;

class CompactJsonTest {
  private static final String CHART =
      """
      {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
       "data": {"values": [{"a": 1.0, "b": 12345678901234567890, "c": 1e300, "d": null,
                            "e": "ünïcødé \\"quoted\\"", "f": [true, false, 0.1]}]},
       "mark": "bar"}
      """;

  @Test
  void aChartReadByTheClientComesBackAsTheSameTree() throws Exception {
    var yaml =
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaVisualization
        metadata: {name: chart}
        spec:
          connectionRef: {name: kibana}
          title: Chart
          vegaLite: %s
        """
            .formatted(CHART.replace("\n", " "));
    var read = Serialization.unmarshal(yaml, KibanaVisualization.class);
    var tree = read.getSpec().getVegaLite();

    // the tree the client's own mapper makes of the chart, unchanged by the round trip through text
    assertThat(tree).isEqualTo(Serialization.jsonMapper().readTree(CHART));
    assertThat(tree.at("/data/values/0/a").isDouble()).isTrue();
    assertThat(tree.at("/data/values/0/b").bigIntegerValue().toString())
        .isEqualTo("12345678901234567890");
    assertThat(tree.at("/data/values/0/c").doubleValue()).isEqualTo(1e300);
    assertThat(tree.at("/data/values/0/d").isNull()).isTrue();
    assertThat(tree.at("/data/values/0/e").asText()).isEqualTo("ünïcødé \"quoted\"");
    // and written out again as JSON, not as a string holding JSON
    var written = Serialization.asJson(read);
    assertThat(Serialization.unmarshal(written, KibanaVisualization.class).getSpec().getVegaLite())
        .isEqualTo(tree);
    assertThat(written).contains("\"vegaLite\":{");
  }

  @Test
  void anExplicitNullStaysANull() {
    var read =
        Serialization.unmarshal(
            "{\"apiVersion\": \"kibanaobjects.github.io/v1alpha1\", \"kind\": \"KibanaVisualization\","
                + " \"metadata\": {\"name\": \"chart\"}, \"spec\": {\"vega\": null}}",
            KibanaVisualization.class);

    assertThat(read.getSpec().hasVega()).isTrue();
    assertThat(read.getSpec().getVega().isNull()).isTrue();
    assertThat(Serialization.asJson(read)).contains("\"vega\":null");
  }

  @Test
  void aTreeTakenFromTheSpecIsACopy() {
    var spec = new KibanaVisualizationSpec();
    spec.setVega(CompactJson.tree("{\"marks\": []}"));

    ((ObjectNode) spec.getVega()).put("changed", true);

    assertThat(spec.getVega().has("changed")).isFalse();
    assertThat(spec.getVegaLite()).isNull();
  }
}

package io.github.kibanaobjects.sim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SavedObjectAggregationsTest {

  private static StoredObject vis(String title, int version) {
    var attributes = Json.object().put("title", title).put("version", version);
    return new StoredObject(
        "visualization",
        title,
        List.of("default"),
        attributes,
        Json.array(),
        "t",
        "t",
        0,
        false,
        null,
        0);
  }

  private final List<StoredObject> hits = List.of(vis("a", 1), vis("b", 1), vis("c", 3));

  @Test
  void termsCountsAndOrdersBuckets() {
    var result =
        SavedObjectAggregations.compute(
            "{\"v\":{\"terms\":{\"field\":\"visualization.attributes.version\",\"size\":1}}}",
            Set.of("visualization"),
            hits);
    assertThat(result.toString())
        .isEqualTo(
            "{\"v\":{\"doc_count_error_upper_bound\":0,"
                + "\"buckets\":[{\"key\":1,\"doc_count\":2}],\"sum_other_doc_count\":1}}");
  }

  @Test
  void metricsOverNumbers() {
    var result =
        SavedObjectAggregations.compute(
            "{\"max\":{\"max\":{\"field\":\"visualization.attributes.version\"}},"
                + "\"n\":{\"cardinality\":{\"field\":\"visualization.attributes.title\"}}}",
            Set.of("visualization"),
            hits);
    assertThat(result.at("/max/value").asDouble()).isEqualTo(3.0);
    assertThat(result.at("/n/value").asInt()).isEqualTo(3);
  }

  @Test
  void rejectsFieldsOfOtherTypesAndUnknownAggregations() {
    assertThatThrownBy(
            () ->
                SavedObjectAggregations.compute(
                    "{\"x\":{\"terms\":{\"field\":\"dashboard.attributes.title\"}}}",
                    Set.of("visualization"),
                    hits))
        .isInstanceOf(KibanaError.class)
        .hasMessageContaining("Invalid attribute path");
    assertThatThrownBy(
            () ->
                SavedObjectAggregations.compute(
                    "{\"x\":{\"geo_grid\":{\"field\":\"visualization.attributes.title\"}}}",
                    Set.of("visualization"),
                    hits))
        .isInstanceOf(KibanaError.class)
        .hasMessageContaining("not supported");
    assertThatThrownBy(
            () -> SavedObjectAggregations.compute("{not json", Set.of("visualization"), hits))
        .hasMessage("invalid aggs value");
  }
}

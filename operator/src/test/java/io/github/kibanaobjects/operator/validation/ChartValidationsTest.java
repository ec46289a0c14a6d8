package io.github.kibanaobjects.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real libraries judge charts; one shared validator for every test class in the JVM. */
class ChartValidationsTest {
  // Loading the libraries (seconds, over a minute on a busy machine) is not a check's time.
  @org.junit.jupiter.api.BeforeAll
  static void loadLibraries() {
    for (var libraries : VegaLibraries.values()) {
      ChartValidations.shared().warmUp(libraries);
    }
  }

  private static final ChartValidations VALIDATIONS = ChartValidations.shared();
  private static final JsonNode NO_HITS = JsonTrees.MAPPER.createArrayNode();

  static final String SCATTER =
      """
      {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
       "data": {"values": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]},
       "mark": "point",
       "encoding": {"x": {"field": "a", "type": "quantitative"},
                    "y": {"field": "b", "type": "quantitative"}}}
      """;

  private static JsonNode json(String text) {
    return JsonTrees.parseOrNull(text);
  }

  @Test
  void everyBundleMatchesItsPinnedSha256() {
    for (var libraries : VegaLibraries.values()) {
      for (var name : new String[] {libraries.vegaBundleName(), libraries.vegaLiteBundleName()}) {
        assertThat(VegaLibraries.pinnedSums()).containsKey(name);
        assertThat(VegaLibraries.verifiedBundle(name)).isNotBlank();
      }
    }
    assertThat(VegaLibraries.pinnedSums()).hasSize(4);
    // A file without a pinned sum is never evaluated.
    assertThatThrownBy(() -> VegaLibraries.verifiedBundle("vega-5.33.0.LICENSE"))
        .hasMessageContaining("pins no SHA-256");
  }

  @Test
  void aValidVegaLiteChartPassesWithBothMajors() {
    for (var libraries : VegaLibraries.values()) {
      var result = VALIDATIONS.check(libraries, Library.VEGA_LITE, json(SCATTER), NO_HITS);

      assertThat(result.valid()).as(result.message()).isTrue();
      assertThat(result.message()).startsWith(libraries.describe());
    }
  }

  @Test
  void anInvalidMarkIsRejectedByVegaLiteAndTheResultIsCached() {
    var chart = json(SCATTER.replace("\"point\"", "\"pointy\""));

    var result = VALIDATIONS.check(VegaLibraries.V5, Library.VEGA_LITE, chart, NO_HITS);

    assertThat(result.valid()).isFalse();
    assertThat(result.message())
        .startsWith("vega-lite 5.23.0 and vega 5.33.0 reject the chart (vega-lite compile): ");
    assertThat(VALIDATIONS.check(VegaLibraries.V5, Library.VEGA_LITE, chart, NO_HITS))
        .isSameAs(result);
  }

  @Test
  void theFailingLayerIsNamed() {
    var chart =
        json(
            """
            {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
             "data": {"values": [{"a": 1, "b": 2}]},
             "encoding": {"x": {"field": "a", "type": "quantitative"}},
             "layer": [
               {"mark": "line", "encoding": {"y": {"field": "b", "type": "quantitative"}}},
               {"mark": "nope", "encoding": {"y": {"field": "b", "type": "quantitative"}}}
             ]}
            """);

    var result = VALIDATIONS.check(VegaLibraries.V5, Library.VEGA_LITE, chart, NO_HITS);

    assertThat(result.valid()).isFalse();
    assertThat(result.path()).isEqualTo("/layer/1");
    assertThat(result.message()).contains("at /layer/1");
  }

  @Test
  void aVegaSpecReadingAnUnknownDatasetFailsToParse() {
    var chart =
        json(
            """
            {"$schema": "https://vega.github.io/schema/vega/v5.json",
             "data": [{"name": "table", "values": [{"x": 1}]}],
             "marks": [{"type": "rect", "from": {"data": "missing"}}]}
            """);

    var result = VALIDATIONS.check(VegaLibraries.V6, Library.VEGA, chart, NO_HITS);

    assertThat(result.valid()).isFalse();
    assertThat(result.stage()).isEqualTo("vega parse");
    assertThat(result.error()).contains("missing");
  }

  @Test
  void aChartBoundToElasticsearchRunsOnTheSampleHits() {
    var chart =
        json(
            """
            {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
             "data": {"url": {"%context%": true, "index": "cars", "body": {"size": 10}},
                      "format": {"property": "hits.hits"}},
             "transform": [{"calculate": "datum._source['hp'] * 2", "as": "hp2"}],
             "mark": "point",
             "encoding": {"x": {"field": "hp2", "type": "quantitative"}}}
            """);
    var hits = json("[{\"_source\": {\"hp\": 100}}, {\"_source\": {\"hp\": 120}}]");

    var rows = VALIDATIONS.dataOf(VegaLibraries.V5, Library.VEGA_LITE, chart, hits);

    assertThat(rows).contains("\"hp2\":200").contains("\"hp2\":240");
  }

  @Test
  void librariesFollowTheKibanaVersion() {
    assertThat(major("8.11.4")).isEqualTo(VegaLibraries.V5);
    assertThat(major("8.19.8")).isEqualTo(VegaLibraries.V5);
    assertThat(major("8.19.9")).isEqualTo(VegaLibraries.V6);
    assertThat(major("9.0.7")).isEqualTo(VegaLibraries.V5);
    assertThat(major("9.1.8")).isEqualTo(VegaLibraries.V5);
    assertThat(major("9.1.9")).isEqualTo(VegaLibraries.V6);
    assertThat(major("9.2.2")).isEqualTo(VegaLibraries.V5);
    assertThat(major("9.2.3")).isEqualTo(VegaLibraries.V6);
    assertThat(major("9.3.0")).isEqualTo(VegaLibraries.V6);
    assertThat(major("10.0.0")).isEqualTo(VegaLibraries.V6);
    assertThat(VegaLibraries.forKibana(new KibanaCapabilities("9.1.0", true)))
        .isEqualTo(VegaLibraries.V6);
    assertThat(VegaLibraries.forKibana(KibanaCapabilities.UNKNOWN)).isEqualTo(VegaLibraries.V5);
  }

  @Test
  void aConnectionsRecordedVersionAndFlavourGiveItsCapabilities() {
    assertThat(KibanaCapabilities.recorded(" 9.1.0 ", "serverless"))
        .isEqualTo(new KibanaCapabilities("9.1.0", true));
    assertThat(KibanaCapabilities.recorded("8.19.9", "traditional"))
        .isEqualTo(new KibanaCapabilities("8.19.9", false));
    assertThat(KibanaCapabilities.recorded("", "serverless")).isEqualTo(KibanaCapabilities.UNKNOWN);
    assertThat(KibanaCapabilities.recorded(null, null)).isEqualTo(KibanaCapabilities.UNKNOWN);
  }

  @Test
  void aCheckThatCannotFinishInTimeIsPendingNotAVerdict() {
    // A validator of its own with no time at all: the libraries cannot have loaded.
    try (var hurried = new ChartValidations(Duration.ZERO)) {
      assertThatThrownBy(
              () -> hurried.check(VegaLibraries.V5, Library.VEGA_LITE, json(SCATTER), NO_HITS))
          .isInstanceOfSatisfying(
              OperatorException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.VALIDATION_PENDING);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("still loading");
              });
    }
  }

  private static VegaLibraries major(String version) {
    return VegaLibraries.forKibana(new KibanaCapabilities(version, false));
  }
}

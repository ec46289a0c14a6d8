package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import java.util.ArrayList;

/**
 * The chart a preview draws: the operator's own mapping of the resource ({@link
 * VegaSpecResolver#resolveChart}, the spec Kibana gets), with every Elasticsearch query in it
 * answered by a sample search response instead of an Elasticsearch.
 *
 * <p>Kibana runs each {@code url} object of a Vega or Vega-Lite chart as a search and puts the
 * whole response into that data entry's {@code values}; the entry's {@code format.property} ({@code
 * hits.hits}, written by the operator's binding) then picks the rows ({@code populateData} in
 * src/plugins/vis_types/vega/public/data_model/es_query_parser.ts). The preview does the same with
 * a response built from the chart's own inline rows ({@code sampleHits} of the mapping), so a bound
 * chart is drawn through the same field copies and transforms as in Kibana.
 */
public final class PreviewCharts {
  private PreviewCharts() {}

  /**
   * A copy of the mapped chart with each Elasticsearch query replaced by {@link #searchResponse}.
   *
   * @param index the index the chart is bound to (for the hits' {@code _index}); null when not
   *     bound
   */
  public static ObjectNode withSampleData(VegaSpecResolver.Chart chart, String index) {
    var spec = (ObjectNode) chart.tree().deepCopy();
    var response = searchResponse(chart.sampleHits(), index);
    answerQueries(spec, response);
    return spec;
  }

  /**
   * What Elasticsearch answers to a search returning these hits, with the fields a real answer has
   * ({@code took}, {@code _shards}, {@code hits.total}, each hit's {@code _index}, {@code _id} and
   * {@code _score}).
   */
  public static ObjectNode searchResponse(JsonNode hits, String index) {
    var response = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    response.put("took", 1).put("timed_out", false);
    response
        .putObject("_shards")
        .put("total", 1)
        .put("successful", 1)
        .put("skipped", 0)
        .put("failed", 0);
    var outer = response.putObject("hits");
    var count = hits == null ? 0 : hits.size();
    outer.putObject("total").put("value", count).put("relation", "eq");
    outer.put("max_score", 1.0);
    ArrayNode rows = outer.putArray("hits");
    for (int i = 0; i < count; i++) {
      var hit = rows.addObject();
      hit.put("_index", index == null ? "index" : index);
      hit.put("_id", String.valueOf(i + 1));
      hit.put("_score", 1.0);
      var given = hits.get(i);
      if (given != null && given.isObject()) {
        hit.setAll((ObjectNode) given.deepCopy());
      }
    }
    return response;
  }

  /** Every data entry (any depth) whose {@code url} is a Kibana query object gets the response. */
  private static void answerQueries(JsonNode node, ObjectNode response) {
    if (node instanceof ObjectNode object) {
      var url = object.get("url");
      // {"signal": ...} is a Vega expression, not a query.
      if (url instanceof ObjectNode query && !query.has("signal")) {
        object.remove("url");
        object.set("values", response.deepCopy());
      }
      var names = new ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (var name : names) {
        // Inline rows hold no data entries.
        if (!name.equals("values") && !name.equals("datasets")) {
          answerQueries(object.get(name), response);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(item -> answerQueries(item, response));
    }
  }
}

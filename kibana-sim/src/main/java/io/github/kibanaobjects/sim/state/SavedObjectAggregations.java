package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code _find} {@code aggs} the simulator computes: {@code terms}, {@code cardinality}, {@code
 * value_count}, {@code min}, {@code max}, {@code sum} and {@code avg} over {@code
 * <type>.attributes.<field>} (or {@code <type>.updated_at}). Other aggregation types are a 400,
 * like aggregations Kibana does not allow.
 */
public final class SavedObjectAggregations {
  private static final Set<String> METRICS =
      Set.of("cardinality", "value_count", "min", "max", "sum", "avg");

  private SavedObjectAggregations() {}

  /** Parses and checks {@code aggs}; returns the computed {@code aggregations} object. */
  public static ObjectNode compute(String aggsJson, Set<String> types, List<StoredObject> hits) {
    JsonNode aggs = Json.parseOrNull(aggsJson);
    if (aggs == null || !aggs.isObject()) {
      throw KibanaError.badRequest("invalid aggs value");
    }
    var result = Json.object();
    for (Map.Entry<String, JsonNode> agg : aggs.properties()) {
      String name = agg.getKey();
      JsonNode definition = agg.getValue();
      if (!definition.isObject() || definition.size() != 1) {
        throw invalid(name, "expected exactly one aggregation type");
      }
      String kind = definition.fieldNames().next();
      JsonNode body = definition.get(kind);
      String field = body.path("field").asText(null);
      if (field == null) {
        throw invalid(name + "." + kind + ".field", "field is required");
      }
      var values = values(name + "." + kind + ".field", field, types, hits);
      if (kind.equals("terms")) {
        result.set(name, terms(values, body.path("size").asInt(10)));
      } else if (METRICS.contains(kind)) {
        result.set(name, metric(kind, values));
      } else {
        throw invalid(name, "aggregation type [" + kind + "] is not supported by kibana-sim");
      }
    }
    return result;
  }

  private static List<JsonNode> values(
      String path, String field, Set<String> types, List<StoredObject> hits) {
    String[] parts = field.split("\\.", 3);
    if (parts.length < 2 || !types.contains(parts[0])) {
      throw invalid(path, "Invalid attribute path: " + field);
    }
    var values = new ArrayList<JsonNode>();
    for (StoredObject o : hits) {
      if (!o.type().equals(parts[0])) {
        continue;
      }
      JsonNode value;
      if (parts.length == 3 && parts[1].equals("attributes")) {
        value = o.attributes().get(parts[2]);
      } else if (parts.length == 2 && parts[1].equals("updated_at")) {
        value = Json.object().textNode(o.updatedAt());
      } else {
        throw invalid(path, "Invalid attribute path: " + field);
      }
      if (value != null && value.isValueNode() && !value.isNull()) {
        values.add(value);
      }
    }
    return values;
  }

  private static ObjectNode terms(List<JsonNode> values, int size) {
    var counts = new LinkedHashMap<String, Integer>();
    var keys = new LinkedHashMap<String, JsonNode>();
    for (JsonNode v : values) {
      counts.merge(v.asText(), 1, Integer::sum);
      keys.putIfAbsent(v.asText(), v);
    }
    var sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    var node = Json.object();
    node.put("doc_count_error_upper_bound", 0);
    int shown = 0;
    var buckets = node.putArray("buckets");
    for (var entry : sorted.subList(0, Math.min(size, sorted.size()))) {
      var bucket = buckets.addObject();
      bucket.set("key", keys.get(entry.getKey()));
      bucket.put("doc_count", entry.getValue());
      shown += entry.getValue();
    }
    node.put("sum_other_doc_count", values.size() - shown);
    return node;
  }

  private static ObjectNode metric(String kind, List<JsonNode> values) {
    var node = Json.object();
    switch (kind) {
      case "cardinality" -> {
        var distinct = new HashSet<String>();
        values.forEach(v -> distinct.add(v.asText()));
        node.put("value", distinct.size());
      }
      case "value_count" -> node.put("value", values.size());
      default -> {
        var numbers = values.stream().filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble);
        var stats = numbers.summaryStatistics();
        if (stats.getCount() == 0) {
          node.putNull("value");
        } else {
          node.put(
              "value",
              switch (kind) {
                case "min" -> stats.getMin();
                case "max" -> stats.getMax();
                case "sum" -> stats.getSum();
                default -> stats.getAverage();
              });
        }
      }
    }
    return node;
  }

  private static KibanaError invalid(String path, String reason) {
    return KibanaError.badRequest("Invalid aggs: [" + path + "]: " + reason);
  }
}

package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites a chart's data source into a Kibana Elasticsearch query (spec.elasticsearchData).
 *
 * <p>Kibana hands the chart the raw search response; {@code format.property: hits.hits} makes each
 * hit a row, so a document's fields sit under {@code _source}. To keep the chart's encodings
 * untouched, each field the chart uses is copied back to the top of the row by a transform ({@code
 * calculate} in Vega-Lite, {@code formula} in Vega) placed before the chart's own transforms. The
 * alternative, prefixing every field reference with {@code _source.}, would have to find references
 * in encodings, sorts, tooltips, filters and expressions alike, and would change the default axis
 * titles.
 *
 * <p>The fields copied are the keys of the inline rows the chart carried (Altair inlines all
 * columns) plus every field the spec refers to: {@code field}, {@code fields}, {@code groupby}
 * values, and {@code datum.x} / {@code datum['x']} in expressions. Copying a name that is not in
 * the documents only yields an undefined value, which the chart's later transforms overwrite.
 */
final class ElasticsearchDataBinding {
  private static final Set<String> HIT_KEYS = Set.of("_source", "_id", "_index", "_score");
  private static final Pattern DATUM_DOT = Pattern.compile("datum\\.([A-Za-z_$][A-Za-z0-9_$]*)");
  private static final Pattern DATUM_BRACKET =
      Pattern.compile("datum\\[\\s*(['\"])((?:(?!\\1).)+)\\1\\s*]");

  private ElasticsearchDataBinding() {}

  /**
   * Rewrites the chart in place.
   *
   * @return the inline rows the chart had, each as a search hit ({@code {"_source": row}}), to run
   *     the rewritten chart on data shaped like Elasticsearch's answer
   */
  static ArrayNode apply(ObjectNode chart, Library library, ElasticsearchData data) {
    if (data.getIndex() == null || data.getIndex().isBlank()) {
      throw new OperatorException(Reason.INVALID_SPEC, "elasticsearchData.index is required");
    }
    var hits = chart.arrayNode();
    collectHits(chart, hits);
    if (library == Library.VEGA_LITE) {
      applyVegaLite(chart, data);
    } else {
      applyVega(chart, data);
    }
    return hits;
  }

  private static void collectHits(JsonNode node, ArrayNode hits) {
    if (node.isObject()) {
      var values = node.get("values");
      if (values != null && values.isArray()) {
        values.forEach(
            row -> {
              if (row.isObject()) {
                hits.addObject().set("_source", row.deepCopy());
              }
            });
      }
      node.forEach(child -> collectHits(child, hits));
    } else if (node.isArray()) {
      node.forEach(child -> collectHits(child, hits));
    }
  }

  /** Vega-Lite: the top-level data is replaced; the inline dataset it named is dropped. */
  private static void applyVegaLite(ObjectNode chart, ElasticsearchData data) {
    var fields = new LinkedHashSet<String>();
    var oldData = chart.get("data");
    if (oldData != null && oldData.isObject()) {
      collectRowKeys(oldData.get("values"), fields);
      var name = oldData.path("name").asText(null);
      var datasets = chart.get("datasets");
      if (name != null && datasets instanceof ObjectNode named && named.has(name)) {
        collectRowKeys(named.get(name), fields);
        named.remove(name);
        if (named.isEmpty()) {
          chart.remove("datasets");
        }
      }
    }
    chart.remove("data");
    collectFieldReferences(chart, fields);

    var newData = chart.objectNode();
    newData.set("url", searchUrl(chart, data));
    newData.set("format", chart.objectNode().put("property", "hits.hits"));
    chart.set("data", newData);

    var transforms = chart.arrayNode();
    for (var field : fields) {
      transforms.add(chart.objectNode().put("calculate", sourceExpression(field)).put("as", field));
    }
    appendAll(transforms, chart.get("transform"));
    if (!transforms.isEmpty()) {
      chart.set("transform", transforms);
    }
  }

  /** Vega: the first data entry becomes the query; its name and other settings stay. */
  private static void applyVega(ObjectNode chart, ElasticsearchData data) {
    var entries = chart.get("data");
    if (entries == null || !entries.isArray() || entries.isEmpty() || !entries.get(0).isObject()) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "elasticsearchData replaces the chart's first data entry, but the Vega chart has none");
    }
    var first = (ObjectNode) entries.get(0);
    var fields = new LinkedHashSet<String>();
    collectRowKeys(first.get("values"), fields);
    for (var key : new String[] {"values", "source", "url", "format"}) {
      first.remove(key);
    }
    var ownTransforms = first.remove("transform");
    collectFieldReferences(chart, fields);

    var rewritten = chart.objectNode();
    if (first.has("name")) {
      rewritten.set("name", first.remove("name"));
    }
    rewritten.set("url", searchUrl(chart, data));
    rewritten.set("format", chart.objectNode().put("property", "hits.hits"));
    rewritten.setAll(first);
    var transforms = chart.arrayNode();
    for (var field : fields) {
      transforms.add(
          chart
              .objectNode()
              .put("type", "formula")
              .put("expr", sourceExpression(field))
              .put("as", field));
    }
    appendAll(transforms, ownTransforms);
    if (!transforms.isEmpty()) {
      rewritten.set("transform", transforms);
    }
    ((ArrayNode) entries).set(0, rewritten);
  }

  /**
   * Kibana's query object. {@code %context%} (dashboard query and filters) and {@code %timefield%}
   * must not be combined with {@code body.query}, so with a query the time picker is applied inside
   * it through a {@code %timefilter%} range.
   */
  private static ObjectNode searchUrl(ObjectNode chart, ElasticsearchData data) {
    var url = chart.objectNode();
    var body = chart.objectNode().put("size", data.sizeOrDefault());
    var timeField = data.getTimeField();
    var hasTimeField = timeField != null && !timeField.isBlank();
    var query = data.getQuery();
    if (query == null || query.isNull() || (query.isObject() && query.isEmpty())) {
      url.put("%context%", true);
      if (hasTimeField) {
        url.put("%timefield%", timeField);
      }
    } else if (hasTimeField) {
      var range = chart.objectNode();
      range.putObject("range").putObject(timeField).put("%timefilter%", true);
      var must = chart.arrayNode().add(query.deepCopy()).add(range);
      var bool = chart.objectNode();
      bool.putObject("bool").set("must", must);
      body.set("query", bool);
    } else {
      body.set("query", query.deepCopy());
    }
    url.put("index", data.getIndex());
    url.set("body", body);
    return url;
  }

  private static String sourceExpression(String field) {
    return "datum._source[" + JsonTrees.MAPPER.getNodeFactory().textNode(field) + "]";
  }

  private static void appendAll(ArrayNode target, JsonNode items) {
    if (items != null && items.isArray()) {
      items.forEach(target::add);
    } else if (items != null && items.isObject()) {
      target.add(items);
    }
  }

  private static void collectRowKeys(JsonNode rows, Set<String> fields) {
    if (rows != null && rows.isArray()) {
      for (var row : rows) {
        row.fieldNames().forEachRemaining(name -> addField(name, fields));
      }
    }
  }

  private static void collectFieldReferences(JsonNode node, Set<String> fields) {
    if (node.isObject()) {
      for (var entry : node.properties()) {
        var key = entry.getKey();
        var value = entry.getValue();
        if (key.equals("field") && value.isTextual()) {
          addField(topLevelName(value.textValue()), fields);
        } else if ((key.equals("fields") || key.equals("groupby")) && value.isArray()) {
          value.forEach(
              item -> {
                if (item.isTextual()) {
                  addField(topLevelName(item.textValue()), fields);
                }
              });
        }
        collectFieldReferences(value, fields);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collectFieldReferences(item, fields));
    } else if (node.isTextual() && node.textValue().contains("datum")) {
      var text = node.textValue();
      DATUM_DOT.matcher(text).results().forEach(m -> addField(m.group(1), fields));
      DATUM_BRACKET.matcher(text).results().forEach(m -> addField(m.group(2), fields));
    }
  }

  private static void addField(String name, Set<String> fields) {
    if (name != null && !name.isEmpty() && !HIT_KEYS.contains(name)) {
      fields.add(name);
    }
  }

  /**
   * The document field a Vega-Lite field reference starts with: {@code a.b} and {@code a[0]} read
   * inside {@code a}; a backslash escapes a dot or bracket that is part of the name.
   */
  static String topLevelName(String reference) {
    var name = new StringBuilder();
    for (int i = 0; i < reference.length(); i++) {
      char c = reference.charAt(i);
      if (c == '\\' && i + 1 < reference.length()) {
        name.append(reference.charAt(++i));
      } else if (c == '.' || c == '[') {
        break;
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }
}

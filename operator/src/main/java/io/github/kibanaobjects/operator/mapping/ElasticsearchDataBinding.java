package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Rewrites every data source of a chart into a Kibana Elasticsearch query (spec.elasticsearchData).
 *
 * <p>Which sources: in Vega-Lite, the {@code data} of the top-level view and of every view inside
 * it ({@code layer}, {@code concat}, {@code hconcat}, {@code vconcat}, the {@code spec} of a facet
 * or repeat), whether inline {@code values}, a named entry of {@code datasets} (dropped once
 * unused) or a {@code url}; in Vega, every {@code data} entry (top level and in group marks) with
 * {@code values} or a {@code url}. Generators ({@code sequence}, {@code graticule}, {@code sphere})
 * and Vega entries derived with {@code source} stay.
 *
 * <p>Kibana puts the raw search response into the data entry ({@code values}, see {@code
 * populateData} in src/plugins/vis_types/vega/public/data_model/es_query_parser.ts); {@code
 * format.property: hits.hits} makes each hit a row, so a document's fields sit under {@code
 * _source}. Each field the chart uses is copied back to the top of the row by a transform ({@code
 * calculate} in Vega-Lite, {@code formula} in Vega) placed before the view's own transforms, so
 * encodings, sorts, tooltips and default axis titles stay as they were. The fields copied are the
 * keys of the inline rows plus every field the spec refers to ({@code field}, {@code fields},
 * {@code groupby}, {@code repeat} lists, {@code datum.x} / {@code datum['x']} in expressions). A
 * field reference {@code engine.hp} finds a nested {@code {"engine": {"hp": ..}}} as well as a flat
 * {@code "engine.hp"} key in {@code _source}. A {@code format.parse} of the old source is applied
 * in the copy (the search response is JSON; other format options do not apply to it).
 */
final class ElasticsearchDataBinding {
  private static final Set<String> HIT_KEYS = Set.of("_source", "_id", "_index", "_score");
  private static final Set<String> GENERATORS = Set.of("sequence", "graticule", "sphere");
  private static final List<String> VIEW_LISTS = List.of("layer", "concat", "hconcat", "vconcat");
  private static final Pattern DATUM_DOT =
      Pattern.compile("datum\\.([A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*)");
  private static final Pattern DATUM_BRACKET =
      Pattern.compile("datum\\[\\s*(['\"])((?:(?!\\1).)+)\\1\\s*]");
  private static final Pattern PARSE_FORMAT =
      Pattern.compile("^(date|utc)\\s*:\\s*(['\"])(.*)\\2$");

  /** Kibana's dashboard-context placeholders, replaced inside {@code body.query} arrays. */
  static final String MUST_CLAUSE = "%dashboard_context-must_clause%";

  static final String FILTER_CLAUSE = "%dashboard_context-filter_clause%";
  static final String MUST_NOT_CLAUSE = "%dashboard_context-must_not_clause%";

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
    var references = new LinkedHashSet<String>();
    collectFieldReferences(chart, references);
    var binding = new Binding(chart, data, library, references);
    if (library == Library.VEGA_LITE) {
      binding.vegaLiteView(chart, true);
      binding.dropUsedDatasets();
    } else {
      binding.vegaGroup(chart);
      if (binding.rewritten == 0) {
        throw new OperatorException(
            Reason.INVALID_SPEC,
            "elasticsearchData replaces the chart's data, but the Vega chart has no data entry"
                + " with values or a url");
      }
    }
    return binding.hits;
  }

  /** One rewrite: what it shares between the chart's sources. */
  private static final class Binding {
    final ObjectNode chart;
    final ElasticsearchData data;
    final Library library;
    final Set<String> references;
    final ArrayNode hits;
    final Set<String> usedDatasets = new LinkedHashSet<>();
    int rewritten;

    Binding(ObjectNode chart, ElasticsearchData data, Library library, Set<String> references) {
      this.chart = chart;
      this.data = data;
      this.library = library;
      this.references = references;
      this.hits = chart.arrayNode();
    }

    void vegaLiteView(ObjectNode view, boolean top) {
      var source = view.get("data");
      if (source != null && source.isObject() && isRowSource((ObjectNode) source)) {
        bindView(view, (ObjectNode) source);
      } else if (top && source == null && !hasChildData(view)) {
        // No data anywhere: the whole chart reads the index.
        bindView(view, chart.objectNode());
      }
      for (var key : VIEW_LISTS) {
        var children = view.get(key);
        if (children != null && children.isArray()) {
          children.forEach(
              child -> {
                if (child.isObject()) {
                  vegaLiteView((ObjectNode) child, false);
                }
              });
        }
      }
      var inner = view.get("spec");
      if (inner != null && inner.isObject()) {
        vegaLiteView((ObjectNode) inner, false);
      }
    }

    private boolean hasChildData(JsonNode view) {
      for (var key : VIEW_LISTS) {
        for (var child : iterable(view.get(key))) {
          if (child.has("data") || hasChildData(child)) {
            return true;
          }
        }
      }
      var inner = view.get("spec");
      return inner != null && (inner.has("data") || hasChildData(inner));
    }

    private boolean isRowSource(ObjectNode source) {
      for (var generator : GENERATORS) {
        if (source.has(generator)) {
          return false;
        }
      }
      if (source.has("values") || source.path("url").isTextual()) {
        return true;
      }
      var name = source.path("name").asText(null);
      return name != null && chart.path("datasets").has(name);
    }

    /** A Vega-Lite view's data becomes the query; its field copies go before its transforms. */
    private void bindView(ObjectNode view, ObjectNode oldSource) {
      var rowKeys = new LinkedHashSet<String>();
      collectRows(oldSource.get("values"), rowKeys);
      var name = oldSource.path("name").asText(null);
      if (name != null && chart.path("datasets").has(name)) {
        collectRows(chart.path("datasets").get(name), rowKeys);
        usedDatasets.add(name);
      }
      var newSource = chart.objectNode();
      newSource.set("url", searchUrl(chart, data));
      newSource.set("format", chart.objectNode().put("property", "hits.hits"));
      view.set("data", newSource);
      var transforms = copies(rowKeys, oldSource.path("format").path("parse"));
      appendAll(transforms, view.get("transform"));
      if (!transforms.isEmpty()) {
        view.set("transform", transforms);
      }
      rewritten++;
    }

    void dropUsedDatasets() {
      if (chart.get("datasets") instanceof ObjectNode datasets) {
        // Only if no view still names it (a view that was not rewritten, e.g. a lookup).
        var stillNamed = new LinkedHashSet<String>();
        collectNamedData(chart, stillNamed);
        for (var name : usedDatasets) {
          if (!stillNamed.contains(name)) {
            datasets.remove(name);
          }
        }
        if (datasets.isEmpty()) {
          chart.remove("datasets");
        }
      }
    }

    /** Vega: every data entry with rows, here and in group marks. */
    void vegaGroup(ObjectNode group) {
      for (var entry : iterable(group.get("data"))) {
        if (entry instanceof ObjectNode source
            && (source.has("values") || source.path("url").isTextual())
            && !source.has("source")) {
          bindEntry(source);
        }
      }
      for (var mark : iterable(group.get("marks"))) {
        if (mark instanceof ObjectNode markNode) {
          vegaGroup(markNode);
        }
      }
    }

    /** A Vega data entry becomes the query; its name and other settings stay. */
    private void bindEntry(ObjectNode entry) {
      var rowKeys = new LinkedHashSet<String>();
      collectRows(entry.get("values"), rowKeys);
      var parse = entry.path("format").path("parse");
      for (var key : new String[] {"values", "url", "format"}) {
        entry.remove(key);
      }
      var ownTransforms = entry.remove("transform");
      var rewrittenEntry = chart.objectNode();
      if (entry.has("name")) {
        rewrittenEntry.set("name", entry.remove("name"));
      }
      rewrittenEntry.set("url", searchUrl(chart, data));
      rewrittenEntry.set("format", chart.objectNode().put("property", "hits.hits"));
      rewrittenEntry.setAll(entry);
      var transforms = copies(rowKeys, parse);
      appendAll(transforms, ownTransforms);
      if (!transforms.isEmpty()) {
        rewrittenEntry.set("transform", transforms);
      }
      entry.removeAll();
      entry.setAll(rewrittenEntry);
      rewritten++;
    }

    private void collectRows(JsonNode rows, Set<String> rowKeys) {
      for (var row : iterable(rows)) {
        if (row.isObject()) {
          row.fieldNames().forEachRemaining(key -> addField(key, rowKeys));
          hits.addObject().set("_source", row.deepCopy());
        }
      }
    }

    /** The transforms that copy each field the view needs from {@code _source}. */
    private ArrayNode copies(Set<String> rowKeys, JsonNode parse) {
      // Field name written by the copy -> expression reading it from the hit.
      var copies = new LinkedHashMap<String, String>();
      var nested = new LinkedHashMap<String, Set<String>>();
      for (var key : rowKeys) {
        copies.put(key, flatOrNested(key));
      }
      var parsed = parse.isObject() ? parse : chart.objectNode();
      var referenced = new LinkedHashSet<>(references);
      parsed.fieldNames().forEachRemaining(referenced::add);
      for (var reference : referenced) {
        var path = FieldPath.parse(reference);
        if (path.isEmpty() || HIT_KEYS.contains(path.get(0))) {
          continue;
        }
        if (path.size() == 1) {
          copies.putIfAbsent(path.get(0), flatOrNested(path.get(0)));
        } else {
          nested.computeIfAbsent(path.get(0), k -> new LinkedHashSet<>()).add(reference);
        }
      }
      nested.forEach((top, paths) -> copies.put(top, nestedObject(top, paths)));

      var transforms = chart.arrayNode();
      copies.forEach(
          (field, expression) -> {
            var expr = withParse(expression, parsed.get(field));
            if (library == Library.VEGA_LITE) {
              transforms.add(chart.objectNode().put("calculate", expr).put("as", field));
            } else {
              transforms.add(
                  chart.objectNode().put("type", "formula").put("expr", expr).put("as", field));
            }
          });
      return transforms;
    }
  }

  /**
   * Kibana's query object. Without a query, {@code %context%} applies the dashboard's query and
   * filters (and {@code %timefield%} the time picker). Kibana refuses {@code %context%} and {@code
   * %timefield%} next to {@code body.query}, so with a user query the dashboard context is put into
   * it clause by clause with Kibana's {@code %dashboard_context-*_clause%} placeholders and the
   * time picker through a {@code %timefilter%} range (es_query_parser.ts, parseUrl and
   * _injectContextVars).
   */
  static ObjectNode searchUrl(ObjectNode chart, ElasticsearchData data) {
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
    } else {
      var bool = chart.objectNode();
      var must = bool.putArray("must").add(query.deepCopy()).add(MUST_CLAUSE);
      if (hasTimeField) {
        must.addObject().putObject("range").putObject(timeField).put("%timefilter%", true);
      }
      bool.putArray("filter").add(FILTER_CLAUSE);
      bool.putArray("must_not").add(MUST_NOT_CLAUSE);
      body.putObject("query").set("bool", bool);
    }
    url.put("index", data.getIndex());
    url.set("body", body);
    return url;
  }

  private static final String SOURCE = "datum._source";

  private static String literal(String text) {
    return JsonTrees.MAPPER.getNodeFactory().textNode(text).toString();
  }

  /** {@code _source[name]}, or for a dotted name the same path through nested objects. */
  private static String flatOrNested(String name) {
    var flat = SOURCE + "[" + literal(name) + "]";
    if (!name.contains(".")) {
      return flat;
    }
    var parts = name.split("\\.", -1);
    var guard = new StringBuilder();
    var access = new StringBuilder(SOURCE);
    for (int i = 0; i < parts.length - 1; i++) {
      access.append('[').append(literal(parts[i])).append(']');
      if (i > 0) {
        guard.append(" && ");
      }
      guard.append("isObject(").append(access).append(')');
    }
    access.append('[').append(literal(parts[parts.length - 1])).append(']');
    return "isValid(%s) ? %s : (%s ? %s : null)".formatted(flat, flat, guard, access);
  }

  /**
   * The object a chart reads {@code top.x.y} from: {@code _source[top]} when the document nests it,
   * otherwise built from flat {@code "top.x.y"} keys.
   */
  private static String nestedObject(String top, Set<String> references) {
    var tree = new TreeMap<String, Object>();
    for (var reference : references) {
      var path = FieldPath.parse(reference);
      insert(tree, path, 1, String.join(".", path));
    }
    var flat = SOURCE + "[" + literal(top) + "]";
    return "isValid(%s) ? %s : %s".formatted(flat, flat, objectLiteral(tree));
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> tree, List<String> path, int at, String full) {
    var key = path.get(at);
    if (at == path.size() - 1) {
      tree.putIfAbsent(key, full);
      return;
    }
    var child = tree.get(key);
    if (!(child instanceof Map)) {
      child = new TreeMap<String, Object>();
      tree.put(key, child);
    }
    insert((Map<String, Object>) child, path, at + 1, full);
  }

  @SuppressWarnings("unchecked")
  private static String objectLiteral(Map<String, Object> tree) {
    var parts = new ArrayList<String>();
    tree.forEach(
        (key, value) ->
            parts.add(
                literal(key)
                    + ": "
                    + (value instanceof Map
                        ? objectLiteral((Map<String, Object>) value)
                        : flatOrNested((String) value))));
    return "{" + String.join(", ", parts) + "}";
  }

  /** A {@code format.parse} type applied to a copied value. */
  private static String withParse(String expression, JsonNode type) {
    if (type == null || !type.isTextual()) {
      return expression;
    }
    var text = type.textValue().trim();
    var pattern = PARSE_FORMAT.matcher(text);
    if (pattern.matches()) {
      var function = pattern.group(1).equals("utc") ? "utcParse" : "timeParse";
      return "%s(%s, %s)".formatted(function, expression, literal(pattern.group(3)));
    }
    return switch (text) {
      case "number" -> "toNumber(" + expression + ")";
      case "boolean" -> "toBoolean(" + expression + ")";
      case "date" -> "toDate(" + expression + ")";
      case "string" -> "toString(" + expression + ")";
      default -> expression;
    };
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node != null && node.isArray() ? node : List.of();
  }

  private static void appendAll(ArrayNode target, JsonNode items) {
    if (items != null && items.isArray()) {
      items.forEach(target::add);
    } else if (items != null && items.isObject()) {
      target.add(items);
    }
  }

  private static void collectNamedData(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      var data = node.get("data");
      if (data != null && data.isObject() && data.has("name") && !data.has("url")) {
        names.add(data.get("name").asText());
      }
      node.forEach(child -> collectNamedData(child, names));
    } else if (node.isArray()) {
      node.forEach(child -> collectNamedData(child, names));
    }
  }

  private static void collectFieldReferences(JsonNode node, Set<String> fields) {
    if (node.isObject()) {
      for (var entry : node.properties()) {
        var key = entry.getKey();
        var value = entry.getValue();
        if (key.equals("datasets") || key.equals("values")) {
          continue;
        }
        if (key.equals("field") && value.isTextual()) {
          addField(value.textValue(), fields);
        } else if ((key.equals("fields") || key.equals("groupby")) && value.isArray()) {
          value.forEach(item -> addText(item, fields));
        } else if (key.equals("repeat")) {
          // repeat: [a, b] or {row: [a], column: [b], layer: [c]}: each name is a field.
          if (value.isArray()) {
            value.forEach(item -> addText(item, fields));
          } else if (value.isObject()) {
            value.forEach(list -> iterable(list).forEach(item -> addText(item, fields)));
          }
        }
        collectFieldReferences(value, fields);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collectFieldReferences(item, fields));
    } else if (node.isTextual() && node.textValue().contains("datum")) {
      var text = node.textValue();
      DATUM_DOT.matcher(text).results().forEach(m -> addField(m.group(1), fields));
      DATUM_BRACKET
          .matcher(text)
          .results()
          .forEach(m -> addField(FieldPath.escape(m.group(2)), fields));
    }
  }

  private static void addText(JsonNode item, Set<String> fields) {
    if (item.isTextual()) {
      addField(item.textValue(), fields);
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
    var path = FieldPath.parse(reference);
    return path.isEmpty() ? "" : path.get(0);
  }

  /** Vega's field path syntax: dots and brackets separate, a backslash escapes. */
  static final class FieldPath {
    private FieldPath() {}

    static List<String> parse(String reference) {
      var parts = new ArrayList<String>();
      var name = new StringBuilder();
      for (int i = 0; i < reference.length(); i++) {
        char c = reference.charAt(i);
        if (c == '\\' && i + 1 < reference.length()) {
          name.append(reference.charAt(++i));
        } else if (c == '.') {
          parts.add(name.toString());
          name.setLength(0);
        } else if (c == '[') {
          // a[0] or a["b"]: the path goes on inside a; stop at the first bracket.
          break;
        } else {
          name.append(c);
        }
      }
      parts.add(name.toString());
      parts.removeIf(String::isEmpty);
      return parts;
    }

    /** A literal name as a reference (dots and brackets escaped). */
    static String escape(String name) {
      return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[");
    }
  }
}

package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.JsonLimits;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The JSON plumbing the mappers share: one strict parser, one canonical form (sorted keys, numbers
 * by value), a pretty printer that writes like {@code JSON.stringify(value, null, 2)}, and a
 * path-by-path diff for events and logs.
 */
public final class JsonTrees {
  /** Strict JSON: no comments, no trailing tokens, exact decimals (a spec is kept to the digit). */
  public static final ObjectMapper MAPPER =
      // Long names and strings as a resource may carry them (see JsonLimits)
      JsonMapper.builder(JsonLimits.operator(new JsonFactory()))
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  // Kibana's editor and exports format specs as JSON.stringify(spec, null, 2) does.
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private JsonTrees() {}

  /** Parses strict JSON, or returns null when the text is not exactly one JSON value. */
  public static JsonNode parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    try {
      var node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Two-space indented JSON, {@code "key": value}, as Kibana's Vega editor shows it. */
  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compact JSON in the node's own key order. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A deep copy with object keys sorted and every number replaced by its value in one form ({@code
   * 12}, {@code 12.0} and {@code 1.2E1} are the same number to Kibana and JavaScript).
   */
  public static JsonNode canonical(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NODES.nullNode();
    }
    if (node.isObject()) {
      var sorted = new TreeMap<String, JsonNode>();
      node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      var out = NODES.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      var out = NODES.arrayNode(node.size());
      node.forEach(item -> out.add(canonical(item)));
      return out;
    }
    if (node.isNumber()) {
      return canonicalNumber(node);
    }
    return node.deepCopy();
  }

  private static JsonNode canonicalNumber(JsonNode number) {
    if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
      return number.deepCopy();
    }
    BigDecimal value = number.decimalValue().stripTrailingZeros();
    if (value.scale() <= 0) {
      var integer = value.toBigIntegerExact();
      return integer.bitLength() < 64
          ? NODES.numberNode(integer.longValue())
          : NODES.numberNode(integer);
    }
    return DecimalNode.valueOf(value);
  }

  /** Canonical compact text: equal for equal JSON, whatever the key order or number spelling. */
  public static String canonicalString(JsonNode node) {
    return compact(canonical(node));
  }

  /** Sorts an array's items (by canonical text) and removes duplicates: a list that is a set. */
  public static ArrayNode asSortedSet(JsonNode array) {
    var items = new TreeMap<String, JsonNode>();
    if (array != null && array.isArray()) {
      array.forEach(item -> items.putIfAbsent(canonicalString(item), canonical(item)));
    }
    var out = NODES.arrayNode(items.size());
    items.values().forEach(out::add);
    return out;
  }

  /**
   * The paths at which two trees differ after canonicalisation, e.g. {@code attributes.title} or
   * {@code kibana[0].feature.visualize}. Arrays of different length are reported as one path.
   */
  public static List<String> diffPaths(JsonNode left, JsonNode right) {
    var paths = new ArrayList<String>();
    diff(canonical(left), canonical(right), "", paths);
    return paths;
  }

  private static void diff(JsonNode left, JsonNode right, String path, List<String> out) {
    if (left.equals(right)) {
      return;
    }
    if (left.isObject() && right.isObject()) {
      var keys = new TreeSet<String>();
      left.fieldNames().forEachRemaining(keys::add);
      right.fieldNames().forEachRemaining(keys::add);
      for (var key : keys) {
        diff(field(left, key), field(right, key), child(path, key), out);
      }
      return;
    }
    if (left.isArray() && right.isArray() && left.size() == right.size()) {
      for (int i = 0; i < left.size(); i++) {
        diff(left.get(i), right.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    out.add(path.isEmpty() ? "$" : path);
  }

  private static JsonNode field(JsonNode object, String key) {
    var value = object.get(key);
    return value == null ? NODES.missingNode() : value;
  }

  static String child(String path, String key) {
    if (IDENTIFIER.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[" + NODES.textNode(key) + "]";
  }

  /** True for null, missing, empty arrays, empty objects and empty strings. */
  static boolean isEmpty(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isContainerNode() && node.isEmpty())
        || (node.isTextual() && node.textValue().isEmpty());
  }

  /** Puts a field only when it carries something (see {@link #isEmpty}). */
  static void putIfNotEmpty(ObjectNode target, String key, JsonNode value) {
    if (!isEmpty(value)) {
      target.set(key, value);
    }
  }
}

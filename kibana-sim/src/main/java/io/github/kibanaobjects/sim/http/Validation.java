package io.github.kibanaobjects.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Request-body checks with Kibana config-schema messages: {@code [<path>]: <reason>}, where the
 * path starts with {@code request body}.
 */
public final class Validation {
  private Validation() {}

  public static KibanaError invalid(String path, String reason) {
    return KibanaError.badRequest("[" + path + "]: " + reason);
  }

  public static KibanaError wrongType(String path, String expected, JsonNode actual) {
    return invalid(
        path, "expected value of type [" + expected + "] but got [" + Json.typeName(actual) + "]");
  }

  /** A plain object that may only have {@code allowedKeys}. */
  public static ObjectNode strictObject(JsonNode node, String path, String... allowedKeys) {
    if (node == null || !node.isObject()) {
      throw wrongType(path, "object", node);
    }
    var allowed = Arrays.asList(allowedKeys);
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                throw invalid(path + "." + key, "definition for this key is missing");
              }
            });
    return (ObjectNode) node;
  }

  public static ObjectNode requiredObject(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null || !value.isObject()) {
      throw wrongType(path + "." + key, "object", value);
    }
    return (ObjectNode) value;
  }

  public static String requiredString(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null || !value.isTextual()) {
      throw wrongType(path + "." + key, "string", value);
    }
    return value.asText();
  }

  public static String optionalString(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(path + "." + key, "string", value);
    }
    return value.asText();
  }

  public static Boolean optionalBoolean(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw wrongType(path + "." + key, "boolean", value);
    }
    return value.asBoolean();
  }

  /** Null when absent; otherwise every element must be a string. */
  public static List<String> optionalStrings(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw wrongType(path + "." + key, "array", value);
    }
    var result = new ArrayList<String>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        throw wrongType(path + "." + key + "." + i, "string", value.get(i));
      }
      result.add(value.get(i).asText());
    }
    return result;
  }

  /** An array of {@code {name,type,id}} strings, at most 1000 (saved-object references). */
  public static ArrayNode references(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    String at = path + "." + key;
    if (!value.isArray()) {
      throw wrongType(at, "array", value);
    }
    if (value.size() > 1000) {
      throw invalid(at, "array size is [" + value.size() + "], but cannot be greater than [1000]");
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode ref = strictObject(value.get(i), at + "." + i, "name", "type", "id");
      for (String field : List.of("name", "type", "id")) {
        requiredString(ref, field, at + "." + i);
      }
    }
    return (ArrayNode) value;
  }

  /** A record of string values (migrationVersion). */
  public static void stringRecord(JsonNode parent, String key, String path) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return;
    }
    if (!value.isObject()) {
      throw wrongType(path + "." + key, "object", value);
    }
    value
        .properties()
        .forEach(
            f -> {
              if (!f.getValue().isTextual()) {
                throw wrongType(path + "." + key + "." + f.getKey(), "string", f.getValue());
              }
            });
  }

  /** The body must be a JSON array (bulk routes). */
  public static ArrayNode array(JsonNode body) {
    if (body == null || !body.isArray()) {
      throw wrongType("request body", "array", body);
    }
    return (ArrayNode) body;
  }
}

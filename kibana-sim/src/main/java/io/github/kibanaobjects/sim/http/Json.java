package io.github.kibanaobjects.sim.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;

/** The one ObjectMapper and small node helpers shared by every route. */
public final class Json {
  /**
   * Kibana parses bodies with JavaScript's JSON.parse, which limits neither names nor strings;
   * Jackson's defaults (50,000 and 20 million characters) would refuse what Kibana takes.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNameLength(Integer.MAX_VALUE)
                      .maxStringLength(Integer.MAX_VALUE)
                      .build())
              .build());

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  public static ArrayNode arrayOf(Iterable<String> values) {
    var array = array();
    values.forEach(array::add);
    return array;
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JsonNode always serialises", e);
    }
  }

  /** Parses JSON text; returns null for invalid JSON. */
  public static JsonNode parseOrNull(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A deep copy whose object keys are sorted at every level (Kibana's export format). */
  public static JsonNode sortedKeys(JsonNode node) {
    if (node.isObject()) {
      var names = new ArrayList<String>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      var copy = object();
      for (String name : names) {
        copy.set(name, sortedKeys(node.get(name)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = array();
      node.forEach(element -> copy.add(sortedKeys(element)));
      return copy;
    }
    return node;
  }

  /** A short type name for config-schema style messages ("expected value of type [object] ..."). */
  public static String typeName(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "undefined";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "Object";
    }
    if (node.isArray()) {
      return "Array";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}

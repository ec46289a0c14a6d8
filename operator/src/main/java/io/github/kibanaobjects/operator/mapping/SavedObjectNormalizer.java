package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brings a desired saved object and the one Kibana returns to one form, so that only differences a
 * person would call a change trigger a write.
 *
 * <p>Kept: {@code type}, {@code id}, {@code attributes}, {@code references} (sorted by name, type,
 * id; absent = []) and {@code managed} (absent = false). Everything the server adds ({@code
 * updated_at}, {@code version}, {@code namespaces}, migration versions, {@code originId}, {@code
 * score}, ...) is dropped. Attributes that Kibana stores as JSON strings are compared as parsed
 * JSON, and so is a Vega spec inside {@code visState} when it is JSON (HJSON stays text). A missing
 * {@code description} equals "". Numbers compare by value and object keys in any order. Dashboards
 * get their own rules on top ({@link DashboardNormalizer}).
 */
public final class SavedObjectNormalizer {
  /** Attributes holding JSON text, by path inside {@code attributes}. */
  private static final List<String[]> JSON_STRING_ATTRIBUTES =
      List.of(
          new String[] {"visState"},
          new String[] {"uiStateJSON"},
          new String[] {"kibanaSavedObjectMeta", "searchSourceJSON"},
          new String[] {"panelsJSON"},
          new String[] {"optionsJSON"});

  private static final Comparator<JsonNode> REFERENCE_ORDER =
      Comparator.<JsonNode, String>comparing(r -> r.path("name").asText())
          .thenComparing(r -> r.path("type").asText())
          .thenComparing(r -> r.path("id").asText());

  private SavedObjectNormalizer() {}

  /** The comparable form of a saved object (desired or read from Kibana). */
  public static ObjectNode normalize(JsonNode savedObject) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (savedObject == null || !savedObject.isObject()) {
      return out;
    }
    copyIfPresent(savedObject, out, "type");
    copyIfPresent(savedObject, out, "id");
    var attributes = normalizeAttributes(savedObject.get("attributes"));
    if (DashboardMapper.TYPE.equals(savedObject.path("type").asText())) {
      DashboardNormalizer.normalizeAttributes(attributes);
    }
    out.set("attributes", attributes);
    out.set("references", sortedReferences(savedObject.get("references")));
    out.put("managed", savedObject.path("managed").asBoolean(false));
    return (ObjectNode) JsonTrees.canonical(out);
  }

  /** Whether writing {@code desired} would change nothing in {@code actual}. */
  public static boolean equivalent(JsonNode desired, JsonNode actual) {
    return normalize(desired).equals(normalize(actual));
  }

  /**
   * The paths that differ, e.g. {@code attributes.title} or {@code
   * attributes.visState.params.spec.mark.type}; empty when {@link #equivalent}.
   */
  public static List<String> diff(JsonNode desired, JsonNode actual) {
    return JsonTrees.diffPaths(normalize(desired), normalize(actual));
  }

  private static ObjectNode normalizeAttributes(JsonNode attributes) {
    var out =
        attributes != null && attributes.isObject()
            ? (ObjectNode) attributes.deepCopy()
            : JsonTrees.MAPPER.createObjectNode();
    for (var path : JSON_STRING_ATTRIBUTES) {
      parseInPlace(out, path);
    }
    if (out.get("visState") instanceof ObjectNode visState
        && visState.get("params") instanceof ObjectNode params
        && params.get("spec") != null
        && params.get("spec").isTextual()) {
      var parsedSpec = JsonTrees.parseOrNull(params.get("spec").textValue());
      if (parsedSpec != null) {
        params.set("spec", parsedSpec);
      }
    }
    var description = out.get("description");
    if (description == null || description.isNull()) {
      out.put("description", "");
    }
    return out;
  }

  /** Replaces the JSON string at {@code path} with its parsed value, when it parses. */
  private static void parseInPlace(ObjectNode root, String[] path) {
    var parent = root;
    for (int i = 0; i < path.length - 1; i++) {
      if (!(parent.get(path[i]) instanceof ObjectNode next)) {
        return;
      }
      parent = next;
    }
    var leaf = path[path.length - 1];
    var value = parent.get(leaf);
    if (value != null && value.isTextual()) {
      var parsed = JsonTrees.parseOrNull(value.textValue());
      if (parsed != null) {
        parent.set(leaf, parsed);
      }
    }
  }

  private static ArrayNode sortedReferences(JsonNode references) {
    var items = new ArrayList<JsonNode>();
    if (references != null && references.isArray()) {
      references.forEach(items::add);
    }
    items.sort(REFERENCE_ORDER);
    var out = JsonTrees.MAPPER.createArrayNode();
    items.forEach(out::add);
    return out;
  }

  private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
    var value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(field, value.deepCopy());
    }
  }
}

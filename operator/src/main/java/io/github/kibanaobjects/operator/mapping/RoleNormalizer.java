package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Brings a role PUT body and Kibana's GET answer to one form, so a role is rewritten only when it
 * really differs (the perpetual diffs other tools suffer from come from the cases handled here).
 *
 * <ul>
 *   <li>Dropped: {@code name}, {@code transient_metadata}, {@code _transform_error}, {@code
 *       _unrecognized_applications}, and {@code _reserved} inside Kibana entries.
 *   <li>Absent and empty are alike: {@code []}, {@code {}}, {@code ""} and a missing field all
 *       disappear; {@code allow_restricted_indices: false} equals its absence.
 *   <li>Lists are sets: privileges, names, spaces, and the index and Kibana entries themselves.
 *   <li>A Kibana entry without {@code spaces} means all spaces ({@code ["*"]}).
 *   <li>A DLS {@code query} string compares as parsed JSON when it is JSON.
 *   <li>Deprecated feature privileges ({@code dashboard}, {@code discover}, {@code visualize},
 *       {@code maps}) compare as their Kibana 9 replacements ({@link FeaturePrivileges}), so a role
 *       written with either id set equals what any Kibana returns for it.
 * </ul>
 */
public final class RoleNormalizer {
  private static final Set<String> SERVER_FIELDS =
      Set.of("name", "transient_metadata", "_transform_error", "_unrecognized_applications");

  /** Kibana entry fields handled on their own; {@code _reserved} is server-added and dropped. */
  private static final Set<String> ENTRY_FIELDS = Set.of("spaces", "base", "feature", "_reserved");

  private RoleNormalizer() {}

  public static ObjectNode normalize(JsonNode role) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (role == null || !role.isObject()) {
      return out;
    }
    for (var entry : role.properties()) {
      var key = entry.getKey();
      var value = entry.getValue();
      if (SERVER_FIELDS.contains(key)) {
        continue;
      }
      switch (key) {
        case "elasticsearch" -> JsonTrees.putIfNotEmpty(out, key, elasticsearch(value));
        case "kibana" -> JsonTrees.putIfNotEmpty(out, key, kibana(value));
        default -> JsonTrees.putIfNotEmpty(out, key, value.deepCopy());
      }
    }
    return (ObjectNode) JsonTrees.canonical(out);
  }

  public static boolean equivalent(JsonNode desired, JsonNode actual) {
    return normalize(desired).equals(normalize(actual));
  }

  /** The paths that differ, e.g. {@code elasticsearch.cluster}; empty when {@link #equivalent}. */
  public static List<String> diff(JsonNode desired, JsonNode actual) {
    return JsonTrees.diffPaths(normalize(desired), normalize(actual));
  }

  private static ObjectNode elasticsearch(JsonNode es) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (es == null || !es.isObject()) {
      return out;
    }
    for (var entry : es.properties()) {
      var value = entry.getValue();
      var normalized =
          switch (entry.getKey()) {
            case "indices", "remote_indices" -> setOf(value, RoleNormalizer::indexEntry);
            case "remote_cluster" -> setOf(value, RoleNormalizer::stringSetsInside);
            default -> value.isArray() ? JsonTrees.asSortedSet(value) : value.deepCopy();
          };
      JsonTrees.putIfNotEmpty(out, entry.getKey(), normalized);
    }
    return out;
  }

  private static JsonNode indexEntry(JsonNode index) {
    var out = JsonTrees.MAPPER.createObjectNode();
    for (var entry : index.properties()) {
      var key = entry.getKey();
      var value = entry.getValue();
      switch (key) {
        case "allow_restricted_indices" -> {
          if (value.asBoolean(false)) {
            out.put(key, true);
          }
        }
        case "query" -> {
          var parsed = value.isTextual() ? JsonTrees.parseOrNull(value.textValue()) : null;
          JsonTrees.putIfNotEmpty(out, key, parsed != null ? parsed : value.deepCopy());
        }
        case "field_security" -> JsonTrees.putIfNotEmpty(out, key, fieldSecurity(value));
        default ->
            JsonTrees.putIfNotEmpty(
                out, key, value.isArray() ? JsonTrees.asSortedSet(value) : value.deepCopy());
      }
    }
    return out;
  }

  /**
   * Unlike elsewhere, an empty {@code grant} is not the same as none: {@code grant: []} gives no
   * fields, while no {@code field_security} at all gives every field. An empty {@code except}
   * excepts nothing, like none.
   */
  private static JsonNode fieldSecurity(JsonNode value) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (value == null || !value.isObject()) {
      return out;
    }
    var grant = value.get("grant");
    if (grant != null && grant.isArray()) {
      out.set("grant", JsonTrees.asSortedSet(grant));
    }
    JsonTrees.putIfNotEmpty(out, "except", JsonTrees.asSortedSet(value.get("except")));
    return out;
  }

  private static ArrayNode kibana(JsonNode entries) {
    return setOf(entries, RoleNormalizer::kibanaEntry);
  }

  private static JsonNode kibanaEntry(JsonNode entry) {
    var out = JsonTrees.MAPPER.createObjectNode();
    var spaces = entry.get("spaces");
    out.set(
        "spaces",
        JsonTrees.isEmpty(spaces)
            ? JsonTrees.MAPPER.createArrayNode().add("*")
            : JsonTrees.asSortedSet(spaces));
    JsonTrees.putIfNotEmpty(out, "base", JsonTrees.asSortedSet(entry.get("base")));
    JsonTrees.putIfNotEmpty(out, "feature", features(entry.get("feature")));
    for (var field : entry.properties()) {
      var key = field.getKey();
      if (!ENTRY_FIELDS.contains(key)) {
        JsonTrees.putIfNotEmpty(out, key, field.getValue().deepCopy());
      }
    }
    return out;
  }

  /** A feature map with the deprecated ids replaced; other values kept as sets. */
  private static JsonNode features(JsonNode feature) {
    var sets = stringSetsInside(feature);
    var privileges = new java.util.LinkedHashMap<String, List<String>>();
    var others = JsonTrees.MAPPER.createObjectNode();
    for (var entry : sets.properties()) {
      if (entry.getValue().isArray()) {
        var values = new java.util.ArrayList<String>();
        entry.getValue().forEach(v -> values.add(v.asText()));
        privileges.put(entry.getKey(), values);
      } else {
        others.set(entry.getKey(), entry.getValue());
      }
    }
    var out = JsonTrees.MAPPER.createObjectNode();
    FeaturePrivileges.replaceDeprecated(privileges)
        .forEach(
            (id, values) -> {
              var array = out.putArray(id);
              values.forEach(array::add);
            });
    out.setAll(others);
    return out;
  }

  /** An object whose array values are sets ({@code feature}, {@code field_security}, ...). */
  private static JsonNode stringSetsInside(JsonNode object) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (object != null && object.isObject()) {
      for (var entry : object.properties()) {
        var value = entry.getValue();
        JsonTrees.putIfNotEmpty(
            out, entry.getKey(), value.isArray() ? JsonTrees.asSortedSet(value) : value.deepCopy());
      }
    }
    return out;
  }

  private static ArrayNode setOf(JsonNode array, UnaryOperator<JsonNode> item) {
    var normalized = JsonTrees.MAPPER.createArrayNode();
    if (array != null && array.isArray()) {
      for (var element : array) {
        var value = item.apply(element);
        if (!JsonTrees.isEmpty(value)) {
          normalized.add(value);
        }
      }
    }
    return JsonTrees.asSortedSet(normalized);
  }
}

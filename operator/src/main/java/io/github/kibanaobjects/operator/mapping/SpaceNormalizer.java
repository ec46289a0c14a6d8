package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a space body and Kibana's GET answer to one form, so a space is rewritten only when it
 * really differs.
 *
 * <ul>
 *   <li>Only the fields the operator writes are compared; {@code _reserved} (on {@code default})
 *       and fields of newer Kibanas are not ours.
 *   <li>Absent and empty are alike ({@code ""}, {@code []}).
 *   <li>{@code disabledFeatures} is a set.
 *   <li>With a {@code solution} set, Kibana adds the other solutions' features to {@code
 *       disabledFeatures} (contract, section 5): features the spec does not name are then not
 *       drift. When the spec has just changed, the comparison is exact instead, so a feature taken
 *       off the list is written once (and Kibana adds back only what the solution hides).
 * </ul>
 */
public final class SpaceNormalizer {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "description",
          "color",
          "initials",
          "imageUrl",
          "disabledFeatures",
          "solution");

  private SpaceNormalizer() {}

  public static ObjectNode normalize(JsonNode space) {
    var out = JsonTrees.MAPPER.createObjectNode();
    if (space == null || !space.isObject()) {
      return out;
    }
    for (var field : FIELDS) {
      var value = space.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (field.equals("disabledFeatures")) {
        JsonTrees.putIfNotEmpty(out, field, JsonTrees.asSortedSet(value));
      } else {
        JsonTrees.putIfNotEmpty(out, field, value.deepCopy());
      }
    }
    return (ObjectNode) JsonTrees.canonical(out);
  }

  /**
   * @param exact compare {@code disabledFeatures} exactly even when a solution is set
   */
  public static boolean equivalent(JsonNode desired, JsonNode actual, boolean exact) {
    return comparable(desired, actual, exact).equals(normalize(desired));
  }

  /** The paths that differ, e.g. {@code color}; empty when {@link #equivalent}. */
  public static List<String> diff(JsonNode desired, JsonNode actual, boolean exact) {
    return JsonTrees.diffPaths(normalize(desired), comparable(desired, actual, exact));
  }

  /** Kibana's space, less the features its solution added, unless {@code exact}. */
  private static ObjectNode comparable(JsonNode desired, JsonNode actual, boolean exact) {
    var normal = normalize(actual);
    var solution = desired == null ? null : desired.get("solution");
    if (exact || solution == null || !solution.isTextual() || !normal.has("disabledFeatures")) {
      return normal;
    }
    var wanted = new HashSet<String>();
    desired.path("disabledFeatures").forEach(f -> wanted.add(f.asText()));
    var kept = JsonTrees.MAPPER.createArrayNode();
    normal
        .get("disabledFeatures")
        .forEach(
            f -> {
              if (wanted.contains(f.asText())) {
                kept.add(f);
              }
            });
    normal.remove("disabledFeatures");
    JsonTrees.putIfNotEmpty(normal, "disabledFeatures", kept);
    return (ObjectNode) JsonTrees.canonical(normal);
  }
}

package io.github.kibanaobjects.sim.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.kibanaobjects.sim.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The Kibana feature registry served by {@code GET /api/features} (kibana-features.json). */
public final class KibanaFeatures {
  private static final ArrayNode FEATURES = load();
  private static final Map<String, JsonNode> BY_ID = index(FEATURES);

  private KibanaFeatures() {}

  public static ArrayNode json() {
    return FEATURES;
  }

  /**
   * The registry as a Kibana of this version serves it: before 8.18 there are no {@code *_v2}
   * features and nothing is deprecated (oss_features.ts, maps/server/plugin.ts).
   */
  public static ArrayNode json(boolean v2FeaturePrivileges) {
    if (v2FeaturePrivileges) {
      return FEATURES;
    }
    var out = Json.array();
    for (JsonNode feature : FEATURES) {
      if (!feature.path("id").asText().endsWith("_v2")) {
        var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) feature.deepCopy());
        copy.remove("deprecated");
        out.add(copy);
      }
    }
    return out;
  }

  /** The replacement of a deprecated feature ({@code deprecated.replacedBy[0]}), or null. */
  public static String replacement(String featureId) {
    var feature = BY_ID.get(featureId);
    var replacedBy = feature == null ? null : feature.path("deprecated").path("replacedBy");
    return replacedBy == null || replacedBy.isEmpty() ? null : replacedBy.get(0).asText();
  }

  /**
   * A role's feature map as {@code GET ...?replaceDeprecatedPrivileges=true} answers it: each
   * deprecated feature's privileges move to its replacement, and its {@code all}, {@code read} and
   * minimal privileges also grant the same on {@code savedQueryManagement}; sub-feature privileges
   * keep their ids. Maps declares one list for {@code all} and {@code minimal_all}.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode replaceDeprecated(JsonNode feature) {
    var merged = new java.util.LinkedHashMap<String, Set<String>>();
    feature
        .properties()
        .forEach(
            entry -> {
              String replacement = replacement(entry.getKey());
              for (JsonNode p : entry.getValue()) {
                String privilege = p.asText();
                if (replacement == null) {
                  merged
                      .computeIfAbsent(entry.getKey(), k -> new java.util.LinkedHashSet<>())
                      .add(privilege);
                  continue;
                }
                String granted =
                    entry.getKey().equals("maps") && privilege.equals("minimal_all")
                        ? "all"
                        : privilege;
                merged
                    .computeIfAbsent(replacement, k -> new java.util.LinkedHashSet<>())
                    .add(granted);
                if (Set.of("all", "read", "minimal_all", "minimal_read").contains(privilege)) {
                  merged
                      .computeIfAbsent("savedQueryManagement", k -> new java.util.LinkedHashSet<>())
                      .add(granted);
                }
              }
            });
    var out = Json.object();
    merged.forEach((id, privileges) -> out.set(id, Json.arrayOf(privileges)));
    return out;
  }

  public static List<String> ids() {
    return List.copyOf(BY_ID.keySet());
  }

  public static boolean isKnown(String id) {
    return BY_ID.containsKey(id);
  }

  /** False when the feature declares that privilege {@code disabled} (only all/read can be). */
  public static boolean supportsPrivilege(String featureId, String privilege) {
    var feature = BY_ID.get(featureId);
    if (feature == null || !(privilege.equals("all") || privilege.equals("read"))) {
      return true;
    }
    return !feature.path("privileges").path(privilege).path("disabled").asBoolean(false);
  }

  public static boolean requiresAllSpaces(String featureId) {
    var feature = BY_ID.get(featureId);
    return feature != null && feature.path("requireAllSpaces").asBoolean(false);
  }

  /** IDs of the sub-feature privileges a feature offers (usable next to minimal_all/read). */
  public static Set<String> subFeaturePrivileges(String featureId) {
    var ids = new TreeSet<String>();
    var feature = BY_ID.get(featureId);
    if (feature != null) {
      for (JsonNode sub : feature.path("subFeatures")) {
        for (JsonNode group : sub.path("privilegeGroups")) {
          group.path("privileges").forEach(p -> ids.add(p.path("id").asText()));
        }
      }
    }
    return ids;
  }

  private static ArrayNode load() {
    try (var in = KibanaFeatures.class.getResourceAsStream("/kibana-features.json")) {
      if (in == null) {
        throw new IllegalStateException("kibana-features.json missing from the classpath");
      }
      return (ArrayNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, JsonNode> index(ArrayNode features) {
    var byId = new LinkedHashMap<String, JsonNode>();
    features.forEach(f -> byId.put(f.path("id").asText(), f));
    return byId;
  }
}

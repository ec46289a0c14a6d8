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

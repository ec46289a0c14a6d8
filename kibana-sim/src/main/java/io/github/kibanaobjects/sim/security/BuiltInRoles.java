package io.github.kibanaobjects.sim.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Json;
import java.util.List;
import java.util.Set;

/** The reserved roles every fresh simulator has, in the form GET /api/security/role returns. */
public final class BuiltInRoles {
  /** Features the {@code editor} role does not get (it has no security or fleet rights). */
  private static final Set<String> NOT_FOR_EDITOR = Set.of("fleetv2");

  private BuiltInRoles() {}

  public static List<ObjectNode> all() {
    return List.of(superuser(), kibanaAdmin(), viewer(), editor());
  }

  private static ObjectNode superuser() {
    var role = base("superuser", "Grants full access to cluster management and data indices.");
    var es = (ObjectNode) role.get("elasticsearch");
    es.set("cluster", Json.arrayOf(List.of("all")));
    var indices = Json.object();
    indices.set("names", Json.arrayOf(List.of("*")));
    indices.set("privileges", Json.arrayOf(List.of("all")));
    indices.put("allow_restricted_indices", true);
    es.withArray("indices").add(indices);
    es.set("run_as", Json.arrayOf(List.of("*")));
    role.withArray("kibana").add(entry(List.of("all"), Json.object()));
    return role;
  }

  private static ObjectNode kibanaAdmin() {
    var role = base("kibana_admin", "Grants access to all features in Kibana.");
    role.withArray("kibana").add(entry(List.of("all"), Json.object()));
    return role;
  }

  private static ObjectNode viewer() {
    var role = base("viewer", "Grants read-only access to all features in Kibana.");
    role.withArray("kibana").add(entry(List.of("read"), Json.object()));
    return role;
  }

  private static ObjectNode editor() {
    var role =
        base(
            "editor",
            "Grants full access to all features in Kibana (including Solutions) and read-only access"
                + " to data indices.");
    var features = Json.object();
    for (String id : KibanaFeatures.ids()) {
      if (!NOT_FOR_EDITOR.contains(id)) {
        features.set(id, Json.arrayOf(List.of("all")));
      }
    }
    role.withArray("kibana").add(entry(List.of(), features));
    return role;
  }

  private static ObjectNode base(String name, String description) {
    var role = Json.object();
    role.put("name", name);
    role.put("description", description);
    role.putObject("metadata").put("_reserved", true);
    role.putObject("transient_metadata").put("enabled", true);
    var es = role.putObject("elasticsearch");
    es.putArray("cluster");
    es.putArray("indices");
    es.putArray("run_as");
    role.putArray("kibana");
    role.putArray("_transform_error");
    role.putArray("_unrecognized_applications");
    return role;
  }

  private static ObjectNode entry(List<String> base, ObjectNode feature) {
    var entry = Json.object();
    entry.set("base", Json.arrayOf(base));
    entry.set("feature", feature);
    entry.set("spaces", Json.arrayOf(List.of("*")));
    return entry;
  }
}

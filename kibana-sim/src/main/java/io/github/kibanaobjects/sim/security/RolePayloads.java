package io.github.kibanaobjects.sim.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Validation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Role PUT payload validation (Kibana's schema, its privilege validation and ES's own checks) and
 * the mapping to the form {@code GET /api/security/role/{name}} returns (contract 4.1/4.2). Pure:
 * no state.
 */
public final class RolePayloads {
  private static final Pattern SPACE_ID = Pattern.compile("^[a-z0-9_-]+$");
  private static final Pattern PRIVILEGE_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
  private static final List<String> BASE_PRIVILEGES = List.of("all", "read");
  private static final String ES_ROLE_NAME_RULES =
      "Role names must be at least 1 and no more"
          + " than 507 characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces,"
          + " punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or"
          + " trailing whitespace is not allowed.";

  private RolePayloads() {}

  /** Kibana's route parameter rule, then ES's role-name rule. */
  public static void checkName(String name) {
    if (name.length() > 1024) {
      throw KibanaError.badRequest(
          "[request params.name]: value has length ["
              + name.length()
              + "] but it must have a maximum length of [1024].");
    }
    boolean printable = name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    if (name.isEmpty() || name.length() > 507 || !printable || !name.strip().equals(name)) {
      throw KibanaError.badRequest("Validation Failed: 1: " + ES_ROLE_NAME_RULES + ";");
    }
  }

  /**
   * Validates a PUT payload at {@code path} (e.g. {@code request body}) and returns the role as GET
   * would show it. Throws 400 with config-schema or ES messages.
   */
  public static ObjectNode toStoredRole(String name, JsonNode body, String path) {
    if (body == null || !body.isObject()) {
      throw KibanaError.badRequest(
          "["
              + path
              + "]: expected a plain object value, but found ["
              + (body == null || body.isNull() ? "null" : Json.typeName(body))
              + "] instead.");
    }
    Validation.strictObject(body, path, "description", "metadata", "elasticsearch", "kibana");
    var role = Json.object();
    role.put("name", name);
    String description = Validation.optionalString(body, "description", path);
    if (description != null) {
      if (description.length() > 2048) {
        throw Validation.invalid(
            path + ".description",
            "value has length ["
                + description.length()
                + "] but it must have a maximum length of [2048].");
      }
      role.put("description", description);
    }
    ObjectNode metadata =
        body.has("metadata")
            ? Validation.requiredObject(body, "metadata", path).deepCopy()
            : Json.object();
    metadata
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (key.startsWith("_")) {
                throw KibanaError.badRequest(
                    "Validation Failed: 1: metadata keys may not start with [_];");
              }
            });
    role.set("metadata", metadata);
    role.putObject("transient_metadata").put("enabled", true);
    role.set("elasticsearch", elasticsearch(body.get("elasticsearch"), path + ".elasticsearch"));
    role.set("kibana", kibana(body.get("kibana"), path + ".kibana"));
    role.putArray("_transform_error");
    role.putArray("_unrecognized_applications");
    return role;
  }

  /**
   * Kibana's {@code validateKibanaPrivileges} over known features; an empty list means valid.
   * Unknown features are skipped, as Kibana does.
   */
  public static List<String> privilegeErrors(ObjectNode role) {
    var errors = new ArrayList<String>();
    for (JsonNode entry : role.path("kibana")) {
      var spaces = new ArrayList<String>();
      entry.path("spaces").forEach(s -> spaces.add(s.asText()));
      boolean allSpaces = spaces.equals(List.of("*"));
      entry
          .path("feature")
          .properties()
          .forEach(
              feature -> {
                String id = feature.getKey();
                if (!KibanaFeatures.isKnown(id)) {
                  return;
                }
                for (JsonNode p : feature.getValue()) {
                  String privilege = p.asText();
                  if (!KibanaFeatures.supportsPrivilege(id, privilege)) {
                    errors.add(
                        "Feature [" + id + "] does not support privilege [" + privilege + "].");
                  }
                  if (KibanaFeatures.requiresAllSpaces(id) && !allSpaces) {
                    errors.add(
                        "Feature privilege ["
                            + id
                            + "."
                            + privilege
                            + "] requires all spaces to be selected but received ["
                            + String.join(",", spaces)
                            + "]");
                  }
                }
              });
    }
    return errors;
  }

  /** The 400 Kibana answers when {@link #privilegeErrors} is not empty. */
  public static KibanaError privilegeValidationError(List<String> errors) {
    var array = Json.arrayOf(errors);
    return KibanaError.badRequest("Role cannot be updated due to validation errors: " + array);
  }

  private static ObjectNode elasticsearch(JsonNode node, String path) {
    var es = Json.object();
    if (node == null) {
      node = Json.object();
    }
    Validation.strictObject(
        node, path, "cluster", "remote_cluster", "indices", "remote_indices", "run_as");
    List<String> cluster = Validation.optionalStrings(node, "cluster", path);
    es.set("cluster", Json.arrayOf(cluster == null ? List.of() : cluster));
    es.set("indices", indices(node.get("indices"), path + ".indices", false));
    List<String> runAs = Validation.optionalStrings(node, "run_as", path);
    es.set("run_as", Json.arrayOf(runAs == null ? List.of() : runAs));
    if (node.has("remote_indices")) {
      es.set("remote_indices", indices(node.get("remote_indices"), path + ".remote_indices", true));
    }
    if (node.has("remote_cluster")) {
      es.set("remote_cluster", remoteCluster(node.get("remote_cluster"), path + ".remote_cluster"));
    }
    return es;
  }

  private static ArrayNode indices(JsonNode node, String path, boolean remote) {
    var result = Json.array();
    if (node == null) {
      return result;
    }
    if (!node.isArray()) {
      throw Validation.wrongType(path, "array", node);
    }
    for (int i = 0; i < node.size(); i++) {
      String at = path + "." + i;
      JsonNode item = node.get(i);
      if (remote) {
        Validation.strictObject(
            item,
            at,
            "clusters",
            "names",
            "privileges",
            "field_security",
            "query",
            "allow_restricted_indices");
      } else {
        Validation.strictObject(
            item, at, "names", "privileges", "field_security", "query", "allow_restricted_indices");
      }
      var entry = Json.object();
      if (remote) {
        entry.set("clusters", Json.arrayOf(nonEmptyStrings(item, "clusters", at)));
      }
      entry.set("names", Json.arrayOf(nonEmptyStrings(item, "names", at)));
      entry.set("privileges", Json.arrayOf(nonEmptyStrings(item, "privileges", at)));
      if (item.has("field_security")) {
        var fls =
            Validation.strictObject(
                item.get("field_security"), at + ".field_security", "grant", "except");
        Validation.optionalStrings(fls, "grant", at + ".field_security");
        Validation.optionalStrings(fls, "except", at + ".field_security");
        entry.set("field_security", fls.deepCopy());
      }
      String query = Validation.optionalString(item, "query", at);
      if (query != null) {
        entry.put("query", query);
      }
      Boolean restricted = Validation.optionalBoolean(item, "allow_restricted_indices", at);
      entry.put("allow_restricted_indices", restricted != null && restricted);
      result.add(entry);
    }
    return result;
  }

  private static ArrayNode remoteCluster(JsonNode node, String path) {
    if (!node.isArray()) {
      throw Validation.wrongType(path, "array", node);
    }
    var result = Json.array();
    for (int i = 0; i < node.size(); i++) {
      String at = path + "." + i;
      Validation.strictObject(node.get(i), at, "privileges", "clusters");
      var entry = Json.object();
      entry.set("privileges", Json.arrayOf(nonEmptyStrings(node.get(i), "privileges", at)));
      entry.set("clusters", Json.arrayOf(nonEmptyStrings(node.get(i), "clusters", at)));
      result.add(entry);
    }
    return result;
  }

  private static List<String> nonEmptyStrings(JsonNode parent, String key, String path) {
    List<String> values = Validation.optionalStrings(parent, key, path);
    if (values == null) {
      throw Validation.wrongType(path + "." + key, "array", null);
    }
    if (values.isEmpty()) {
      throw Validation.invalid(
          path + "." + key, "array size is [0], but cannot be smaller than [1]");
    }
    return values;
  }

  private static ArrayNode kibana(JsonNode node, String path) {
    var result = Json.array();
    if (node == null) {
      return result;
    }
    if (!node.isArray()) {
      throw Validation.wrongType(path, "array", node);
    }
    for (int i = 0; i < node.size(); i++) {
      result.add(kibanaEntry(node.get(i), path + "." + i));
    }
    var seen = new TreeMap<String, Integer>();
    for (JsonNode entry : result) {
      for (JsonNode space : entry.get("spaces")) {
        seen.merge(space.asText(), 1, Integer::sum);
      }
    }
    var duplicates = new LinkedHashSet<String>();
    seen.forEach(
        (space, count) -> {
          if (count > 1) {
            duplicates.add(space);
          }
        });
    if (!duplicates.isEmpty()) {
      throw Validation.invalid(
          path,
          "more than one privilege is applied to the following"
              + " spaces: ["
              + String.join(",", duplicates)
              + "]");
    }
    return result;
  }

  private static ObjectNode kibanaEntry(JsonNode node, String path) {
    Validation.strictObject(node, path, "spaces", "base", "feature");
    List<String> spaces = spaces(node, path);
    boolean global = spaces.equals(List.of("*"));
    List<String> base = Validation.optionalStrings(node, "base", path);
    if (base == null) {
      base = List.of();
    }
    for (int i = 0; i < base.size(); i++) {
      if (!BASE_PRIVILEGES.contains(base.get(i))) {
        throw Validation.invalid(
            path + ".base." + i,
            "unknown "
                + (global ? "global" : "space")
                + " privilege \""
                + base.get(i)
                + "\", must be one of ["
                + String.join(",", BASE_PRIVILEGES)
                + "]");
      }
    }
    var feature = Json.object();
    JsonNode features = node.get("feature");
    if (features != null) {
      if (!features.isObject()) {
        throw Validation.wrongType(path + ".feature", "object", features);
      }
      for (Map.Entry<String, JsonNode> f : features.properties()) {
        if (!PRIVILEGE_ID.matcher(f.getKey()).matches()) {
          throw Validation.invalid(
              path + ".feature.key(\"" + f.getKey() + "\")",
              "only a-z, A-Z, 0-9, '_', and '-' are allowed");
        }
        List<String> privileges =
            Validation.optionalStrings(features, f.getKey(), path + ".feature");
        for (int i = 0; i < privileges.size(); i++) {
          if (!PRIVILEGE_ID.matcher(privileges.get(i)).matches()) {
            throw Validation.invalid(
                path + ".feature." + f.getKey() + "." + i,
                "only a-z, A-Z, 0-9, '_', and '-' are allowed");
          }
        }
        feature.set(f.getKey(), Json.arrayOf(privileges));
      }
    }
    boolean hasFeature = false;
    for (JsonNode privileges : feature) {
      hasFeature |= privileges.size() > 0;
    }
    if (base.isEmpty() && !hasFeature) {
      throw Validation.invalid(
          path, "either [base] or [feature] is expected, but none of them specified");
    }
    if (!base.isEmpty() && !feature.isEmpty()) {
      throw Validation.invalid(
          path, "definition of [feature] isn't allowed when non-empty [base] is defined.");
    }
    var entry = Json.object();
    entry.set("base", Json.arrayOf(base));
    entry.set("feature", feature);
    entry.set("spaces", Json.arrayOf(spaces));
    return entry;
  }

  /** Either exactly {@code ["*"]} or space IDs (config-schema oneOf, hence its message). */
  private static List<String> spaces(JsonNode node, String path) {
    List<String> spaces = Validation.optionalStrings(node, "spaces", path);
    if (spaces == null) {
      return List.of("*");
    }
    if (spaces.equals(List.of("*"))) {
      return spaces;
    }
    String at = path + ".spaces";
    int bad = -1;
    for (int i = 0; i < spaces.size() && bad < 0; i++) {
      if (!SPACE_ID.matcher(spaces.get(i)).matches()) {
        bad = i;
      }
    }
    if (bad < 0 && !spaces.isEmpty()) {
      return List.copyOf(new LinkedHashSet<>(spaces));
    }
    String starReason =
        spaces.size() == 1
            ? "[" + at + ".0.0]: expected value to equal [*]"
            : "["
                + at
                + ".0]: array size is ["
                + spaces.size()
                + "], but cannot be "
                + (spaces.isEmpty() ? "smaller" : "greater")
                + " than [1]";
    String idReason =
        bad < 0
            ? "[" + at + ".1]: array size is [0], but cannot be smaller than [1]"
            : "[" + at + ".1." + bad + "]: must be lower case, a-z, 0-9, '_', and '-' are allowed";
    throw Validation.invalid(
        at, "types that failed validation:\n- " + starReason + "\n- " + idReason);
  }
}

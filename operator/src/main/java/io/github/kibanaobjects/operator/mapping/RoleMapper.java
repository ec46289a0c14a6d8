package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges;
import io.github.kibanaobjects.operator.api.v1alpha1.IndexPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;

/**
 * Builds the body of {@code PUT /api/security/role/{name}} from a KibanaRole spec, translating the
 * resource's camelCase to Kibana's snake_case. The PUT replaces the whole role, so the body always
 * states the Elasticsearch part in full (empty lists included).
 *
 * <p>Also checks what the CRD cannot: metadata keys (CEL cannot see free-form fields) and the
 * per-entry Kibana rules, so a bad spec fails with a clear message before any request.
 */
public final class RoleMapper {
  private RoleMapper() {}

  public static ObjectNode toPutBody(KibanaRoleSpec spec) {
    var body = JsonTrees.MAPPER.createObjectNode();
    if (spec.getDescription() != null && !spec.getDescription().isEmpty()) {
      body.put("description", spec.getDescription());
    }
    var metadata = spec.getMetadata();
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject()) {
        throw invalid("metadata must be an object of keys to values");
      }
      metadata
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (key.startsWith("_")) {
                  throw invalid(
                      "metadata key \"" + key + "\" starts with _, which Elasticsearch reserves");
                }
              });
      body.set("metadata", metadata.deepCopy());
    }
    body.set("elasticsearch", elasticsearch(spec.getElasticsearch()));
    var kibana = body.putArray("kibana");
    var entries = spec.getKibana() == null ? List.<KibanaPrivilege>of() : spec.getKibana();
    for (int i = 0; i < entries.size(); i++) {
      kibana.add(kibanaEntry(entries.get(i), i));
    }
    return body;
  }

  private static ObjectNode elasticsearch(ElasticsearchPrivileges es) {
    var out = JsonTrees.MAPPER.createObjectNode();
    var cluster = out.putArray("cluster");
    var indices = out.putArray("indices");
    var runAs = out.putArray("run_as");
    if (es == null) {
      return out;
    }
    addAll(cluster, es.getCluster());
    addAll(runAs, es.getRunAs());
    if (es.getIndices() != null) {
      for (var index : es.getIndices()) {
        indices.add(index(index));
      }
    }
    // Only sent when set: Kibanas before remote privileges existed reject unknown keys.
    if (es.getRemoteIndices() != null && !es.getRemoteIndices().isEmpty()) {
      var remote = out.putArray("remote_indices");
      for (var index : es.getRemoteIndices()) {
        var entry = JsonTrees.MAPPER.createObjectNode();
        addAll(entry.putArray("clusters"), index.getClusters());
        entry.setAll(index(index));
        remote.add(entry);
      }
    }
    if (es.getRemoteCluster() != null && !es.getRemoteCluster().isEmpty()) {
      var remote = out.putArray("remote_cluster");
      for (var privilege : es.getRemoteCluster()) {
        var entry = remote.addObject();
        addAll(entry.putArray("privileges"), privilege.getPrivileges());
        addAll(entry.putArray("clusters"), privilege.getClusters());
      }
    }
    return out;
  }

  /** Refuses what this Kibana cannot store: {@code run_as} on serverless. */
  public static void requireSupported(KibanaRoleSpec spec, KibanaCapabilities capabilities) {
    var es = spec.getElasticsearch();
    if (!capabilities.runAsAllowed()
        && es != null
        && es.getRunAs() != null
        && !es.getRunAs().isEmpty()) {
      throw invalid(
          "elasticsearch.runAs is not allowed on serverless Kibana (custom roles cannot use"
              + " run_as); remove it");
    }
  }

  /**
   * A message suggesting the v2 ids when the spec uses deprecated feature privileges on a Kibana
   * that has their replacements; empty otherwise.
   */
  public static java.util.Optional<String> deprecationAdvice(
      KibanaRoleSpec spec, KibanaCapabilities capabilities) {
    if (!capabilities.v2FeaturePrivileges() || spec.getKibana() == null) {
      return java.util.Optional.empty();
    }
    var deprecated = new java.util.TreeSet<String>();
    spec.getKibana()
        .forEach(e -> deprecated.addAll(FeaturePrivileges.deprecatedIn(e.getFeature())));
    if (deprecated.isEmpty()) {
      return java.util.Optional.empty();
    }
    var advice =
        deprecated.stream()
            .map(id -> id + " -> " + FeaturePrivileges.REPLACED_BY.get(id))
            .collect(java.util.stream.Collectors.joining(", "));
    return java.util.Optional.of(
        "feature privileges "
            + String.join(", ", deprecated)
            + " are deprecated in Kibana "
            + capabilities.version()
            + "; use "
            + advice
            + " (plus "
            + FeaturePrivileges.SAVED_QUERY_MANAGEMENT
            + " for saved queries). The role is kept in sync either way.");
  }

  private static ObjectNode index(IndexPrivilege index) {
    var out = JsonTrees.MAPPER.createObjectNode();
    addAll(out.putArray("names"), index.getNames());
    addAll(out.putArray("privileges"), index.getPrivileges());
    var fls = index.getFieldSecurity();
    if (fls != null && (fls.getGrant() != null || fls.getExcept() != null)) {
      var fieldSecurity = out.putObject("field_security");
      if (fls.getGrant() != null) {
        addAll(fieldSecurity.putArray("grant"), fls.getGrant());
      }
      if (fls.getExcept() != null) {
        addAll(fieldSecurity.putArray("except"), fls.getExcept());
      }
    }
    if (index.getQuery() != null && !index.getQuery().isBlank()) {
      out.put("query", index.getQuery());
    }
    if (index.getAllowRestrictedIndices() != null) {
      out.put("allow_restricted_indices", index.getAllowRestrictedIndices());
    }
    return out;
  }

  private static ObjectNode kibanaEntry(KibanaPrivilege entry, int position) {
    var hasBase = entry.getBase() != null && !entry.getBase().isEmpty();
    var hasFeature =
        entry.getFeature() != null
            && entry.getFeature().values().stream().anyMatch(p -> p != null && !p.isEmpty());
    if (hasBase == hasFeature) {
      throw invalid(
          "kibana["
              + position
              + "] needs either a non-empty base or a non-empty feature map, not both");
    }
    var spaces =
        entry.getSpaces() == null || entry.getSpaces().isEmpty() ? List.of("*") : entry.getSpaces();
    if (spaces.contains("*") && spaces.size() > 1) {
      throw invalid("kibana[" + position + "].spaces mixes \"*\" with space ids");
    }
    var out = JsonTrees.MAPPER.createObjectNode();
    addAll(out.putArray("spaces"), spaces);
    if (hasBase) {
      addAll(out.putArray("base"), entry.getBase());
    } else {
      var feature = out.putObject("feature");
      entry.getFeature().forEach((id, privileges) -> addAll(feature.putArray(id), privileges));
    }
    return out;
  }

  private static void addAll(ArrayNode target, List<String> values) {
    if (values != null) {
      values.forEach(target::add);
    }
  }

  private static OperatorException invalid(String message) {
    return new OperatorException(Reason.INVALID_SPEC, message);
  }

  /**
   * The body as this Kibana takes it: Kibanas before 8.15 refuse a role's {@code description}, so
   * it is left out there (and Kibana then has none to compare).
   */
  public static ObjectNode forKibana(ObjectNode body, boolean takesDescription) {
    if (takesDescription || !body.has("description")) {
      return body;
    }
    var copy = body.deepCopy();
    copy.remove("description");
    return copy;
  }
}

package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges;
import io.github.kibanaobjects.operator.api.v1alpha1.FieldSecurity;
import io.github.kibanaobjects.operator.api.v1alpha1.IndexPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.RemoteClusterPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.RemoteIndexPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.status.OperatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a role as {@code GET /api/security/role} answers it into the KibanaRole that, applied with
 * {@code adopt: true}, reproduces it: the inverse of {@link RoleMapper} (Kibana's snake_case back
 * to the resource's camelCase), so that {@link RoleNormalizer} finds the resource's PUT body and
 * the role equivalent and the operator writes nothing. Roles are global in Kibana: no space. The
 * deletion policy is Orphan, as for spaces: the role existed before the resource, and users mapped
 * to it must not lose their access when an exported file is deleted again. Pure: no I/O.
 */
public final class RoleExporter {
  private RoleExporter() {}

  /** Whether Elasticsearch or Kibana made the role ({@code metadata._reserved}); never exported. */
  public static boolean isReserved(JsonNode role) {
    return role.path("metadata").path("_reserved").asBoolean(false);
  }

  /**
   * Why the role cannot be exported, or empty when it can. Besides reserved roles, a role whose
   * resource would not reproduce it is refused rather than exported lossily: applying it would
   * rewrite the role.
   */
  public static Optional<String> whyNotExportable(JsonNode role) {
    var name = role.path("name").asText("");
    if (isReserved(role) || RoleNames.refused(name)) {
      return Optional.of("it is a reserved role of Elasticsearch, which cannot be managed");
    }
    // Kibana could not read the role's Kibana privileges; a PUT would drop them.
    var transformError = role.get("_transform_error");
    if (transformError != null && !JsonTrees.isEmpty(transformError)) {
      return Optional.of(
          "Kibana cannot read its Kibana privileges (_transform_error "
              + JsonTrees.compact(transformError)
              + ")");
    }
    var reservedPrivileges = new TreeSet<String>();
    role.path("kibana")
        .forEach(e -> e.path("_reserved").forEach(p -> reservedPrivileges.add(p.asText())));
    if (!reservedPrivileges.isEmpty()) {
      return Optional.of(
          "it holds reserved Kibana privileges "
              + reservedPrivileges
              + ", which the role API cannot write");
    }
    try {
      var differences = RoleNormalizer.diff(RoleMapper.toPutBody(spec(role)), role);
      return differences.isEmpty()
          ? Optional.empty()
          : Optional.of("its resource would not reproduce it (it differs at " + differences + ")");
    } catch (OperatorException e) {
      return Optional.of("its resource would be refused: " + e.getMessage());
    }
  }

  /**
   * The role as a resource named after the role; a name Kubernetes cannot use stays in {@code
   * spec.name}.
   *
   * @throws IllegalArgumentException when {@link #whyNotExportable} names a reason
   */
  public static KibanaRole role(JsonNode role, String connection) {
    var name = role.path("name").asText();
    whyNotExportable(role)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("role " + name + " is not exported: " + why);
            });
    var spec = spec(role);
    ResourceExporter.setCommon(spec, connection);
    spec.setDeletionPolicy(DeletionPolicy.Orphan);
    var resource = new KibanaRole();
    resource.getMetadata().setName(ResourceExporter.resourceName(name));
    spec.setName(ResourceExporter.idUnlessResourceName(name));
    resource.setSpec(spec);
    return resource;
  }

  /** The privileges, description and metadata; what {@link RoleMapper#toPutBody} maps back. */
  private static KibanaRoleSpec spec(JsonNode role) {
    var spec = new KibanaRoleSpec();
    spec.setDescription(ResourceExporter.nonEmptyOrNull(role.get("description")));
    var metadata = role.get("metadata");
    if (metadata != null && metadata.isObject() && !metadata.isEmpty()) {
      spec.setMetadata(metadata.deepCopy());
    }
    spec.setElasticsearch(elasticsearch(role.path("elasticsearch")));
    var kibana = new ArrayList<KibanaPrivilege>();
    role.path("kibana").forEach(entry -> kibana.add(kibanaEntry(entry)));
    spec.setKibana(kibana.isEmpty() ? null : kibana);
    return spec;
  }

  private static ElasticsearchPrivileges elasticsearch(JsonNode es) {
    var out = new ElasticsearchPrivileges();
    out.setCluster(strings(es.get("cluster")));
    out.setRunAs(strings(es.get("run_as")));
    var indices = new ArrayList<IndexPrivilege>();
    es.path("indices").forEach(index -> indices.add(index(index, new IndexPrivilege())));
    out.setIndices(indices.isEmpty() ? null : indices);
    var remoteIndices = new ArrayList<RemoteIndexPrivilege>();
    es.path("remote_indices")
        .forEach(
            index -> {
              var remote = index(index, new RemoteIndexPrivilege());
              remote.setClusters(strings(index.get("clusters")));
              remoteIndices.add(remote);
            });
    out.setRemoteIndices(remoteIndices.isEmpty() ? null : remoteIndices);
    var remoteCluster = new ArrayList<RemoteClusterPrivilege>();
    es.path("remote_cluster")
        .forEach(
            entry ->
                remoteCluster.add(
                    new RemoteClusterPrivilege(
                        strings(entry.get("privileges")), strings(entry.get("clusters")))));
    out.setRemoteCluster(remoteCluster.isEmpty() ? null : remoteCluster);
    var empty =
        out.getCluster() == null
            && out.getRunAs() == null
            && out.getIndices() == null
            && out.getRemoteIndices() == null
            && out.getRemoteCluster() == null;
    return empty ? null : out;
  }

  private static <T extends IndexPrivilege> T index(JsonNode index, T out) {
    out.setNames(strings(index.get("names")));
    out.setPrivileges(strings(index.get("privileges")));
    var fieldSecurity = index.get("field_security");
    if (fieldSecurity != null && fieldSecurity.isObject()) {
      // an empty grant gives no field at all, unlike no field_security: it is kept
      var grant = fieldSecurity.get("grant");
      var except = strings(fieldSecurity.get("except"));
      if (grant != null || except != null) {
        out.setFieldSecurity(
            new FieldSecurity(grant == null ? null : stringsKeepingEmpty(grant), except));
      }
    }
    var query = index.get("query");
    if (query != null && !query.isNull()) {
      // Elasticsearch answers a DLS query as it was given: a string or a JSON object
      out.setQuery(query.isTextual() ? query.textValue() : JsonTrees.compact(query));
    }
    if (index.path("allow_restricted_indices").asBoolean(false)) {
      out.setAllowRestrictedIndices(true);
    }
    return out;
  }

  private static KibanaPrivilege kibanaEntry(JsonNode entry) {
    var feature = new LinkedHashMap<String, List<String>>();
    entry
        .path("feature")
        .properties()
        .forEach(
            f -> {
              var privileges = strings(f.getValue());
              if (privileges != null) {
                feature.put(f.getKey(), privileges);
              }
            });
    return new KibanaPrivilege(
        strings(entry.get("spaces")),
        strings(entry.get("base")),
        feature.isEmpty() ? null : feature);
  }

  /** A list of strings, null when empty (the mapper sends those as empty lists). */
  private static List<String> strings(JsonNode node) {
    var list = node == null ? null : stringsKeepingEmpty(node);
    return list == null || list.isEmpty() ? null : list;
  }

  private static List<String> stringsKeepingEmpty(JsonNode node) {
    if (!node.isArray()) {
      return null;
    }
    var list = new ArrayList<String>();
    node.forEach(value -> list.add(value.asText()));
    return list;
  }
}

package io.github.kibanaobjects.operator.mapping;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;
import java.util.Set;

/**
 * Role names the operator must never write: Elasticsearch's reserved (built-in) roles and names a
 * URL cannot carry as one path segment.
 *
 * <p>The reserved names are the keys of {@code initializeReservedRoles()} in Elasticsearch's {@code
 * x-pack/plugin/core/src/main/java/org/elasticsearch/xpack/core/security/authz/store/
 * ReservedRolesStore.java} ({@code kibana_system}, {@code beats_system} and {@code apm_system} come
 * from {@code KibanaSystemUser.ROLE_NAME} and {@code UsernamesField}). Kibana marks them {@code
 * metadata._reserved: true} in {@code GET /api/security/role}; Elasticsearch refuses to change
 * them, so a PUT would fail late and confusingly. {@code .} and {@code ..} are dot segments that
 * HTTP clients and proxies resolve away (RFC 3986 section 5.2.4), so {@code PUT
 * /api/security/role/..} would address another route.
 */
public final class RoleNames {
  /** Kept in the CRD's CEL rule too (see KibanaRoleSpec); RoleNamesTest checks both agree. */
  public static final List<String> RESERVED =
      List.of(
          "superuser",
          "transport_client",
          "kibana_admin",
          "kibana_user",
          "kibana_system",
          "monitoring_user",
          "remote_monitoring_agent",
          "remote_monitoring_collector",
          "ingest_admin",
          "reporting_user",
          "logstash_system",
          "logstash_admin",
          "beats_admin",
          "beats_system",
          "apm_system",
          "apm_user",
          "machine_learning_user",
          "machine_learning_admin",
          "data_frame_transforms_admin",
          "data_frame_transforms_user",
          "transform_admin",
          "transform_user",
          "watcher_admin",
          "watcher_user",
          "rollup_user",
          "rollup_admin",
          "snapshot_user",
          "enrich_user",
          "viewer",
          "editor",
          "inference_admin",
          "inference_user");

  private static final Set<String> REFUSED = refused();

  private RoleNames() {}

  public static boolean refused(String name) {
    return REFUSED.contains(name);
  }

  /** Throws {@link Reason#INVALID_SPEC} for a name the operator must not write. */
  public static String requireManageable(String name) {
    if (".".equals(name) || "..".equals(name)) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "role name \"" + name + "\" is a URL dot segment and cannot be addressed; pick another");
    }
    if (REFUSED.contains(name)) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "role \""
              + name
              + "\" is a reserved role of Elasticsearch and cannot be managed; create a role with"
              + " another name");
    }
    return name;
  }

  private static Set<String> refused() {
    var all = new java.util.HashSet<>(RESERVED);
    all.add(".");
    all.add("..");
    return Set.copyOf(all);
  }
}

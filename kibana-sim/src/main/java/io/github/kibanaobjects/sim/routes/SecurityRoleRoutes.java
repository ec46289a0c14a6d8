package io.github.kibanaobjects.sim.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.http.Validation;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.security.RolePayloads;
import io.github.kibanaobjects.sim.state.SimState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The versioned role API ({@code /api/security/role...}); needs {@code manage_security}. */
public final class SecurityRoleRoutes {
  private final SimState state;
  private final Authorizer authorizer;

  public SecurityRoleRoutes(SimState state, Authorizer authorizer) {
    this.state = state;
    this.authorizer = authorizer;
  }

  public void register(Router router) {
    router.add(Route.of("PUT", "/api/security/role/{name}", this::put, Option.VERSIONED));
    router.add(Route.of("GET", "/api/security/role/{name}", this::get, Option.VERSIONED));
    router.add(Route.of("GET", "/api/security/role", this::getAll, Option.VERSIONED));
    router.add(Route.of("DELETE", "/api/security/role/{name}", this::delete, Option.VERSIONED));
    router.add(Route.of("POST", "/api/security/roles", this::bulkPut, Option.VERSIONED));
    router.add(
        Route.of(
            "POST", "/api/security/role/_query", this::query, Option.VERSIONED, Option.READ_ONLY));
  }

  private Reply put(Exchange ex) {
    ex.allowQuery("createOnly");
    boolean createOnly = ex.queryBool("createOnly");
    String name = ex.param("name");
    RolePayloads.checkName(name);
    refuseDescriptionBefore815(ex.jsonBody());
    ObjectNode role = RolePayloads.toStoredRole(name, ex.jsonBody(), "request body");
    refuseRunAsOnServerless(role);
    var errors = RolePayloads.privilegeErrors(role);
    if (!errors.isEmpty()) {
      throw RolePayloads.privilegeValidationError(errors);
    }
    authorizer.requireManageSecurity(ex.principal(), "put");
    synchronized (state.writeLock()) {
      ObjectNode existing = state.roles().get(name);
      if (existing != null && isReserved(existing)) {
        throw KibanaError.badRequest("Role [" + name + "] is reserved and cannot be modified");
      }
      if (existing != null && createOnly) {
        throw KibanaError.conflict("Role already exists and cannot be created: " + name);
      }
      state.roles().put(name, role);
    }
    return Reply.noContent();
  }

  private Reply get(Exchange ex) {
    boolean replace = replaceDeprecated(ex);
    authorizer.requireManageSecurity(ex.principal(), "get");
    ObjectNode role = state.roles().get(ex.param("name"));
    if (role == null) {
      throw KibanaError.notFound("Not Found");
    }
    return Reply.json(replace ? withReplacedPrivileges(role) : role);
  }

  /**
   * {@code replaceDeprecatedPrivileges} exists where the v2 features do (get.ts, get_all.ts); an
   * older Kibana's query schema refuses the unknown key with 400.
   */
  private boolean replaceDeprecated(Exchange ex) {
    if (!state.config().v2FeaturePrivileges()) {
      ex.allowQuery();
      return false;
    }
    ex.allowQuery("replaceDeprecatedPrivileges");
    return ex.queryBool("replaceDeprecatedPrivileges");
  }

  /** The role as transformElasticsearchRoleToRole answers it with the replacement on. */
  private static ObjectNode withReplacedPrivileges(ObjectNode role) {
    ObjectNode copy = role.deepCopy();
    for (JsonNode entry : copy.path("kibana")) {
      if (entry.has("feature")) {
        ((ObjectNode) entry)
            .set(
                "feature",
                io.github.kibanaobjects.sim.security.KibanaFeatures.replaceDeprecated(
                    entry.get("feature")));
      }
    }
    return copy;
  }

  private Reply getAll(Exchange ex) {
    boolean replace = replaceDeprecated(ex);
    authorizer.requireManageSecurity(ex.principal(), "get");
    var names = new ArrayList<>(state.roles().keySet());
    names.sort(null);
    var roles = Json.array();
    for (String name : names) {
      ObjectNode role = state.roles().get(name);
      if (role != null) {
        roles.add(replace ? withReplacedPrivileges(role) : role);
      }
    }
    return Reply.json(roles);
  }

  /**
   * {@code POST /api/security/role/_query}: paging, reserved-role filter and a free-text {@code
   * query} over names and descriptions.
   */
  private Reply query(Exchange ex) {
    ex.allowQuery();
    ObjectNode body =
        ex.jsonBody().isNull()
            ? Json.object()
            : ex.bodyObject("from", "size", "query", "sort", "filters");
    int from = body.path("from").asInt(0);
    int size = body.path("size").asInt(25);
    String text = Validation.optionalString(body, "query", "request body");
    boolean showReserved = body.path("filters").path("showReservedRoles").asBoolean(true);
    authorizer.requireManageSecurity(ex.principal(), "query");
    var names = new ArrayList<>(state.roles().keySet());
    names.sort(null);
    var matching = new ArrayList<ObjectNode>();
    for (String name : names) {
      ObjectNode role = state.roles().get(name);
      if (role == null || (!showReserved && isReserved(role))) {
        continue;
      }
      String haystack =
          (name + " " + role.path("description").asText("")).toLowerCase(java.util.Locale.ROOT);
      if (text == null
          || text.isBlank()
          || haystack.contains(text.toLowerCase(java.util.Locale.ROOT))) {
        matching.add(role);
      }
    }
    var roles = Json.array();
    matching.stream().skip(Math.max(0, from)).limit(Math.max(0, size)).forEach(roles::add);
    var answer = Json.object();
    answer.put("total", matching.size());
    answer.put("count", roles.size());
    answer.set("roles", roles);
    return Reply.json(answer);
  }

  private Reply delete(Exchange ex) {
    ex.allowQuery();
    String name = ex.param("name");
    authorizer.requireManageSecurity(ex.principal(), "delete");
    synchronized (state.writeLock()) {
      ObjectNode existing = state.roles().get(name);
      if (existing == null) {
        throw KibanaError.notFound("Not Found");
      }
      if (isReserved(existing)) {
        throw KibanaError.badRequest("Role [" + name + "] is reserved and cannot be deleted");
      }
      state.roles().remove(name);
    }
    return Reply.noContent();
  }

  /**
   * {@code POST /api/security/roles}: schema errors reject the whole request; Kibana privilege
   * validation and ES rejections are reported per role under {@code errors}.
   */
  private Reply bulkPut(Exchange ex) {
    ex.allowQuery();
    ObjectNode body = ex.bodyObject("roles");
    ObjectNode payloads = Validation.requiredObject(body, "roles", "request body");
    var validated = new java.util.LinkedHashMap<String, ObjectNode>();
    for (Map.Entry<String, JsonNode> entry : payloads.properties()) {
      validated.put(
          entry.getKey(),
          RolePayloads.toStoredRole(
              entry.getKey(), entry.getValue(), "request body.roles." + entry.getKey()));
    }
    authorizer.requireManageSecurity(ex.principal(), "bulk_put");
    var created = new ArrayList<String>();
    var updated = new ArrayList<String>();
    var noop = new ArrayList<String>();
    var errors = Json.object();
    synchronized (state.writeLock()) {
      validated.forEach(
          (name, role) -> {
            List<String> problems = RolePayloads.privilegeErrors(role);
            ObjectNode existing = state.roles().get(name);
            if (!problems.isEmpty()) {
              errors.set(
                  name,
                  bulkError(
                      "kibana_privilege_validation_exception",
                      RolePayloads.privilegeValidationError(problems).getMessage()));
            } else if (existing != null && isReserved(existing)) {
              errors.set(
                  name,
                  bulkError(
                      "illegal_argument_exception",
                      "Role [" + name + "] is reserved and cannot be modified"));
            } else if (!validName(name)) {
              errors.set(name, bulkError("illegal_argument_exception", "invalid role name"));
            } else if (role.equals(existing)) {
              noop.add(name);
            } else {
              state.roles().put(name, role);
              (existing == null ? created : updated).add(name);
            }
          });
    }
    var answer = Json.object();
    if (!created.isEmpty()) {
      answer.set("created", Json.arrayOf(created));
    }
    if (!updated.isEmpty()) {
      answer.set("updated", Json.arrayOf(updated));
    }
    if (!noop.isEmpty()) {
      answer.set("noop", Json.arrayOf(noop));
    }
    if (!errors.isEmpty()) {
      answer.set("errors", errors);
    }
    return Reply.json(answer);
  }

  /**
   * A role's description came with Kibana 8.15 (elastic/kibana#182039); the PUT schema of older
   * versions refuses the unknown key.
   */
  private void refuseDescriptionBefore815(com.fasterxml.jackson.databind.JsonNode body) {
    if (body != null
        && body.has("description")
        && !state.config().serverless()
        && !state.config().versionAtLeast(8, 15)) {
      throw KibanaError.badRequest(
          "[request body.description]: definition for this key is missing");
    }
  }

  /**
   * Serverless custom roles cannot use run_as (the reading; not found in Kibana's code).
   */
  private void refuseRunAsOnServerless(ObjectNode role) {
    if (state.config().serverless() && !role.path("elasticsearch").path("run_as").isEmpty()) {
      throw KibanaError.badRequest(
          "[request body.elasticsearch.run_as]: run_as is not supported" + " in serverless");
    }
  }

  private static boolean validName(String name) {
    try {
      RolePayloads.checkName(name);
      return true;
    } catch (KibanaError e) {
      return false;
    }
  }

  private static ObjectNode bulkError(String type, String reason) {
    return Json.object().put("type", type).put("reason", reason);
  }

  private static boolean isReserved(ObjectNode role) {
    return role.path("metadata").path("_reserved").asBoolean(false);
  }
}

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
  }

  private Reply put(Exchange ex) {
    ex.allowQuery("createOnly");
    boolean createOnly = ex.queryBool("createOnly");
    String name = ex.param("name");
    RolePayloads.checkName(name);
    ObjectNode role = RolePayloads.toStoredRole(name, ex.jsonBody(), "request body");
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
    ex.allowQuery("replaceDeprecatedPrivileges");
    ex.queryBool("replaceDeprecatedPrivileges");
    authorizer.requireManageSecurity(ex.principal(), "get");
    ObjectNode role = state.roles().get(ex.param("name"));
    if (role == null) {
      throw KibanaError.notFound("Not Found");
    }
    return Reply.json(role);
  }

  private Reply getAll(Exchange ex) {
    ex.allowQuery("replaceDeprecatedPrivileges");
    ex.queryBool("replaceDeprecatedPrivileges");
    authorizer.requireManageSecurity(ex.principal(), "get");
    var names = new ArrayList<>(state.roles().keySet());
    names.sort(null);
    var roles = Json.array();
    for (String name : names) {
      ObjectNode role = state.roles().get(name);
      if (role != null) {
        roles.add(role);
      }
    }
    return Reply.json(roles);
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
    for (var it = payloads.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      validated.put(entry.getKey(), RolePayloads.toStoredRole(entry.getKey(), entry.getValue(),
          "request body.roles." + entry.getKey()));
    }
    authorizer.requireManageSecurity(ex.principal(), "bulk_put");
    var created = new ArrayList<String>();
    var updated = new ArrayList<String>();
    var noop = new ArrayList<String>();
    var errors = Json.object();
    synchronized (state.writeLock()) {
      validated.forEach((name, role) -> {
        List<String> problems = RolePayloads.privilegeErrors(role);
        ObjectNode existing = state.roles().get(name);
        if (!problems.isEmpty()) {
          errors.set(name, bulkError("kibana_privilege_validation_exception",
              RolePayloads.privilegeValidationError(problems).getMessage()));
        } else if (existing != null && isReserved(existing)) {
          errors.set(name, bulkError("illegal_argument_exception",
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

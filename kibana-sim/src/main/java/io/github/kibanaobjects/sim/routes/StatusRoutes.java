package io.github.kibanaobjects.sim.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.state.SimState;
import java.util.UUID;

/** {@code GET /api/status}: full body when authenticated, the redacted one otherwise. */
public final class StatusRoutes {
  private final SimState state;
  private final String uuid = UUID.randomUUID().toString();

  public StatusRoutes(SimState state) {
    this.state = state;
  }

  public void register(Router router) {
    router.add(Route.of("GET", "/api/status", this::status, Option.AUTH_OPTIONAL));
    // One internal route, so "the operator never calls /internal/*" can be checked: Kibana's UI
    // asks it for the current user (security plugin, authentication routes).
    router.add(Route.of("GET", "/internal/security/me", this::me, Option.INTERNAL));
  }

  private Reply me(Exchange exchange) {
    exchange.allowQuery();
    var principal = exchange.principal();
    var body = Json.object();
    body.put("username", principal.username());
    body.set("roles", Json.arrayOf(java.util.List.copyOf(principal.roles())));
    return Reply.json(body);
  }

  private Reply status(Exchange exchange) {
    exchange.allowQuery("v7format", "v8format");
    if (exchange.queryBool("v7format") && exchange.queryBool("v8format")) {
      throw KibanaError.badRequest(
          "[request query]: provide only one format option: v7format or v8format");
    }
    if (exchange.principal() == null) {
      var redacted = Json.object();
      redacted.putObject("status").putObject("overall").put("level", "available");
      return Reply.json(redacted);
    }
    var config = state.config();
    var body = Json.object();
    body.put("name", "kibana-sim");
    body.put("uuid", uuid);
    var version = body.putObject("version");
    version.put("number", config.versionNumber());
    version.put("build_hash", "0000000000000000000000000000000000000000");
    version.put("build_number", 90000);
    version.put("build_snapshot", config.kibanaVersion().endsWith("-SNAPSHOT"));
    version.put("build_flavor", config.serverless() ? "serverless" : "traditional");
    version.put("build_date", "2026-01-01T00:00:00.000Z");
    var status = body.putObject("status");
    if (exchange.queryBool("v7format")) {
      var overall = status.putObject("overall");
      overall.put("state", "green");
      overall.put("title", "Green");
      overall.put("nickname", "Looking good");
      overall.put("icon", "success");
      overall.put("uiColor", "secondary");
      overall.put("since", SimState.now());
      status.putArray("statuses");
      return Reply.json(body);
    }
    status.set("overall", level("All services and plugins are available"));
    var core = status.putObject("core");
    core.set("elasticsearch", level("Elasticsearch is available"));
    core.set(
        "savedObjects", level("SavedObjects service has completed migrations and is available"));
    var plugins = status.putObject("plugins");
    for (String plugin :
        new String[] {
          "security",
          "spaces",
          "features",
          "visualizations",
          "vega",
          "dashboard",
          "savedObjectsManagement"
        }) {
      plugins.set(plugin, level("All services are available"));
    }
    var metrics = body.putObject("metrics");
    metrics.put("last_updated", SimState.now());
    metrics.put("collection_interval_in_millis", 5000);
    return Reply.json(body);
  }

  private static ObjectNode level(String summary) {
    var node = Json.object();
    node.put("level", "available");
    node.put("summary", summary);
    return node;
  }
}

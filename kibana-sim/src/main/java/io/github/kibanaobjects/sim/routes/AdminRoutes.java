package io.github.kibanaobjects.sim.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.SimConfig;
import io.github.kibanaobjects.sim.SimCounters;
import io.github.kibanaobjects.sim.SimFaults;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.security.Authenticator;
import io.github.kibanaobjects.sim.state.SimState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The simulator's own endpoints under {@code /__sim/}: superuser Basic auth, no kbn-xsrf, never
 * counted and never faulted.
 */
public final class AdminRoutes {
  public static final String PREFIX = "__sim";

  private final SimState state;
  private final SimCounters counters;
  private final SimFaults faults;
  private final Runnable reset;

  public AdminRoutes(SimState state, SimCounters counters, SimFaults faults, Runnable reset) {
    this.state = state;
    this.counters = counters;
    this.faults = faults;
    this.reset = reset;
  }

  /** {@code segments} includes the leading {@code __sim}. */
  public Reply handle(String method, List<String> segments, Request request) {
    try {
      requireSuperuser(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      String path = String.join("/", segments.subList(1, segments.size()));
      return switch (method + " " + path) {
        case "POST reset" -> {
          reset.run();
          yield ok(Json.object().put("reset", true));
        }
        case "POST users" -> addUser(body(request));
        case "POST api_keys" -> createApiKey(body(request));
        case "GET counters" -> counters();
        case "DELETE counters" -> {
          counters.reset();
          yield ok(Json.object().put("reset", true));
        }
        case "POST faults" -> addFault(body(request));
        case "DELETE faults" -> {
          faults.clear();
          yield ok(Json.object().put("cleared", true));
        }
        default -> {
          boolean deleteKey =
              method.equals("DELETE") && segments.size() == 3 && segments.get(1).equals("api_keys");
          if (deleteKey) {
            yield invalidateApiKey(segments.get(2));
          }
          throw KibanaError.notFound("Not Found");
        }
      };
    } catch (KibanaError e) {
      return Reply.error(e);
    } catch (IllegalArgumentException e) {
      return Reply.error(KibanaError.badRequest(e.getMessage()));
    }
  }

  private void requireSuperuser(String authorization) {
    SimConfig config = state.config();
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (config.superuserName() + ":" + config.superuserPassword())
                        .getBytes(StandardCharsets.UTF_8));
    if (authorization == null || !authorization.trim().equals(expected)) {
      throw Authenticator.missingCredentials();
    }
  }

  private Reply addUser(JsonNode body) {
    String username = text(body, "username");
    String password = text(body, "password");
    var roles = new ArrayList<String>();
    body.path("roles").forEach(r -> roles.add(r.asText()));
    state.addUser(username, password, roles);
    var answer = Json.object();
    answer.put("username", username);
    answer.set("roles", Json.arrayOf(roles));
    return ok(answer);
  }

  private Reply createApiKey(JsonNode body) {
    var key = state.createApiKey(text(body, "username"));
    var answer = Json.object();
    answer.put("id", key.id());
    answer.put("name", "kibana-sim");
    answer.put("api_key", key.secret());
    answer.put("encoded", key.encoded());
    return ok(answer);
  }

  private Reply invalidateApiKey(String id) {
    if (!state.invalidateApiKey(id)) {
      throw KibanaError.notFound("no API key with id [" + id + "]");
    }
    return ok(Json.object().put("invalidated", id));
  }

  private Reply counters() {
    var answer = Json.object();
    answer.put("total", counters.total());
    answer.put("writes", counters.writes());
    var routes = answer.putObject("routes");
    counters.snapshot().forEach(routes::put);
    return ok(answer);
  }

  private Reply addFault(JsonNode body) {
    String route = body.path("route").asText("*");
    if (body.hasNonNull("latencyMs")) {
      faults.latency(route, Duration.ofMillis(body.get("latencyMs").asLong()));
    }
    if (body.hasNonNull("errorRate")) {
      int status = body.path("status").asInt(500);
      if (body.hasNonNull("retryAfterSeconds")) {
        faults.errors(
            route,
            body.get("errorRate").asDouble(),
            status,
            Duration.ofSeconds(body.get("retryAfterSeconds").asLong()));
      } else {
        faults.errors(route, body.get("errorRate").asDouble(), status);
      }
    }
    if (body.hasNonNull("connectionResetRate")) {
      faults.connectionReset(route, body.get("connectionResetRate").asDouble());
    }
    if (body.hasNonNull("echoStatus")) {
      faults.echo(route, body.get("echoStatus").asInt());
    }
    if (body.hasNonNull("outageSeconds")) {
      faults.outage(Duration.ofMillis((long) (body.get("outageSeconds").asDouble() * 1000)));
    }
    return ok(Json.object().put("accepted", true));
  }

  private static JsonNode body(Request request) {
    byte[] bytes = readAll(request);
    JsonNode node =
        bytes.length == 0 ? null : Json.parseOrNull(new String(bytes, StandardCharsets.UTF_8));
    if (node == null || !node.isObject()) {
      throw KibanaError.badRequest("expected a JSON object body");
    }
    return node;
  }

  private static byte[] readAll(Request request) {
    try (var in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
      return in.readNBytes(1_048_576);
    } catch (java.io.IOException e) {
      throw KibanaError.badRequest("Failed to read the request payload");
    }
  }

  private static String text(JsonNode body, String field) {
    var value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw KibanaError.badRequest("[" + field + "] is required");
    }
    return value.asText();
  }

  private static Reply ok(ObjectNode body) {
    return Reply.json(body);
  }
}

package io.github.kibanaobjects.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/** One Kibana API request after routing, authentication and body reading. */
public final class Exchange {
  private final String method;
  private final String rawPath;
  private final String space;
  private final Route route;
  private final Map<String, String> params;
  private final Map<String, List<String>> query;
  private final HttpFields headers;
  private final byte[] body;
  private final Principal principal;
  private JsonNode parsedBody;

  public Exchange(
      String method,
      String rawPath,
      String space,
      Route route,
      Map<String, String> params,
      Map<String, List<String>> query,
      HttpFields headers,
      byte[] body,
      Principal principal) {
    this.method = method;
    this.rawPath = rawPath;
    this.space = space;
    this.route = route;
    this.params = params;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.principal = principal;
  }

  public String method() {
    return method;
  }

  /** The request path as sent, including any {@code /s/{space}} prefix. */
  public String rawPath() {
    return rawPath;
  }

  /** The space the request runs in ({@code default} without a prefix). */
  public String space() {
    return space;
  }

  public Route route() {
    return route;
  }

  /** Null when the route allows anonymous access and no credentials were sent. */
  public Principal principal() {
    return principal;
  }

  public String param(String name) {
    return params.get(name);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public byte[] rawBody() {
    return body;
  }

  // ---- query string, validated like Kibana's strict config-schema objects ----

  public void allowQuery(String... names) {
    var allowed = Set.of(names);
    for (String key : query.keySet()) {
      if (!allowed.contains(key)) {
        throw KibanaError.badRequest(
            "[request query." + key + "]: definition for this key is missing");
      }
    }
  }

  public String query(String name) {
    var values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Repeated parameters, and comma-free single values, as a list. */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  public boolean queryBool(String name) {
    String value = query(name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "" -> true;
      case "false" -> false;
      default ->
          throw KibanaError.badRequest(
              "[request query." + name + "]: expected value of type [boolean] but got [string]");
    };
  }

  public int queryInt(String name, int defaultValue, int min) {
    String value = query(name);
    if (value == null) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw KibanaError.badRequest(
          "[request query." + name + "]: expected value of type [number] but got [string]");
    }
    if (parsed < min) {
      throw KibanaError.badRequest(
          "[request query."
              + name
              + "]: Value must be equal to or"
              + " greater than ["
              + min
              + "].");
    }
    return parsed;
  }

  // ---- JSON body ----

  /** The body parsed as JSON; an empty body is JSON null, as in Kibana's validation messages. */
  public JsonNode jsonBody() {
    if (parsedBody != null) {
      return parsedBody;
    }
    if (body.length == 0) {
      parsedBody = NullNode.instance;
      return parsedBody;
    }
    String contentType = header("Content-Type");
    if (contentType != null && !isJson(contentType)) {
      throw new KibanaError(415, "Unsupported Media Type");
    }
    parsedBody = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
    if (parsedBody == null) {
      throw KibanaError.badRequest("Invalid request payload JSON format");
    }
    return parsedBody;
  }

  /** The body as a plain object that may only have the given top-level keys. */
  public ObjectNode bodyObject(String... allowedKeys) {
    JsonNode node = jsonBody();
    if (!node.isObject()) {
      throw KibanaError.badRequest(
          "[request body]: expected a plain object value, but found ["
              + (node.isNull() ? "null" : Json.typeName(node))
              + "] instead.");
    }
    var allowed = Arrays.asList(allowedKeys);
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                throw KibanaError.badRequest(
                    "[request body." + key + "]: definition for this key is missing");
              }
            });
    return (ObjectNode) node;
  }

  private static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.trim();
    return type.equals("application/json") || type.endsWith("+json");
  }
}

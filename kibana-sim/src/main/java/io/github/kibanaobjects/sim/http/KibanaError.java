package io.github.kibanaobjects.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP error answered with Kibana's body shape {@code {"statusCode":n,"error":"<reason
 * phrase>","message":"..."[,"attributes":{...}]}}.
 */
public final class KibanaError extends RuntimeException {
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(409, "Conflict"),
          Map.entry(413, "Request Entity Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private final int status;
  private final JsonNode attributes;
  private final List<Header> headers = new ArrayList<>();

  public KibanaError(int status, String message) {
    this(status, message, null);
  }

  public KibanaError(int status, String message, JsonNode attributes) {
    super(message, null, false, false);
    this.status = status;
    this.attributes = attributes;
  }

  public static KibanaError badRequest(String message) {
    return new KibanaError(400, message);
  }

  public static KibanaError notFound(String message) {
    return new KibanaError(404, message);
  }

  public static KibanaError forbidden(String message) {
    return new KibanaError(403, message);
  }

  public static KibanaError conflict(String message) {
    return new KibanaError(409, message);
  }

  public KibanaError withHeader(String name, String value) {
    headers.add(new Header(name, value));
    return this;
  }

  public int status() {
    return status;
  }

  public List<Header> headers() {
    return headers;
  }

  public static String reasonPhrase(int status) {
    return REASONS.getOrDefault(status, status >= 500 ? "Internal Server Error" : "Bad Request");
  }

  public ObjectNode body() {
    return body(status, getMessage(), attributes);
  }

  public static ObjectNode body(int status, String message, JsonNode attributes) {
    var body = Json.object();
    body.put("statusCode", status);
    body.put("error", reasonPhrase(status));
    body.put("message", message);
    if (attributes != null) {
      body.set("attributes", attributes);
    }
    return body;
  }
}

package io.github.kibanaobjects.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A complete HTTP answer produced by a route handler. */
public record Reply(int status, String contentType, byte[] body, List<Header> headers) {
  public static final String JSON = "application/json; charset=utf-8";

  public static Reply json(JsonNode body) {
    return json(200, body);
  }

  public static Reply json(int status, JsonNode body) {
    return new Reply(status, JSON, Json.bytes(body), new ArrayList<>());
  }

  public static Reply noContent() {
    return new Reply(204, null, new byte[0], new ArrayList<>());
  }

  public static Reply text(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
  }

  public static Reply error(KibanaError error) {
    var reply = json(error.status(), error.body());
    reply.headers().addAll(error.headers());
    return reply;
  }

  public Reply withHeader(String name, String value) {
    headers.add(new Header(name, value));
    return this;
  }
}

package io.github.kibanaobjects.sim.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract suite's HTTP client: plain java.net.http, so nothing in the simulator's own code
 * path is trusted. Requests default to the built-in superuser and carry kbn-xsrf on unsafe methods,
 * like a well-behaved API client; each test switches off what it wants to probe.
 */
final class SimHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SUPERUSER = "elastic";
  static final String SUPERUSER_PASSWORD = "changeme";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String baseUrl;

  SimHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Req get(String path) {
    return new Req("GET", path);
  }

  Req post(String path) {
    return new Req("POST", path);
  }

  Req put(String path) {
    return new Req("PUT", path);
  }

  Req delete(String path) {
    return new Req("DELETE", path);
  }

  Req request(String method, String path) {
    return new Req(method, path);
  }

  static String basic(String user, String password) {
    var raw = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(raw);
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String toJson(Object value) {
    if (value instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Multipart body with plain fields first and then one `file` part, built by hand. */
  static byte[] multipartFile(
      String boundary, Map<String, String> fields, String filename, byte[] content) {
    var prefix = new StringBuilder();
    fields.forEach(
        (name, value) ->
            prefix
                .append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    var file = multipartFile(boundary, filename, content);
    var head = prefix.toString().getBytes(StandardCharsets.UTF_8);
    var out = new byte[head.length + file.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(file, 0, out, head.length, file.length);
    return out;
  }

  /** Multipart body with one `file` part, built by hand (test client only). */
  static byte[] multipartFile(String boundary, String filename, byte[] content) {
    var head =
        ("--"
                + boundary
                + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    var out = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(content, 0, out, head.length, content.length);
    System.arraycopy(tail, 0, out, head.length + content.length, tail.length);
    return out;
  }

  final class Req {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String spacePrefix = "";
    private String authorization = basic(SUPERUSER, SUPERUSER_PASSWORD);
    private boolean xsrf = true;
    private byte[] body;

    private Req(String method, String path) {
      this.method = method;
      this.path = path;
    }

    Req space(String spaceId) {
      this.spacePrefix = "/s/" + spaceId;
      return this;
    }

    Req as(String user, String password) {
      this.authorization = basic(user, password);
      return this;
    }

    Req apiKey(String encoded) {
      this.authorization = "ApiKey " + encoded;
      return this;
    }

    Req bearer(String token) {
      this.authorization = "Bearer " + token;
      return this;
    }

    Req authorization(String raw) {
      this.authorization = raw;
      return this;
    }

    Req noAuth() {
      this.authorization = null;
      return this;
    }

    Req noXsrf() {
      this.xsrf = false;
      return this;
    }

    Req header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** A String is sent as is; anything else goes through Jackson. */
    Req json(Object value) {
      return body("application/json", toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    Req body(String contentType, byte[] bytes) {
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      this.body = bytes;
      return this;
    }

    Req importFile(String filename, String ndjson) {
      return importFile(Map.of(), filename, ndjson);
    }

    Req importFile(Map<String, String> fields, String filename, String ndjson) {
      var boundary = "----contract-test-boundary-7MA4YWxkTrZu0gW";
      return body(
          "multipart/form-data; boundary=" + boundary,
          multipartFile(boundary, fields, filename, ndjson.getBytes(StandardCharsets.UTF_8)));
    }

    Resp send() {
      try {
        return sendOrThrow();
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path, e);
      }
    }

    /** For the fault tests that expect the transport to fail. */
    Resp sendOrThrow() throws IOException {
      var builder =
          HttpRequest.newBuilder(URI.create(baseUrl + spacePrefix + path))
              .timeout(Duration.ofSeconds(30));
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      if (xsrf && !method.equals("GET")) {
        builder.header("kbn-xsrf", "contract-test");
      }
      headers.forEach(builder::header);
      var publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body);
      builder.method(method, publisher);
      try {
        var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(response.statusCode(), response.headers(), response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  record Resp(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
      }
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** The non-blank lines of an NDJSON body, parsed. */
    List<JsonNode> ndjson() {
      var out = new ArrayList<JsonNode>();
      for (var line : body.split("\n")) {
        if (!line.isBlank()) {
          try {
            out.add(JSON.readTree(line));
          } catch (JsonProcessingException e) {
            throw new AssertionError("not an NDJSON line: " + line, e);
          }
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + body;
    }
  }
}

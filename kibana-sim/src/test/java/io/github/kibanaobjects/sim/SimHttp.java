package io.github.kibanaobjects.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A tiny JDK HTTP client for the simulator's own tests. */
final class SimHttp {
  private final HttpClient client = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String authorization;

  SimHttp(String baseUrl, String user, String password) {
    this(
        baseUrl,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  SimHttp(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  HttpResponse<String> get(String path) {
    return send(builder(path).GET());
  }

  HttpResponse<String> send(String method, String path, String json) {
    var body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json);
    return send(
        builder(path)
            .header("kbn-xsrf", "true")
            .header("Content-Type", "application/json")
            .method(method, body));
  }

  HttpResponse<String> importNdjson(String path, String filename, String ndjson) {
    return importNdjson(path, filename, ndjson, null);
  }

  /** Multipart upload as Kibana's UI sends it; {@code retries} adds the resolve-errors field. */
  HttpResponse<String> importNdjson(String path, String filename, String ndjson, String retries) {
    String boundary = "simtestboundary";
    String multipart =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\""
            + filename
            + "\"\r\n"
            + "Content-Type: application/ndjson\r\n\r\n"
            + ndjson
            + "\r\n--"
            + boundary
            + "\r\n";
    if (retries != null) {
      multipart +=
          "Content-Disposition: form-data; name=\"retries\"\r\n\r\n"
              + retries
              + "\r\n--"
              + boundary
              + "\r\n";
    }
    multipart = multipart.substring(0, multipart.length() - 2) + "--\r\n";
    return send(
        builder(path)
            .header("kbn-xsrf", "true")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(multipart)));
  }

  private HttpRequest.Builder builder(String path) {
    var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

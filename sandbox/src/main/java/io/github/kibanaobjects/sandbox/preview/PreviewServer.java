package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the previews on 127.0.0.1 with the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code /} the index, {@code /index.json} the page paths;
 *   <li>{@code /visualizations/<namespace>/<name>} and {@code /dashboards/<namespace>/<name>} a
 *       page, with {@code .json} the chart(s) it draws; {@code ?libraries=v5} or {@code v6} draws
 *       it with those libraries instead of the connection's Kibana's;
 *   <li>{@code /lib/<file>} the vendored vega, vega-lite and vega-embed bundles and their licenses,
 *       {@code /preview.js} the page script.
 * </ul>
 */
public final class PreviewServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Served file name -> classpath resource. */
  private static final Map<String, String> LIBRARY_FILES = libraryFiles();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Previews previews;

  private PreviewServer(HttpServer server, ExecutorService executor, Previews previews) {
    this.server = server;
    this.executor = executor;
    this.previews = previews;
  }

  /**
   * @param port 0 for a free one
   */
  public static PreviewServer start(KubernetesClient client, int port) throws IOException {
    var server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    var executor = Executors.newFixedThreadPool(4, daemon());
    var preview = new PreviewServer(server, executor, new Previews(client));
    server.createContext("/", preview::handle);
    server.setExecutor(executor);
    server.start();
    return preview;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      var thread = new Thread(runnable, "preview-http");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
        return;
      }
      var path = exchange.getRequestURI().getPath();
      try {
        route(exchange, path);
      } catch (RuntimeException e) {
        send(
            exchange,
            500,
            "text/plain; charset=utf-8",
            ("preview failed: " + e).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void route(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/")) {
      html(exchange, PreviewPages.index(previews.visualizations(), previews.dashboards()));
      return;
    }
    if (path.equals("/index.json")) {
      json(exchange, PreviewPages.indexJson(previews.visualizations(), previews.dashboards()));
      return;
    }
    if (path.equals("/preview.js")) {
      resource(exchange, "preview/preview.js");
      return;
    }
    if (path.startsWith("/lib/")) {
      var file = LIBRARY_FILES.get(path.substring("/lib/".length()));
      if (file != null) {
        resource(exchange, file);
        return;
      }
    }
    var parts = path.split("/");
    if (parts.length == 4 && parts[0].isEmpty()) {
      var asJson = parts[3].endsWith(".json");
      var name = asJson ? parts[3].substring(0, parts[3].length() - ".json".length()) : parts[3];
      var namespace = parts[2];
      // ?libraries=v6 draws with another Kibana's libraries than the connection's.
      var override = librariesOf(exchange.getRequestURI().getQuery());
      Optional<String> page = Optional.empty();
      if (parts[1].equals("visualizations")) {
        page =
            previews
                .visualization(namespace, name)
                .map(found -> override.map(found::withLibraries).orElse(found))
                .map(
                    chart ->
                        asJson
                            ? jsonText(PreviewPages.chartJson(chart))
                            : PreviewPages.visualization(chart));
      } else if (parts[1].equals("dashboards")) {
        page =
            previews
                .dashboard(namespace, name)
                .map(found -> override.map(found::withLibraries).orElse(found))
                .map(
                    board ->
                        asJson
                            ? jsonText(PreviewPages.dashboardJson(board))
                            : PreviewPages.dashboard(board));
      }
      if (page.isPresent()) {
        send(
            exchange,
            200,
            asJson ? "application/json" : "text/html; charset=utf-8",
            page.get().getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    send(
        exchange,
        404,
        "text/plain; charset=utf-8",
        ("no preview at " + path).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<PreviewLibraries> librariesOf(String query) {
    if (query == null) {
      return Optional.empty();
    }
    for (var parameter : query.split("&")) {
      if (parameter.startsWith("libraries=")) {
        return PreviewLibraries.ofKey(parameter.substring("libraries=".length()));
      }
    }
    return Optional.empty();
  }

  private static void html(HttpExchange exchange, String page) throws IOException {
    send(exchange, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  private static void json(HttpExchange exchange, JsonNode body) throws IOException {
    send(exchange, 200, "application/json", jsonText(body).getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonText(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void resource(HttpExchange exchange, String name) throws IOException {
    var bytes = read(name);
    if (bytes.isEmpty()) {
      send(
          exchange,
          404,
          "text/plain; charset=utf-8",
          (name + " is not on the classpath").getBytes(StandardCharsets.UTF_8));
      return;
    }
    var type =
        name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/plain; charset=utf-8";
    send(exchange, 200, type, bytes.get());
  }

  static Optional<byte[]> read(String resource) throws IOException {
    try (InputStream in = PreviewServer.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  /** The bundles of every {@link PreviewLibraries} and their license files. */
  static Map<String, String> libraryFiles() {
    var files = new HashMap<String, String>();
    for (var libraries : PreviewLibraries.values()) {
      for (var script : libraries.scripts()) {
        var folder = script.startsWith("vega-embed-") ? "preview/" : "vega-bundles/";
        files.put(script, folder + script);
        var license = script.replace(".min.js", ".LICENSE");
        files.put(license, folder + license);
      }
    }
    return Map.copyOf(files);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

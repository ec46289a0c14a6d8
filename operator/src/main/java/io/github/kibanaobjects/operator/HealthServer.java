package io.github.kibanaobjects.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness ({@code /healthz}) and readiness ({@code /readyz}) for the kubelet, and Prometheus
 * metrics ({@code /metrics}) when they are on. The JDK's own server is enough: a few small GETs
 * every few seconds.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  private final HttpServer server;

  /**
   * @param live whether the process is healthy: started, informers not broken ({@link
   *     #operatorLive})
   * @param ready whether the operator has started and can reconcile (or stands by for the lease)
   */
  public HealthServer(int port, BooleanSupplier live, BooleanSupplier ready) throws IOException {
    this(port, live, ready, null);
  }

  /**
   * @param metrics the Prometheus text exposition of the operator's meters, or null for no {@code
   *     /metrics}
   */
  public HealthServer(
      int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> answer(exchange, live.getAsBoolean()));
    server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
    if (metrics != null) {
      server.createContext(
          "/metrics", exchange -> send(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
    }
  }

  /** Prometheus' text exposition format, which Micrometer's registry writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Liveness of an operator: it has started and every informer of every controller is running,
   * synced and watching (JOSDK's runtime info). A replica standing by for the Lease runs its
   * informers too, so it is live. A change is logged once, naming the unhealthy event sources.
   */
  public static BooleanSupplier operatorLive(Operator operator) {
    var wasLive = new AtomicBoolean(true);
    return () -> {
      var info = operator.getRuntimeInfo();
      var live = info.isStarted() && info.allEventSourcesAreHealthy();
      if (wasLive.getAndSet(live) != live) {
        if (live) {
          log.info("live again: every informer is watching");
        } else if (info.isStarted()) {
          log.warn("not live: unhealthy event sources {}", info.unhealthyEventSources().keySet());
        }
      }
      return live;
    };
  }

  public HealthServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, boolean ok) throws IOException {
    send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok" : "failing");
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    try (exchange) {
      var body = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

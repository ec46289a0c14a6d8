package io.github.kibanaobjects.operator.kibana;

import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Makes {@link KibanaClient}s that share one connection pool and dispatcher, and keeps one client
 * per {@link KibanaEndpoint#fingerprint()}: the same connection settings get the same client (and
 * its in-flight bound), while a rotated Secret changes the fingerprint and so gets a new client.
 * Least recently used clients are dropped beyond a bound, so rotations do not accumulate.
 */
public final class KibanaClientFactory implements AutoCloseable {
  public static final int DEFAULT_MAX_CLIENTS = 256;

  private final OkHttpClient shared;
  private final Clock clock;
  private final Map<String, KibanaClient> clients;
  private final OperatorMetrics metrics;

  public KibanaClientFactory() {
    this(OperatorMetrics.none());
  }

  /** Clients whose requests are counted in {@code metrics}. */
  public KibanaClientFactory(OperatorMetrics metrics) {
    this(DEFAULT_MAX_CLIENTS, Clock.systemUTC(), metrics);
  }

  KibanaClientFactory(int maxClients, Clock clock) {
    this(maxClients, clock, OperatorMetrics.none());
  }

  KibanaClientFactory(int maxClients, Clock clock, OperatorMetrics metrics) {
    this.clock = clock;
    this.metrics = metrics;
    this.shared =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
            .build();
    this.clients =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, KibanaClient> eldest) {
            return size() > maxClients;
          }
        };
  }

  /** The client for these settings, made on first use. */
  public synchronized KibanaClient clientFor(KibanaEndpoint endpoint) {
    return clients.computeIfAbsent(
        endpoint.fingerprint(), fingerprint -> new KibanaClient(endpoint, shared, clock, metrics));
  }

  /** Forgets the client for these settings (e.g. when its KibanaConnection is deleted). */
  public synchronized void evict(KibanaEndpoint endpoint) {
    clients.remove(endpoint.fingerprint());
  }

  synchronized int size() {
    return clients.size();
  }

  @Override
  public synchronized void close() {
    clients.clear();
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }
}

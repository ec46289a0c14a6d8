package io.github.kibanaobjects.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kibana API requests seen by the simulator, keyed by method and route template (without the {@code
 * /s/{space}} prefix). Admin requests under {@code /__sim/} are not counted. {@link #writes()}
 * counts requests to routes that can change state: every route but GETs and the read-only POSTs
 * ({@code _bulk_get}, {@code _bulk_resolve}, {@code _export}, role {@code _query}), which the route
 * table marks; requests matching no route are no writes.
 */
public final class SimCounters {
  private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final Map<String, LongAdder> itemsByRoute = new ConcurrentHashMap<>();

  /** Called by the server for every Kibana API request. */
  public void record(String method, String route, boolean write) {
    byRoute.computeIfAbsent(key(method, route), k -> new LongAdder()).increment();
    total.increment();
    if (write) {
      writes.increment();
    }
  }

  /** Called by bulk routes: how many items one request asked for. */
  public void recordItems(String method, String route, long items) {
    itemsByRoute.computeIfAbsent(key(method, route), k -> new LongAdder()).add(items);
  }

  /**
   * Items asked for by requests to a bulk route ({@code _bulk_get}) in all: with {@link #count}, it
   * tells how many objects each request read on average.
   */
  public long items(String method, String route) {
    LongAdder adder = itemsByRoute.get(key(method, route));
    return adder == null ? 0 : adder.sum();
  }

  public long count(String method, String route) {
    LongAdder adder = byRoute.get(key(method, route));
    return adder == null ? 0 : adder.sum();
  }

  public long total() {
    return total.sum();
  }

  public long writes() {
    return writes.sum();
  }

  /** Counts keyed {@code "METHOD template"}, sorted by key. */
  public Map<String, Long> snapshot() {
    var copy = new TreeMap<String, Long>();
    byRoute.forEach(
        (k, v) -> {
          long n = v.sum();
          if (n > 0) {
            copy.put(k, n);
          }
        });
    return copy;
  }

  public void reset() {
    byRoute.clear();
    itemsByRoute.clear();
    total.reset();
    writes.reset();
  }

  private static String key(String method, String route) {
    return method.toUpperCase(java.util.Locale.ROOT) + " " + route;
  }
}

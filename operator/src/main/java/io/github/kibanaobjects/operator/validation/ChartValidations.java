package io.github.kibanaobjects.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks charts with the real vega and vega-lite libraries, run by GraalJS inside the JVM: a
 * Vega-Lite chart is compiled, the Vega spec parsed, and a headless View runs its dataflow on the
 * chart's rows (or on sample search hits for a chart bound to Elasticsearch). Nothing is drawn.
 *
 * <p>One {@link Engine} and, per library major, one context holding the libraries, loaded once on a
 * background thread ({@link #warmUpAsync} when a connection learns its Kibana's version, else on
 * first need); a second context would cost as much to load as the first, while a warm check takes a
 * fraction of that, so checks of one major queue for its context. Every wait and every check is
 * bounded by the timeout: past it the check fails with {@link Reason#VALIDATION_PENDING} (retried)
 * and a check that overran is cancelled (its context is reloaded). Results are cached by the hash
 * of what was checked. Thread-safe.
 */
public final class ChartValidations implements AutoCloseable {
  /** The stage of a result where the checker, not the chart, failed. */
  private static final String CHECKER_FAILED = "validation";

  private static final Logger log = LoggerFactory.getLogger(ChartValidations.class);
  private static final int CACHE_SIZE = 1024;

  /** How long close() waits for a load in progress (one script of the bundle) to end. */
  private static final Duration LOADER_STOP = Duration.ofMinutes(2);

  /** Sample rows beyond this add time, not confidence. */
  static final int MAX_SAMPLE_HITS = 500;

  private static final ChartValidations SHARED =
      new ChartValidations(OperatorConfig.CHART_CHECK_TIMEOUT);

  private final Duration timeout;
  private final Map<VegaLibraries, Slot> slots = new EnumMap<>(VegaLibraries.class);
  private final Map<String, Result> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
          return size() > CACHE_SIZE;
        }
      };
  private final ExecutorService loader = Executors.newSingleThreadExecutor(daemon("vega-loader"));
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(daemon("vega-watchdog"));
  private final Engine engine;
  private volatile boolean closed;

  /** What the libraries said about a chart. */
  public record Result(
      boolean valid, VegaLibraries libraries, String stage, String error, String path) {
    /** A sentence for the Validated condition. */
    public String message() {
      if (valid) {
        return libraries.describe() + " compile, parse and run the chart";
      }
      var where = path == null || path.isEmpty() ? "" : " at " + path;
      return "%s reject the chart (%s%s): %s".formatted(libraries.describe(), stage, where, error);
    }
  }

  /**
   * @param timeout bound of each wait and each check (see {@link #check})
   */
  public ChartValidations(Duration timeout) {
    this.timeout = timeout;
    // No JIT compiler on a stock JDK 17: the interpreter is expected, not worth a warning.
    this.engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    for (var libraries : VegaLibraries.values()) {
      slots.put(libraries, new Slot(libraries));
    }
  }

  /** The JVM's one instance (the operator's and every test's). */
  public static ChartValidations shared() {
    return SHARED;
  }

  /**
   * Starts loading these libraries on the background thread unless they are loaded or loading;
   * returns at once. Only the majors of the Kibanas the operator connects to are loaded: each
   * context holds tens of MiB.
   */
  public void warmUpAsync(VegaLibraries libraries) {
    slots.get(libraries).load();
  }

  /**
   * Loads these libraries if they are not yet and waits until they are (for test fixtures that must
   * not count the load against their waits).
   */
  public void warmUp(VegaLibraries libraries) {
    slots.get(libraries).load().join();
  }

  /**
   * Checks a resolved chart with the given libraries; the result is cached.
   *
   * @throws OperatorException {@link Reason#VALIDATION_PENDING} when the libraries did not load, or
   *     the check did not finish, within the timeout; {@link Reason#INTERNAL_ERROR} when they
   *     cannot load (e.g. a bundle that does not match its pinned SHA-256)
   */
  public Result check(VegaSpecResolver.Chart chart, VegaLibraries libraries) {
    return check(libraries, chart.library(), chart.tree(), chart.sampleHits());
  }

  /**
   * Checks a chart (see {@link #check(VegaSpecResolver.Chart, VegaLibraries)}).
   *
   * @param sampleHits {@code hits.hits} of a search response for data Kibana would fetch from
   *     Elasticsearch; may be empty
   */
  public Result check(
      VegaLibraries libraries, Library library, JsonNode chart, JsonNode sampleHits) {
    var specJson = JsonTrees.compact(chart);
    var hitsJson = JsonTrees.compact(capped(sampleHits));
    var key = key(libraries, library, specJson, hitsJson);
    synchronized (cache) {
      var known = cache.get(key);
      if (known != null) {
        return known;
      }
    }
    var result = run(libraries, library == Library.VEGA_LITE, specJson, hitsJson, null);
    if (result.valid() || !CHECKER_FAILED.equals(result.stage())) {
      // a verdict on the chart; a failure of the checker itself is not one and is tried again
      synchronized (cache) {
        cache.put(key, result);
      }
    }
    return result;
  }

  /** The hash a check of this chart is cached and recorded ({@code status.validatedHash}) under. */
  public static String keyOf(VegaSpecResolver.Chart chart, VegaLibraries libraries) {
    return key(
        libraries,
        chart.library(),
        JsonTrees.compact(chart.tree()),
        JsonTrees.compact(capped(chart.sampleHits())));
  }

  /**
   * Runs a chart (no cache) and returns the rows of every data set it ended with, as JSON: for
   * tests that check what a chart draws.
   *
   * @throws ChartValidationException when the libraries refuse the chart
   */
  public String dataOf(VegaLibraries libraries, Library library, JsonNode chart, JsonNode hits) {
    var data = new String[1];
    var result =
        run(
            libraries,
            library == Library.VEGA_LITE,
            JsonTrees.compact(chart),
            JsonTrees.compact(capped(hits)),
            data);
    if (!result.valid()) {
      throw new ChartValidationException(result.message());
    }
    return data[0];
  }

  @Override
  public void close() {
    closed = true;
    // not shutdownNow: a queued load must still run (and give up at once), or its future never ends
    loader.shutdown();
    watchdog.shutdownNow();
    // A context being loaded must be finished (or given up) on its own thread before the engine
    // closes: closing the engine under a context that is still initialising deadlocked GraalJS.
    try {
      if (!loader.awaitTermination(LOADER_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "the chart libraries were still loading after {}; the engine is left to the JVM's exit",
            Durations.format(LOADER_STOP));
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    engine.close(true);
  }

  private static String key(VegaLibraries libraries, Library library, String spec, String hits) {
    return DesiredStateHash.sha256(
        (libraries.name() + "\n" + library + "\n" + spec + "\n" + hits)
            .getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode capped(JsonNode sampleHits) {
    var hits = JsonTrees.MAPPER.createArrayNode();
    if (sampleHits != null) {
      for (int i = 0; i < sampleHits.size() && i < MAX_SAMPLE_HITS; i++) {
        hits.add(sampleHits.get(i));
      }
    }
    return hits;
  }

  private Result run(
      VegaLibraries libraries, boolean vegaLite, String spec, String hits, String[] data) {
    long deadline = System.nanoTime() + timeout.toNanos();
    var slot = slots.get(libraries);
    try {
      if (!slot.lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
        throw pending("other charts' checks with %s took longer than %s", libraries);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw pending("interrupted while waiting for %s (limit %s)", libraries);
    }
    try {
      var loading = slot.load();
      Context context;
      try {
        context = loading.get(remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw pending("%s are still loading (waited %s)", libraries);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw pending("interrupted while %s were loading (limit %s)", libraries);
      } catch (ExecutionException e) {
        slot.discard(loading);
        if (closed || e.getCause() instanceof CancellationException) {
          throw pending("%s stopped loading: the checker is closing (limit %s)", libraries);
        }
        throw new OperatorException(
            Reason.INTERNAL_ERROR,
            "could not load " + libraries.describe() + ": " + e.getCause().getMessage());
      }
      return execute(slot, loading, context, vegaLite, spec, hits, data);
    } finally {
      slot.lock.unlock();
    }
  }

  private Result execute(
      Slot slot,
      CompletableFuture<Context> loading,
      Context context,
      boolean vegaLite,
      String spec,
      String hits,
      String[] data) {
    var libraries = slot.libraries;
    var cancel =
        watchdog.schedule(() -> context.close(true), timeout.toNanos(), TimeUnit.NANOSECONDS);
    boolean healthy = false;
    try {
      var check = context.getBindings("js").getMember("__kibanaObjectsCheck");
      var outcome = check.execute(spec, vegaLite, hits, data != null);
      healthy = true;
      if (!outcome.getMember("done").asBoolean()) {
        return new Result(false, libraries, "vega run", "the chart's dataflow did not finish", "");
      }
      if (outcome.getMember("ok").asBoolean()) {
        if (data != null) {
          data[0] = outcome.getMember("data").asString();
        }
        return new Result(true, libraries, "", "", "");
      }
      return new Result(
          false,
          libraries,
          outcome.getMember("stage").asString(),
          outcome.getMember("message").asString(),
          outcome.getMember("path").asString());
    } catch (PolyglotException e) {
      if (e.isCancelled()) {
        throw pending("the check by %s did not finish within %s", libraries);
      }
      // The checker itself failed (it catches the libraries' errors): report, do not publish.
      healthy = !e.isInternalError() && !e.isExit() && !e.isResourceExhausted();
      return new Result(false, libraries, CHECKER_FAILED, e.getMessage(), "");
    } catch (IllegalStateException e) {
      // The watchdog closed the context between the end of the check and its cancellation.
      throw pending("the check by %s did not finish within %s", libraries);
    } finally {
      if (!cancel.cancel(false) || !healthy) {
        // Cancelled or broken: this context is gone; load a fresh one in the background.
        slot.discard(loading);
        context.close(true);
        slot.load();
      }
    }
  }

  private OperatorException pending(String format, VegaLibraries libraries) {
    return new OperatorException(
        Reason.VALIDATION_PENDING,
        "the chart was not checked: "
            + format.formatted(libraries.describe(), Durations.format(timeout)));
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private Context newContext(VegaLibraries libraries) {
    long started = System.nanoTime();
    var sources = Sources.of(libraries);
    var context = Context.newBuilder("js").engine(engine).build();
    try {
      for (var source : List.of(sources.prelude, sources.vega, sources.vegaLite, sources.check)) {
        if (closed) {
          // closing: give up between scripts, on this thread, so that close() need not wait long
          throw new CancellationException("closed while loading " + libraries.describe());
        }
        context.eval(source);
      }
    } catch (RuntimeException e) {
      context.close(true);
      throw e;
    }
    log.info("loaded {} in {} ms", libraries.describe(), (System.nanoTime() - started) / 1_000_000);
    return context;
  }

  /** One library major's context: loaded on the loader thread, used by one check at a time. */
  private final class Slot {
    final VegaLibraries libraries;
    final ReentrantLock lock = new ReentrantLock(true);
    private CompletableFuture<Context> context;

    Slot(VegaLibraries libraries) {
      this.libraries = libraries;
    }

    /** The context, loading or loaded; starts a load when there is none. */
    synchronized CompletableFuture<Context> load() {
      if (context == null) {
        context = CompletableFuture.supplyAsync(() -> newContext(libraries), loader);
        context.whenComplete(
            (loaded, failure) -> {
              if (failure != null && !closed) {
                log.error("could not load {}: {}", libraries.describe(), failure.getMessage());
              }
            });
      }
      return context;
    }

    synchronized void discard(CompletableFuture<Context> broken) {
      if (context == broken) {
        context = null;
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      var thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The scripts, built once per JVM so the engine parses each bundle once. */
  private record Sources(Source prelude, Source vega, Source vegaLite, Source check) {
    private static final Map<VegaLibraries, Sources> LOADED = new EnumMap<>(VegaLibraries.class);

    static synchronized Sources of(VegaLibraries l) {
      var known = LOADED.get(l);
      if (known == null) {
        known =
            new Sources(
                js("prelude.js", classpath("/validation/prelude.js")),
                js(l.vegaBundleName(), VegaLibraries.verifiedBundle(l.vegaBundleName())),
                js(l.vegaLiteBundleName(), VegaLibraries.verifiedBundle(l.vegaLiteBundleName())),
                js("check.js", classpath("/validation/check.js")));
        LOADED.put(l, known);
      }
      return known;
    }

    private static Source js(String name, String text) {
      return Source.newBuilder("js", text, name).cached(true).buildLiteral();
    }

    private static String classpath(String path) {
      try (InputStream in = ChartValidations.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException(path + " is not on the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

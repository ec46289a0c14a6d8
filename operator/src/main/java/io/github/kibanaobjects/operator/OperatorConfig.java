package io.github.kibanaobjects.operator;

import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.kibana.ImportBatching;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the operator, read once from the environment at start-up. Reconcilers get their
 * settings from here, never from literals or {@code System.getenv}.
 *
 * @param watchNamespaces namespaces to watch; empty means all namespaces
 * @param leaderElection whether to take a Lease before reconciling (on when running 2 replicas)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; null lets JOSDK use the pod's own namespace
 * @param resyncPeriod default interval at which Kibana is re-read to correct drift
 * @param healthPort port of the liveness/readiness endpoint; 0 picks a free port, -1 disables it
 * @param reconcileThreads how many reconciles may run at once across all resources
 * @param secretPollPeriod how often each connection's Secrets are read by name to notice a rotation
 * @param importBatching how concurrent upserts to one connection and space share one {@code
 *     _import}
 * @param kibanaReads how reconciles learn what Kibana holds: from the connection's polled cache, or
 *     each with its own read (for comparison only, see {@link KibanaReads#PER_OBJECT})
 * @param metricsEnabled whether the health port also serves Prometheus metrics on {@code /metrics}
 * @param logFormat how log lines are written: plain text, or one JSON object per line
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration resyncPeriod,
    int healthPort,
    int reconcileThreads,
    Duration secretPollPeriod,
    ImportBatching importBatching,
    KibanaReads kibanaReads,
    boolean metricsEnabled,
    LogFormat logFormat) {

  /** {@code LOG_FORMAT}: {@code text} (default) or {@code json}. */
  public enum LogFormat {
    TEXT,
    JSON;

    static LogFormat parse(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "", "text" -> TEXT;
        case "json" -> JSON;
        default ->
            throw new IllegalArgumentException(
                "LOG_FORMAT must be text or json, got '" + value + "'");
      };
    }
  }

  /** {@code KIBANA_READS}: {@code polled} (default) or {@code per-object}. */
  public enum KibanaReads {
    /** Read per connection, space and type into a cache that is polled every pollInterval. */
    POLLED,
    /**
     * Every reconcile reads its own object and nothing is polled: the approach of most operators,
     * kept so that ScaleBenchmark can compare against it. Drift is then found only by resyncs.
     */
    PER_OBJECT;

    static KibanaReads parse(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "", "polled" -> POLLED;
        case "per-object" -> PER_OBJECT;
        default ->
            throw new IllegalArgumentException(
                "KIBANA_READS must be polled or per-object, got '" + value + "'");
      };
    }
  }

  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  /** The shortest resync period: a zero period would re-read Kibana in a tight loop. */
  public static final Duration MIN_RESYNC = Durations.parse(Bounds.MIN_RESYNC_PERIOD);

  /**
   * The longest resync period. Beyond a day drift correction is meaningless, and far larger values
   * overflow the scheduler's milliseconds (the reconcile then loops while status says Ready).
   */
  public static final Duration MAX_RESYNC = Durations.parse(Bounds.MAX_RESYNC_PERIOD);

  /** The shortest request timeout a KibanaConnection may set. */
  public static final Duration MIN_REQUEST_TIMEOUT = Durations.parse(Bounds.MIN_REQUEST_TIMEOUT);

  /**
   * The longest request timeout: a request (and a queued wait for a request slot) holds a reconcile
   * thread this long, so a Kibana that never answers must not stall the operator; OkHttp also
   * refuses timeouts beyond Integer.MAX_VALUE milliseconds.
   */
  public static final Duration MAX_REQUEST_TIMEOUT = Durations.parse(Bounds.MAX_REQUEST_TIMEOUT);

  /** The bounds of a KibanaConnection's pollInterval. */
  public static final Duration MIN_POLL_INTERVAL = Durations.parse(Bounds.MIN_POLL_INTERVAL);

  public static final Duration MAX_POLL_INTERVAL = Durations.parse(Bounds.MAX_POLL_INTERVAL);

  public static final String DEFAULT_LEASE_NAME = "kibana-objects-operator";

  /**
   * JOSDK's own default. Threads mostly wait (on Kibana, on a batch, on the chart checker), and a
   * batch can only hold writes of reconciles running at once: with 10 threads over 5 spaces a cold
   * start sent one import for every 2 objects, with 50 one for every 11.
   */
  public static final int DEFAULT_RECONCILE_THREADS = 50;

  /**
   * How often a connection's Secrets are read by name to notice a rotation: the operator may not
   * watch Secrets (that takes list and watch on every Secret of the cluster).
   */
  public static final Duration DEFAULT_SECRET_POLL_PERIOD = Duration.ofSeconds(30);

  /**
   * How long the start waits for every informer's first list (JOSDK's cache sync); past it the
   * start fails and the process exits 1 to be restarted. deploy/deployment.yaml's startup probe
   * gives the pod longer than this (DeployManifestsTest), so a slow sync ends in the operator's own
   * exit with its reason in the log, not in a kill by the kubelet mid-sync.
   */
  public static final Duration CACHE_SYNC_TIMEOUT = Duration.ofMinutes(2);

  /**
   * How long one chart's check by the real vega libraries may take, and how long a reconcile waits
   * for the libraries to load or for the check before it (one check at a time per library major): a
   * warm check takes a fraction of a second, loading a few seconds, so this bounds only what went
   * wrong. Past it the chart is not written and the check is retried.
   */
  public static final Duration CHART_CHECK_TIMEOUT = Duration.ofSeconds(60);

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (resyncPeriod.compareTo(MIN_RESYNC) < 0 || resyncPeriod.compareTo(MAX_RESYNC) > 0) {
      throw new IllegalArgumentException(
          "RESYNC_PERIOD must be between "
              + Durations.format(MIN_RESYNC)
              + " and "
              + Durations.format(MAX_RESYNC)
              + ", got "
              + Durations.format(resyncPeriod));
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("RECONCILE_THREADS must be at least 1");
    }
    if (secretPollPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("SECRET_POLL_PERIOD must be at least 1s");
    }
  }

  /** The defaults: all namespaces, no leader election, 10 minute resync, health on 8080. */
  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** Reads {@code WATCH_NAMESPACES}, {@code LEADER_ELECTION}, {@code RESYNC_PERIOD}, ... */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    var namespaces =
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    var leaseNamespace =
        firstNonBlank(env.get("LEADER_ELECTION_NAMESPACE"), env.get("POD_NAMESPACE"));
    return new OperatorConfig(
        namespaces,
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "false").trim()),
        env.getOrDefault("LEADER_ELECTION_LEASE_NAME", DEFAULT_LEASE_NAME).trim(),
        leaseNamespace,
        env.containsKey("RESYNC_PERIOD")
            ? Durations.parse(env.get("RESYNC_PERIOD"))
            : DEFAULT_RESYNC,
        parseInt(env, "HEALTH_PORT", 8080),
        parseInt(env, "RECONCILE_THREADS", DEFAULT_RECONCILE_THREADS),
        env.containsKey("SECRET_POLL_PERIOD")
            ? Durations.parse(env.get("SECRET_POLL_PERIOD"))
            : DEFAULT_SECRET_POLL_PERIOD,
        importBatching(env),
        KibanaReads.parse(env.getOrDefault("KIBANA_READS", "polled")),
        Boolean.parseBoolean(env.getOrDefault("METRICS_ENABLED", "true").trim()),
        LogFormat.parse(env.getOrDefault("LOG_FORMAT", "text")));
  }

  /**
   * {@code IMPORT_BATCH_MAX_OBJECTS}, {@code IMPORT_BATCH_MAX_BYTES}, {@code IMPORT_BATCH_WAIT},
   * {@code IMPORT_BATCH_LINGER}.
   */
  private static ImportBatching importBatching(Map<String, String> env) {
    var maxBytes = env.get("IMPORT_BATCH_MAX_BYTES");
    long bytes;
    try {
      bytes =
          maxBytes == null || maxBytes.isBlank()
              ? ImportBatching.DEFAULT_MAX_BYTES
              : Long.parseLong(maxBytes.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "IMPORT_BATCH_MAX_BYTES must be a whole number, got '" + maxBytes + "'", e);
    }
    var wait =
        env.containsKey("IMPORT_BATCH_WAIT")
            ? Durations.parse(env.get("IMPORT_BATCH_WAIT"))
            : ImportBatching.DEFAULT_MAX_WAIT;
    var linger =
        env.containsKey("IMPORT_BATCH_LINGER")
            ? Durations.parse(env.get("IMPORT_BATCH_LINGER"))
            : ImportBatching.DEFAULT_MAX_LINGER;
    return new ImportBatching(
        parseInt(env, "IMPORT_BATCH_MAX_OBJECTS", ImportBatching.DEFAULT_MAX_OBJECTS),
        bytes,
        wait,
        linger);
  }

  public OperatorConfig withReconcileThreads(int threads) {
    var b = toBuilder();
    b.reconcileThreads = threads;
    return b.build();
  }

  public OperatorConfig withImportBatching(ImportBatching batching) {
    var b = toBuilder();
    b.importBatching = batching;
    return b.build();
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    var b = toBuilder();
    b.watchNamespaces = namespaces;
    return b.build();
  }

  public OperatorConfig withResyncPeriod(Duration period) {
    var b = toBuilder();
    b.resyncPeriod = period;
    return b.build();
  }

  public OperatorConfig withHealthPort(int port) {
    var b = toBuilder();
    b.healthPort = port;
    return b.build();
  }

  public OperatorConfig withLogFormat(LogFormat format) {
    var b = toBuilder();
    b.logFormat = format;
    return b.build();
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  private static int parseInt(Map<String, String> env, String name, int fallback) {
    var value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) return a.trim();
    if (b != null && !b.isBlank()) return b.trim();
    return null;
  }

  public OperatorConfig withSecretPollPeriod(Duration period) {
    var b = toBuilder();
    b.secretPollPeriod = period;
    return b.build();
  }

  public OperatorConfig withKibanaReads(KibanaReads reads) {
    var b = toBuilder();
    b.kibanaReads = reads;
    return b.build();
  }

  private Builder toBuilder() {
    var b = new Builder();
    b.watchNamespaces = watchNamespaces;
    b.leaderElection = leaderElection;
    b.leaseName = leaseName;
    b.leaseNamespace = leaseNamespace;
    b.resyncPeriod = resyncPeriod;
    b.healthPort = healthPort;
    b.reconcileThreads = reconcileThreads;
    b.secretPollPeriod = secretPollPeriod;
    b.importBatching = importBatching;
    b.kibanaReads = kibanaReads;
    b.metricsEnabled = metricsEnabled;
    b.logFormat = logFormat;
    return b;
  }

  /** A copy to change one setting in: the withers set one field each and build a new config. */
  private static final class Builder {
    Set<String> watchNamespaces;
    boolean leaderElection;
    String leaseName;
    String leaseNamespace;
    Duration resyncPeriod;
    int healthPort;
    int reconcileThreads;
    Duration secretPollPeriod;
    ImportBatching importBatching;
    KibanaReads kibanaReads;
    boolean metricsEnabled;
    LogFormat logFormat;

    OperatorConfig build() {
      return new OperatorConfig(
          watchNamespaces,
          leaderElection,
          leaseName,
          leaseNamespace,
          resyncPeriod,
          healthPort,
          reconcileThreads,
          secretPollPeriod,
          importBatching,
          kibanaReads,
          metricsEnabled,
          logFormat);
    }
  }
}

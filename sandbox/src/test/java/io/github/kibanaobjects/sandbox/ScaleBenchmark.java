package io.github.kibanaobjects.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.OperatorConfig.KibanaReads;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.kibana.ImportBatching;
import io.github.kibanaobjects.operator.status.Conditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * How the operator's cost grows with the number of resources, on a real kube-apiserver (the
 * sandbox's {@link RealKubernetes}) and a kibana-sim in its own process with 20 ms added to every
 * request. For each N, N visualizations of about 10 KB each, spread over 5 spaces, are published
 * twice: by the operator as it is ("normal"), and as one read per resource per resync and one write
 * per change ("per-object": no shared reads, no batched writes). Each run reports the time from the
 * first create to all Ready; Kibana and Kubernetes requests (by verb) during that cold start; both
 * per resync period at steady state, and the Kibana writes then (must be 0); the time and requests
 * to put back 100 objects edited in Kibana; and the benchmark JVM's live heap after a full GC (the
 * operator, with the Kubernetes API and Kibana in other processes).
 *
 * <p>Not a test: run it by hand, see the README's "Benchmarks". It writes JSON ({@code --json}) and
 * regenerates {@code docs/benchmarks.md} ({@code --doc}). Arguments: {@code [--resources 100,1000]
 * [--spaces 5] [--spec-kb 10] [--latency-ms 20] [--resync 20s] [--resyncs 2] [--threads 50]
 * [--linger 10s] [--restore 100] [--modes normal,per-object] [--json target/scale-benchmark.json]
 * [--doc docs/benchmarks.md]}. With {@code -Dbenchmark.histogram=true} it also prints the classes
 * that hold most of the live heap.
 */
public final class ScaleBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SUPERUSER =
      "Basic "
          + Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));

  record Settings(
      int spaces,
      int specKb,
      int latencyMs,
      Duration resync,
      int resyncs,
      int threads,
      Duration linger,
      int restore) {}

  /** One N in one mode. Request counts are totals over the phase; "per resync" divides. */
  record Run(
      String mode,
      int resources,
      double coldSeconds,
      long coldKibanaRequests,
      long coldKibanaWrites,
      Map<String, Long> coldKibanaByRoute,
      Map<String, Long> coldKubernetesByVerb,
      double steadyKibanaPerResync,
      long steadyKibanaWrites,
      Map<String, Double> steadyKubernetesPerResyncByVerb,
      int restored,
      double restoreSeconds,
      long restoreKibanaRequests,
      long liveHeapMiB,
      long specJsonMiB) {}

  public static void main(String[] args) throws Exception {
    var sizes =
        Arrays.stream(arg(args, "--resources", "100,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    var modes = List.of(arg(args, "--modes", "normal,per-object").split(","));
    var settings =
        new Settings(
            Integer.parseInt(arg(args, "--spaces", "5")),
            Integer.parseInt(arg(args, "--spec-kb", "10")),
            Integer.parseInt(arg(args, "--latency-ms", "20")),
            Durations.parse(arg(args, "--resync", "20s")),
            Integer.parseInt(arg(args, "--resyncs", "2")),
            Integer.parseInt(
                arg(args, "--threads", String.valueOf(OperatorConfig.DEFAULT_RECONCILE_THREADS))),
            Durations.parse(
                arg(args, "--linger", Durations.format(ImportBatching.DEFAULT_MAX_LINGER))),
            Integer.parseInt(arg(args, "--restore", "100")));
    var jsonOut = Path.of(arg(args, "--json", "target/scale-benchmark.json"));
    var docOut = Path.of(arg(args, "--doc", "docs/benchmarks.md"));
    var from = arg(args, "--from", "");
    if (!from.isEmpty()) {
      regenerate(List.of(from.split(",")), docOut);
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

    var runs = new ArrayList<Run>();
    try (var kubernetes = RealKubernetes.start(System.out)) {
      kubernetes.install(BundledCrds.load(kubernetes.client().getKubernetesSerialization()));
      System.out.println("Kubernetes: " + kubernetes.description());
      int index = 0;
      for (int n : sizes) {
        for (var mode : modes) {
          var run = run(kubernetes, "bench-" + index++, mode, n, settings);
          runs.add(run);
          System.out.println(JSON.writeValueAsString(run));
        }
      }
    }
    var machine = machine();
    var report = JSON.createObjectNode();
    report.set("machine", JSON.valueToTree(machine));
    var shown = new LinkedHashMap<String, Object>();
    shown.put("spaces", settings.spaces());
    shown.put("specKb", settings.specKb());
    shown.put("latencyMs", settings.latencyMs());
    shown.put("resync", Durations.format(settings.resync()));
    shown.put("resyncs", settings.resyncs());
    shown.put("threads", settings.threads());
    shown.put("linger", Durations.format(settings.linger()));
    shown.put("restore", settings.restore());
    report.set("settings", JSON.valueToTree(shown));
    report.set("runs", JSON.valueToTree(runs));
    Files.createDirectories(jsonOut.toAbsolutePath().getParent());
    Files.writeString(jsonOut, JSON.writeValueAsString(report));
    var markdown = markdown(machine, settings, runs, String.join(" ", args));
    Files.writeString(docOut, markdown);
    System.out.println(markdown);
    System.out.println("wrote " + jsonOut + " and " + docOut);
  }

  /**
   * Writes the document again from earlier runs' JSON (e.g. one run per N on a busy machine),
   * without running anything: {@code --from a.json,b.json}.
   */
  static void regenerate(List<String> reports, Path docOut) throws IOException {
    var runs = new ArrayList<Run>();
    Machine machine = null;
    Settings settings = null;
    for (var file : reports) {
      var report = JSON.readTree(Path.of(file).toFile());
      machine = JSON.treeToValue(report.path("machine"), Machine.class);
      var shown = report.path("settings");
      settings =
          new Settings(
              shown.path("spaces").asInt(),
              shown.path("specKb").asInt(),
              shown.path("latencyMs").asInt(),
              Durations.parse(shown.path("resync").asText()),
              shown.path("resyncs").asInt(),
              shown.path("threads").asInt(),
              // runs from before the setting was recorded used the then default, 1s
              Durations.parse(shown.path("linger").asText("1s")),
              shown.path("restore").asInt());
      for (var run : report.path("runs")) {
        runs.add(JSON.treeToValue(run, Run.class));
      }
    }
    var markdown = markdown(machine, settings, runs, "--from " + String.join(",", reports));
    Files.writeString(docOut, markdown);
    System.out.println(markdown);
  }

  static Run run(RealKubernetes kubernetes, String namespace, String mode, int n, Settings s)
      throws Exception {
    var perObject = mode.equals("per-object");
    try (var sim = SimProcess.start(s.latencyMs(), s.spaces())) {
      var client = kubernetes.client();
      connection(client, namespace, sim.url, s.resync());
      sim.resetCounters();
      var counted = new KubernetesCounter();
      var operatorClient =
          new KubernetesClientBuilder()
              // lists of thousands of 10 KB resources take long on a loaded machine
              .withConfig(
                  new ConfigBuilder(client.getConfiguration()).withRequestTimeout(300_000).build())
              .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", counted))
              .build();
      var config =
          OperatorConfig.defaults()
              .withWatchNamespaces(Set.of(namespace))
              .withHealthPort(-1)
              .withResyncPeriod(s.resync())
              .withReconcileThreads(s.threads())
              // per-object: every resource reads its own object at each resync and writes alone;
              // normal: Kibana polled per space and type, writes batched
              .withKibanaReads(perObject ? KibanaReads.PER_OBJECT : KibanaReads.POLLED)
              .withImportBatching(
                  perObject
                      ? ImportBatching.perObject()
                      : ImportBatching.defaults().withMaxLinger(s.linger()));
      // Cold start: the resources are there before the operator (an install, or an operator that
      // was down while they were applied), as a burst of reconciles at once.
      var watch = readyWatch(client, namespace);
      createAll(client, namespace, n, s);
      awaitListable(client, namespace);
      var operator = KibanaObjectsOperator.create(operatorClient, config);
      try {
        long start = System.nanoTime();
        operator.start();
        watch.await(n, Duration.ofMinutes(60));
        double cold = (System.nanoTime() - start) / 1e9;
        var coldKibana = sim.counters();
        var coldKubernetes = counted.snapshot();

        // steady state: one period of warm-up (each resource's first resync), then measured
        Thread.sleep(s.resync().toMillis());
        sim.resetCounters();
        counted.reset();
        Thread.sleep(s.resync().multipliedBy(s.resyncs()).toMillis());
        var steadyKibana = sim.counters();
        var steadyKubernetes = new TreeMap<String, Double>();
        counted
            .snapshot()
            .forEach((verb, c) -> steadyKubernetes.put(verb, c / (double) s.resyncs()));

        // drift: objects edited in Kibana, put back within a resync period
        int restore = Math.min(s.restore(), n);
        var edited = sim.edit(restore, s.spaces());
        sim.resetCounters();
        long restoreStart = System.nanoTime();
        long polls = sim.awaitRestored(edited, Duration.ofMinutes(10));
        double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
        long restoreRequests = sim.counters().path("total").asLong() - polls;

        // heap: the benchmark's own watch goes first, so what is left is the operator's
        watch.close();
        long heap = liveHeapMiB();
        return new Run(
            mode,
            n,
            cold,
            coldKibana.path("total").asLong(),
            coldKibana.path("writes").asLong(),
            routes(coldKibana),
            coldKubernetes,
            steadyKibana.path("total").asLong() / (double) s.resyncs(),
            steadyKibana.path("writes").asLong(),
            steadyKubernetes,
            restore,
            restoreSeconds,
            restoreRequests,
            heap,
            (long) n * s.specKb() / 1024);
      } finally {
        watch.close();
        operator.stop();
        operatorClient.close();
      }
    }
  }

  private static Map<String, Long> routes(JsonNode counters) {
    var routes = new TreeMap<String, Long>();
    counters
        .path("routes")
        .properties()
        .forEach(e -> routes.put(e.getKey(), e.getValue().asLong()));
    return routes;
  }

  /**
   * Waits until every kind can be listed: a freshly installed CRD answers 429 "storage is
   * (re)initializing" for a while, and an operator whose informers start then stops.
   */
  private static void awaitListable(KubernetesClient client, String namespace)
      throws InterruptedException {
    for (var kind :
        List.of(
            "KibanaConnection",
            "KibanaVisualization",
            "KibanaDashboard",
            "KibanaRole",
            "KibanaSpace")) {
      for (int attempt = 0; ; attempt++) {
        try {
          client
              .genericKubernetesResources("kibanaobjects.github.io/v1alpha1", kind)
              .inNamespace(namespace)
              .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
          break;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (attempt > 120) {
            throw e;
          }
          Thread.sleep(1_000);
        }
      }
    }
  }

  /** Applies the resources from a few threads at once, as a GitOps sync of a folder does. */
  private static void createAll(KubernetesClient client, String namespace, int n, Settings s)
      throws InterruptedException {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.execute(() -> client.resource(visualization(namespace, index, s)).create());
    }
    pool.shutdown();
    if (!pool.awaitTermination(2, java.util.concurrent.TimeUnit.HOURS)) {
      throw new IllegalStateException("creating the resources took over two hours");
    }
  }

  /** Counts the operator's Kubernetes requests by verb (get, list, watch, create, patch, ...). */
  static final class KubernetesCounter implements Interceptor {
    private static final Pattern NAMED =
        Pattern.compile("^/(?:api|apis/[^/]+)/[^/]+(?:/namespaces/[^/]+)?/[^/]+/[^/]+(/[^/]+)?$");
    private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      byVerb.computeIfAbsent(verb(request), v -> new LongAdder()).increment();
    }

    static String verb(HttpRequest request) {
      var path = request.uri().getPath();
      var query = request.uri().getQuery() == null ? "" : request.uri().getQuery();
      var named = NAMED.matcher(path).matches() && !path.matches("^/api/v1/namespaces/[^/]+$");
      return switch (request.method()) {
        case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
        case "POST" -> "create";
        case "PUT" -> path.endsWith("/status") ? "update status" : "update";
        case "PATCH" -> path.endsWith("/status") ? "patch status" : "patch";
        case "DELETE" -> "delete";
        default -> request.method().toLowerCase(java.util.Locale.ROOT);
      };
    }

    Map<String, Long> snapshot() {
      var copy = new TreeMap<String, Long>();
      byVerb.forEach((verb, n) -> copy.put(verb, n.sum()));
      return copy;
    }

    void reset() {
      byVerb.clear();
    }
  }

  /** The benchmark's own view of Ready, from a watch, so waiting costs no list of every spec. */
  static final class ReadyWatch implements AutoCloseable {
    private final SharedIndexInformer<KibanaVisualization> informer;

    ReadyWatch(SharedIndexInformer<KibanaVisualization> informer) {
      this.informer = informer;
    }

    long ready() {
      return informer.getStore().list().stream()
          .filter(v -> Conditions.isReady(v.getStatus()))
          .count();
    }

    void await(int n, Duration timeout) throws InterruptedException {
      var deadline = System.nanoTime() + timeout.toNanos();
      while (ready() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + ready() + " of " + n + " visualizations became Ready in " + timeout);
        }
        Thread.sleep(100);
      }
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  private static ReadyWatch readyWatch(KubernetesClient client, String namespace) {
    var informer = client.resources(KibanaVisualization.class).inNamespace(namespace).inform();
    return new ReadyWatch(informer);
  }

  /** kibana-sim in a child JVM, so its objects are not in the heap this benchmark measures. */
  static final class SimProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    final Process process;
    final String url;

    private SimProcess(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    static SimProcess start(int latencyMs, int spaces) throws IOException, InterruptedException {
      var java = ProcessHandle.current().info().command().orElse("java");
      var process =
          new ProcessBuilder(
                  java,
                  "-Xmx2g",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.github.kibanaobjects.sim.KibanaSimMain",
                  "--port",
                  "0")
              .redirectErrorStream(true)
              .start();
      var lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      for (String line; url == null && (line = lines.readLine()) != null; ) {
        var match = LISTENING.matcher(line);
        if (match.find()) {
          url = match.group(1);
        }
      }
      if (url == null) {
        process.destroyForcibly();
        throw new IllegalStateException("kibana-sim did not start");
      }
      // keep draining its output so it never blocks on a full pipe
      var drain =
          new Thread(
              () -> {
                try {
                  lines.lines().forEach(l -> {});
                } catch (java.io.UncheckedIOException closed) {
                  // the simulator stopped
                }
              },
              "kibana-sim-output");
      drain.setDaemon(true);
      drain.start();
      var sim = new SimProcess(process, url);
      for (int i = 1; i < spaces; i++) {
        sim.send(
            "POST",
            "/api/spaces/space",
            "{\"id\":\"space-" + i + "\",\"name\":\"Space " + i + "\"}");
      }
      sim.send("POST", "/__sim/faults", "{\"route\":\"*\",\"latencyMs\":" + latencyMs + "}");
      return sim;
    }

    JsonNode send(String method, String path, String body)
        throws IOException, InterruptedException {
      var request =
          java.net.http.HttpRequest.newBuilder(URI.create(url + path))
              .header("Authorization", SUPERUSER)
              .header("kbn-xsrf", "bench")
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? java.net.http.HttpRequest.BodyPublishers.noBody()
                      : java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build();
      var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    JsonNode counters() throws IOException, InterruptedException {
      return send("GET", "/__sim/counters", null);
    }

    void resetCounters() throws IOException, InterruptedException {
      send("DELETE", "/__sim/counters", null);
    }

    /** Changes the title of {@code count} charts in Kibana (as a person would in its UI). */
    List<String[]> edit(int count, int spaces) throws IOException, InterruptedException {
      var edited = new ArrayList<String[]>();
      for (int i = 0; i < count; i++) {
        var space = spaceOf(i, spaces);
        var id = "chart-" + i;
        send(
            "PUT",
            prefix(space) + "/api/saved_objects/visualization/" + id,
            "{\"attributes\":{\"title\":\"edited in Kibana\"}}");
        edited.add(new String[] {space, id});
      }
      return edited;
    }

    /** Waits until no edited chart has the edited title; returns the requests it sent to check. */
    long awaitRestored(List<String[]> edited, Duration timeout) throws Exception {
      var deadline = System.nanoTime() + timeout.toNanos();
      var bySpace = new LinkedHashMap<String, List<String>>();
      edited.forEach(e -> bySpace.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]));
      long polls = 0;
      while (true) {
        boolean restored = true;
        for (var space : bySpace.entrySet()) {
          var body = JSON.createArrayNode();
          space
              .getValue()
              .forEach(id -> body.addObject().put("type", "visualization").put("id", id));
          var answer =
              send(
                  "POST", prefix(space.getKey()) + "/api/saved_objects/_bulk_get", body.toString());
          polls++;
          for (var object : answer.path("saved_objects")) {
            if ("edited in Kibana".equals(object.path("attributes").path("title").asText())) {
              restored = false;
            }
          }
        }
        if (restored) {
          return polls;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("edited objects not restored within " + timeout);
        }
        Thread.sleep(200);
      }
    }

    private static String prefix(String space) {
      return space.equals("default") ? "" : "/s/" + space;
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  static String spaceOf(int i, int spaces) {
    int space = i % spaces;
    return space == 0 ? "default" : "space-" + space;
  }

  /** The connection; Kibana polled every resync period (both scaled down from minutes). */
  private static void connection(
      KubernetesClient client, String namespace, String kibanaUrl, Duration pollInterval) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("kibana-credentials")
                .endMetadata()
                .withStringData(Map.of("username", "elastic", "password", "changeme"))
                .build())
        .create();
    var connection = new KibanaConnection();
    connection.getMetadata().setName("kibana");
    connection.getMetadata().setNamespace(namespace);
    var spec = new KibanaConnectionSpec();
    spec.setUrl(kibanaUrl);
    spec.setPollInterval(Durations.format(pollInterval));
    var auth = new ConnectionAuth();
    auth.setBasicAuthSecretRef(new BasicAuthSecretRef("kibana-credentials", null, null));
    spec.setAuth(auth);
    connection.setSpec(spec);
    client.resource(connection).create();
  }

  /** A bar chart of about {@code specKb} KB: inline rows, as a notebook export has them. */
  static KibanaVisualization visualization(String namespace, int i, Settings s) {
    var vis = new KibanaVisualization();
    vis.getMetadata().setName("chart-" + i);
    vis.getMetadata().setNamespace(namespace);
    var spec = new KibanaVisualizationSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    var space = spaceOf(i, s.spaces());
    if (!space.equals("default")) {
      spec.setSpace(space);
    }
    spec.setTitle("Chart " + i);
    // the namespace makes each run's charts its own: the operator caches chart checks by content,
    // and a mode must not find the charts of the mode before it checked already
    var chart =
        JsonNodeFactory.instance
            .objectNode()
            .put("description", namespace + " chart " + i)
            .put("mark", "bar");
    var values = chart.putObject("data").putArray("values");
    // each row is about 50 bytes of JSON
    for (int row = 0; row < s.specKb() * 1024 / 50; row++) {
      values.addObject().put("category", "c-" + row).put("value", (i * 31 + row) % 997);
    }
    var encoding = chart.putObject("encoding");
    encoding.putObject("x").put("field", "category").put("type", "nominal");
    encoding.putObject("y").put("field", "value").put("type", "quantitative");
    spec.setVegaLite(chart);
    vis.setSpec(spec);
    return vis;
  }

  private static long liveHeapMiB() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    if (Boolean.getBoolean("benchmark.histogram")) {
      printHistogram();
    }
    return heap.getUsed() / (1024 * 1024);
  }

  /** The classes holding most of the live heap (-Dbenchmark.histogram=true), to see what grows. */
  private static void printHistogram() {
    try {
      var histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      var lines = histogram.lines().toList();
      lines.stream().limit(60).forEach(System.out::println);
      if (lines.size() > 60) {
        System.out.println(lines.get(lines.size() - 1));
      }
    } catch (javax.management.JMException e) {
      System.out.println("no class histogram: " + e.getMessage());
    }
  }

  record Machine(
      int cores, long memoryMiB, String java, String os, double loadAverage, String when) {}

  static Machine machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory =
        os instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun.getTotalMemorySize() / (1024 * 1024)
            : -1;
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        os.getSystemLoadAverage(),
        Instant.now().toString());
  }

  static String markdown(Machine m, Settings s, List<Run> runs, String args) {
    var out = new StringBuilder();
    out.append("# Benchmarks\n\n")
        .append(
            "Generated by `ScaleBenchmark` (see the README's \"Benchmarks\"); do not edit by hand.\n")
        .append("Arguments: `")
        .append(args.isBlank() ? "(defaults)" : args)
        .append("`.\n\n")
        .append(
            "Machine: %d cores, %,d MiB memory, Java %s, %s; load average %.1f when it ended (%s).%n"
                .formatted(m.cores(), m.memoryMiB(), m.java(), m.os(), m.loadAverage(), m.when()))
        .append("Times depend on the machine's load; request counts do not.\n\n")
        .append(
            "Setup: a real kube-apiserver and etcd (kube-api-test), kibana-sim in its own JVM with %d ms"
                    .formatted(s.latencyMs())
                + " added to every request, visualizations of about %d KB spread over %d spaces, resync"
                    .formatted(s.specKb(), s.spaces())
                + " period %s (steady state measured over %d periods after one of warm-up), %d reconcile"
                    .formatted(Durations.format(s.resync()), s.resyncs(), s.threads())
                + " threads, batches lingering up to %s for announced writes."
                    .formatted(Durations.format(s.linger()))
                + " Cold start: the N resources are applied while the operator is down, and"
                + " the time runs from its start (informers included) to all Ready."
                + " *normal* is the operator as shipped; *per-object* reads each resource's"
                + " object at each resync and writes each object with its own request. Live heap is"
                + " the benchmark JVM (the operator and its informers) after a full GC, with the"
                + " Kubernetes API and Kibana in other processes. Restore time includes the wait for"
                + " the next poll of Kibana (up to one poll interval, here the resync period), so it"
                + " varies from run to run by up to that much.\n\n");
    out.append(
            "| N | mode | cold start to all Ready | Kibana requests cold (per resource) | Kubernetes"
                + " requests cold (per resource) by verb | Kibana requests per resync | Kibana writes"
                + " at steady state | Kubernetes requests per resync by verb | restore edited objects |"
                + " live heap |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (var r : runs) {
      long kubeCold = r.coldKubernetesByVerb().values().stream().mapToLong(Long::longValue).sum();
      out.append(
          "| %,d | %s | %.1f s | %,d (%.2f) | %,d (%.2f): %s | %.1f | %d | %s | %d in %.1f s, %,d requests | %,d MiB (specs %,d MiB) |%n"
              .formatted(
                  r.resources(),
                  r.mode(),
                  r.coldSeconds(),
                  r.coldKibanaRequests(),
                  r.coldKibanaRequests() / (double) r.resources(),
                  kubeCold,
                  kubeCold / (double) r.resources(),
                  verbs(r.coldKubernetesByVerb()),
                  r.steadyKibanaPerResync(),
                  r.steadyKibanaWrites(),
                  verbs(r.steadyKubernetesPerResyncByVerb()),
                  r.restored(),
                  r.restoreSeconds(),
                  r.restoreKibanaRequests(),
                  r.liveHeapMiB(),
                  r.specJsonMiB()));
    }
    out.append("\nRatios, per-object over normal (higher is better for normal):\n\n")
        .append(
            "| N | Kibana requests cold | Kibana requests per resync | cold start time | restore time |\n")
        .append("|---|---|---|---|---|\n");
    for (var normal : runs) {
      if (!normal.mode().equals("normal")) {
        continue;
      }
      runs.stream()
          .filter(r -> r.mode().equals("per-object") && r.resources() == normal.resources())
          .findFirst()
          .ifPresent(
              p ->
                  out.append(
                      "| %,d | %s | %s | %s | %s |%n"
                          .formatted(
                              normal.resources(),
                              ratio(p.coldKibanaRequests(), normal.coldKibanaRequests()),
                              ratio(p.steadyKibanaPerResync(), normal.steadyKibanaPerResync()),
                              ratio(p.coldSeconds(), normal.coldSeconds()),
                              ratio(p.restoreSeconds(), normal.restoreSeconds()))));
    }
    return out.toString();
  }

  private static String ratio(double a, double b) {
    return b == 0 ? "n/a" : "%.1f x".formatted(a / b);
  }

  private static String verbs(Map<String, ? extends Number> byVerb) {
    var parts = new ArrayList<String>();
    byVerb.forEach(
        (verb, n) ->
            parts.add(
                verb
                    + " "
                    + (n instanceof Double d && d != Math.rint(d)
                        ? "%.1f".formatted(d)
                        : String.valueOf(n.longValue()))));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static String arg(String[] args, String name, String fallback) {
    var list = List.of(args);
    int at = list.indexOf(name);
    return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
  }
}

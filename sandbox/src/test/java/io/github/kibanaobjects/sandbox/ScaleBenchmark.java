package io.github.kibanaobjects.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the operator's cost grows with the number of resources: for each N, N visualizations are
 * applied to the in-memory Kubernetes API and the operator publishes them to kibana-sim. It reports
 * the time until all are Ready, the Kibana requests (and writes) that took, the Kibana requests per
 * resource per resync period once everything is in sync (after one resync period of warm-up), and
 * the heap of the whole process (operator, simulator and API server together, so an upper bound for
 * the operator).
 *
 * <p>Not a test: run it by hand, see the README's "Benchmarks". Arguments: {@code [--resources
 * 50,200,500] [--resync 10s] [--resyncs 3] [--threads 10] [--poll-interval 10s]} (the connection's
 * pollInterval; by default the resync period).
 */
public final class ScaleBenchmark {
  private static final String NAMESPACE = "bench";

  record Row(
      int resources,
      double convergeSeconds,
      long convergeRequests,
      long convergeWrites,
      double steadyRequestsPerResourcePerResync,
      long steadyWrites,
      long heapMiB) {}

  public static void main(String[] args) throws Exception {
    var sizes =
        Arrays.stream(arg(args, "--resources", "50,200,500").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    var resync = Durations.parse(arg(args, "--resync", "10s"));
    int resyncs = Integer.parseInt(arg(args, "--resyncs", "3"));
    int threads = Integer.parseInt(arg(args, "--threads", "10"));
    // Scaled down with the resync period: in production both are minutes (10m and 60s).
    var pollInterval = Durations.parse(arg(args, "--poll-interval", Durations.format(resync)));
    quietLogging();

    var rows = new ArrayList<Row>();
    for (int n : sizes) {
      var row = run(n, resync, resyncs, threads, pollInterval);
      rows.add(row);
      System.out.println(format(row));
    }
    System.out.printf(
        "%nresync period %ss, Kibana polled every %ss, %d reconcile threads, steady state observed"
            + " for %d resync periods%n",
        resync.toSeconds(), pollInterval.toSeconds(), threads, resyncs);
    System.out.println(
        "resources | converge s | Kibana requests (per resource) | writes | steady requests"
            + " per resource per resync | steady writes | heap MiB");
    rows.forEach(r -> System.out.println(format(r)));
  }

  static Row run(int n, Duration resync, int resyncs, int threads, Duration pollInterval)
      throws Exception {
    try (var sim = KibanaSim.start(SimConfig.defaults());
        var kubernetes = InMemoryKubernetes.start(0)) {
      kubernetes.install(BundledCrds.load(kubernetes.client().getKubernetesSerialization()));
      var client = kubernetes.client();
      connection(client, sim.baseUrl(), pollInterval);
      var config =
          new OperatorConfig(
              Set.of(),
              false,
              OperatorConfig.DEFAULT_LEASE_NAME,
              null,
              resync,
              -1,
              threads,
              OperatorConfig.DEFAULT_SECRET_POLL_PERIOD,
              false,
              OperatorConfig.LogFormat.TEXT);
      var operator = KibanaObjectsOperator.create(client, config);
      operator.start();
      try {
        awaitConnectionReady(client);
        sim.counters().reset();

        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client.resource(visualization(i)).create();
        }
        awaitAllReady(client, n);
        double convergeSeconds = (System.nanoTime() - start) / 1e9;
        long convergeRequests = sim.counters().total();
        long convergeWrites = sim.counters().writes();

        // The first resync of each resource after its create joins the shared reads; steady
        // state begins after it.
        Thread.sleep(resync.toMillis());
        sim.counters().reset();
        Thread.sleep(resync.multipliedBy(resyncs).toMillis());
        double steady = sim.counters().total() / (double) n / resyncs;
        long steadyWrites = sim.counters().writes();

        return new Row(
            n,
            convergeSeconds,
            convergeRequests,
            convergeWrites,
            steady,
            steadyWrites,
            usedHeapMiB());
      } finally {
        operator.stop();
      }
    }
  }

  private static void connection(KubernetesClient client, String kibanaUrl, Duration pollInterval) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    client
        .secrets()
        .inNamespace(NAMESPACE)
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
    connection.getMetadata().setNamespace(NAMESPACE);
    var spec = new KibanaConnectionSpec();
    spec.setUrl(kibanaUrl);
    spec.setPollInterval(Durations.format(pollInterval));
    var auth = new ConnectionAuth();
    auth.setBasicAuthSecretRef(new BasicAuthSecretRef("kibana-credentials", null, null));
    spec.setAuth(auth);
    connection.setSpec(spec);
    client.resource(connection).create();
  }

  private static KibanaVisualization visualization(int i) {
    var vis = new KibanaVisualization();
    vis.getMetadata().setName("chart-" + i);
    vis.getMetadata().setNamespace(NAMESPACE);
    var spec = new KibanaVisualizationSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setTitle("Chart " + i);
    var chart = JsonNodeFactory.instance.objectNode().put("mark", "bar");
    chart.putObject("data").putArray("values").addObject().put("a", i);
    spec.setVegaLite(chart);
    vis.setSpec(spec);
    return vis;
  }

  private static void awaitConnectionReady(KubernetesClient client) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var connection =
          client.resources(KibanaConnection.class).inNamespace(NAMESPACE).withName("kibana").get();
      if (connection != null && Conditions.isReady(connection.getStatus())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the connection did not become Ready within 60 s");
  }

  private static void awaitAllReady(KubernetesClient client, int n) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      var ready =
          client
              .resources(KibanaVisualization.class)
              .inNamespace(NAMESPACE)
              .list()
              .getItems()
              .stream()
              .filter(v -> Conditions.isReady(v.getStatus()))
              .count();
      if (ready == n) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("not all " + n + " visualizations became Ready in 30 min");
  }

  private static long usedHeapMiB() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed() / (1024 * 1024);
  }

  private static String format(Row r) {
    return "%9d | %10.1f | %8d (%5.2f) | %6d | %39.3f | %13d | %8d"
        .formatted(
            r.resources(),
            r.convergeSeconds(),
            r.convergeRequests(),
            r.convergeRequests() / (double) r.resources(),
            r.convergeWrites(),
            r.steadyRequestsPerResourcePerResync(),
            r.steadyWrites(),
            r.heapMiB());
  }

  private static String arg(String[] args, String name, String fallback) {
    var list = List.of(args);
    int at = list.indexOf(name);
    return at >= 0 && at + 1 < list.size() ? list.get(at + 1) : fallback;
  }

  private static void quietLogging() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }
}

package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator costs the Kubernetes API server, counted from the mock server's request log
 * (the operator's own requests, told apart by their User-Agent), by verb and resource: a create
 * costs the finalizer, the status and an event; a resync that finds everything in order costs
 * nothing, not even a Secret read.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRequestsTest {
  private static final String OPERATOR_AGENT = "request-counting-operator";

  static KubernetesClient client;
  static KubernetesMockServer server;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    var operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build())
            .build();
    // every resource (the connection too) resyncs each second; the connection's Secret poll (a
    // named GET per connection, not per resource) is put out of the way, so that whether it falls
    // into the measured window does not decide the test
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(Duration.ofSeconds(1))
            .withSecretPollPeriod(Duration.ofHours(1));
    harness = OperatorHarness.start(client, operatorClient, config, SimConfig.defaults());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aCreateCostsFinalizerStatusAndEventAndASteadyResyncCostsNothing() throws Exception {
    var ns = harness.newNamespace("requests");
    harness.readySuperuserConnection(ns);
    operatorRequests(); // what setting up cost

    // two creates: a cost per resource shows as two, one per connection as one
    var created =
        List.of(
            harness.create(visualization(ns, "counted", "kibana")),
            harness.create(visualization(ns, "counted-too", "kibana")));
    for (var vis : created) {
      harness.awaitReady(vis);
      harness.awaitEvent(vis, "Created");
    }
    var create = operatorRequests();
    System.out.println("Kubernetes requests for two creates: " + create);
    // The connection's first poll of its Secret comes a reconcile after its first (which read the
    // Secret itself): once per connection, in this window or the next, never once per resource.
    long secretReads = create.getOrDefault("get secrets", 0L);
    create.remove("get secrets");
    assertThat(create).as("requests for two creates").containsEntry("create events", 2L);
    assertThat(create.getOrDefault("patch kibanavisualizations", 0L))
        .as("finalizer patches")
        .isEqualTo(2L);
    assertThat(create.values().stream().mapToLong(Long::longValue).sum())
        .as("all requests for two creates: " + create)
        // each: finalizer, event, the kstatus Reconciling status on first sight, the sync's
        // status, and at most one more status write
        .isLessThanOrEqualTo(10L);

    // three more connection checks: two whole resync periods of every resource have passed
    harness.awaitMoreRequests("GET", "/api/status", 3);
    var steady = operatorRequests();
    secretReads += steady.getOrDefault("get secrets", 0L);
    steady.remove("get secrets");
    assertThat(steady).as("requests during steady resyncs").isEmpty();
    assertThat(secretReads).as("the connection's first Secret poll").isLessThanOrEqualTo(1L);
  }

  /** The operator's requests since the last call, as "verb resource" to count. */
  private static Map<String, Long> operatorRequests() throws InterruptedException {
    var counts = new TreeMap<String, Long>();
    for (var request = server.takeRequest(100, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      var agent = request.getHeader("User-Agent");
      if (agent == null || !agent.contains(OPERATOR_AGENT)) {
        continue;
      }
      var path = request.getPath();
      var query = path.indexOf('?');
      var segments = (query < 0 ? path : path.substring(0, query)).split("/");
      var verb = verb(request.getMethod(), path);
      var resource = resourceOf(segments);
      counts.merge(verb + " " + resource, 1L, Long::sum);
    }
    return counts;
  }

  private static String verb(String method, String path) {
    return switch (method) {
      case "GET" -> path.contains("watch=true") ? "watch" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The resource (with "/status" for the status subresource) a request path names. */
  private static String resourceOf(String[] segments) {
    // /api/v1/namespaces/ns/secrets/name or /apis/group/version/namespaces/ns/kind/name[/status]
    int start = segments.length > 1 && segments[1].equals("api") ? 3 : 4;
    if (segments.length > start + 1 && segments[start].equals("namespaces")) {
      start += 2;
    }
    if (segments.length <= start) {
      return String.join("/", segments);
    }
    var resource = segments[start];
    if (segments.length > start + 2) {
      resource += "/" + segments[start + 2];
    }
    return resource;
  }
}

package io.github.kibanaobjects.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import io.github.kibanaobjects.sim.KibanaSim;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator (its main class's wiring, {@link KibanaObjectsOperator#create}) on the real API
 * server with a kibana-sim: every top-level file in {@code examples/}, applied with kubectl as the
 * examples' README says, becomes Ready, and deleting them removes their objects from Kibana.
 */
class ExamplesOnRealApiServerTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String NAMESPACE = "kibana-demo";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static RealApiServer server;
  private static KubernetesClient client;
  private static KibanaSim sim;
  private static Operator operator;

  @BeforeAll
  static void startOperator() {
    server = RealApiServer.get();
    client = server.client();
    sim = KibanaSim.start();
    // Only the examples' namespace: the other real-API tests' resources have no Kibana behind them.
    var config =
        OperatorConfig.defaults().withHealthPort(-1).withWatchNamespaces(Set.of(NAMESPACE));
    operator = KibanaObjectsOperator.create(client, config);
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void everyExampleBecomesReadyAndDeletingThemEmptiesKibana() throws IOException {
    // connection.yaml points at http://localhost:5601; here the simulator listens elsewhere.
    var connection = Files.createTempFile("connection-", ".yaml");
    var objects = new ArrayList<Path>();
    try {
      Files.writeString(
          connection,
          Files.readString(EXAMPLES.resolve("connection.yaml"))
              .replace("http://localhost:5601", sim.baseUrl()));
      // one kubectl apply, in file order as with -f examples/, so the namespace comes first
      var args = new ArrayList<>(List.of("apply"));
      for (var file : examples()) {
        var given = file.endsWith("connection.yaml") ? connection : file;
        args.addAll(List.of("-f", given.toString()));
        if (!file.endsWith("00-namespace.yaml") && !file.endsWith("connection.yaml")) {
          objects.add(file);
        }
      }
      var applied = server.kubectl(args.toArray(String[]::new));
      assertThat(applied.exitCode()).as(applied.output()).isZero();
    } finally {
      Files.deleteIfExists(connection);
    }

    Awaitility.await("every example Ready")
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertAllReady(KibanaConnection.class, 1);
              assertAllReady(KibanaVisualization.class, 3);
              assertAllReady(KibanaRole.class, 3);
            });
    var visualizations = client.resources(KibanaVisualization.class).inNamespace(NAMESPACE).list();
    var roles = client.resources(KibanaRole.class).inNamespace(NAMESPACE).list();
    for (var vis : visualizations.getItems()) {
      var status = vis.getStatus();
      assertThat(sim.savedObject(status.getSpace(), "visualization", status.getId())).isPresent();
    }
    for (var role : roles.getItems()) {
      assertThat(sim.role(role.getStatus().getName())).isPresent();
    }

    var args = new ArrayList<>(List.of("delete", "--timeout=60s"));
    objects.forEach(f -> args.addAll(List.of("-f", f.toString())));
    var deleted = server.kubectl(args.toArray(String[]::new));
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();

    for (var vis : visualizations.getItems()) {
      var status = vis.getStatus();
      assertThat(sim.savedObject(status.getSpace(), "visualization", status.getId()))
          .as("visualization %s after kubectl delete", status.getId())
          .isEmpty();
    }
    for (var role : roles.getItems()) {
      assertThat(sim.role(role.getStatus().getName()))
          .as("role %s after kubectl delete", role.getStatus().getName())
          .isEmpty();
    }
  }

  private static <R extends CustomResource<?, ? extends ResourceStatus>> void assertAllReady(
      Class<R> kind, int expected) {
    var items = client.resources(kind).inNamespace(NAMESPACE).list().getItems();
    assertThat(items).as(kind.getSimpleName()).hasSize(expected);
    for (var item : items) {
      assertThat(Conditions.isReady(item.getStatus()))
          .as("%s %s: %s", kind.getSimpleName(), name(item), item.getStatus())
          .isTrue();
    }
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }

  /** The top-level example files, in the order kubectl apply -f examples/ takes them. */
  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}

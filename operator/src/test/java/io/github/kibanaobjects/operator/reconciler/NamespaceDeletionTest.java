package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionSecrets;
import io.github.kibanaobjects.operator.testing.NamespaceController;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing is left in Kibana when its resources go while no operator runs: a namespace deleted with
 * everything in it at once (the real namespace controller), and a create that the operator died in
 * the middle of. Only this class's namespaces are watched: the API server is shared with other test
 * classes.
 */
class NamespaceDeletionTest {
  static final String DELETED_NAMESPACE = "namespace-deletion";
  static final String INTERRUPTED_NAMESPACE = "interrupted-create";
  static final String IMPORT = "POST /api/saved_objects/_import";

  static KubernetesClient client;
  static OperatorHarness harness;
  static NamespaceController namespaces;

  @BeforeAll
  static void start() {
    var server = RealApiServer.get();
    client = server.client();
    for (var name : List.of(DELETED_NAMESPACE, INTERRUPTED_NAMESPACE)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(Duration.ofMinutes(10))
            .withSecretPollPeriod(OperatorHarness.SECRET_POLL)
            .withWatchNamespaces(Set.of(DELETED_NAMESPACE, INTERRUPTED_NAMESPACE));
    // the operator on a client of its own, so that a test can crash it
    var operatorClient =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    harness = OperatorHarness.start(client, operatorClient, config, SimConfig.defaults());
    namespaces = NamespaceController.start(server);
  }

  @AfterAll
  static void stop() {
    namespaces.close();
    harness.close();
  }

  @Test
  void aNamespaceDeletedWhileTheOperatorIsDownLeavesNothingInKibana() {
    var ns = DELETED_NAMESPACE;
    var connection = harness.readySuperuserConnection(ns);
    var charts =
        IntStream.rangeClosed(1, 3)
            .mapToObj(
                i -> harness.awaitReady(harness.create(visualization(ns, "chart-" + i, "kibana"))))
            .toList();
    charts.forEach(c -> assertThat(inKibana(c)).isTrue());
    assertThat(secret(ns).getMetadata().getFinalizers()).contains(ConnectionSecrets.FINALIZER);

    harness.stopOperator();
    try {
      client.namespaces().withName(ns).delete();
      // the namespace controller has deleted everything it can: what is left waits for finalizers
      Awaitility.await()
          .atMost(OperatorHarness.WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  charts.stream().allMatch(this::beingDeleted)
                      && beingDeleted(connection)
                      && (secret(ns) == null
                          || secret(ns).getMetadata().getDeletionTimestamp() != null));
    } finally {
      harness.startOperator();
    }

    namespaces.awaitGone(client, ns, () -> remaining(ns));
    charts.forEach(c -> assertThat(inKibana(c)).as("left in Kibana: %s", name(c)).isFalse());
  }

  @Test
  void aCreateTheOperatorDiedInTheMiddleOfIsDeletedWithItsResource() {
    var ns = INTERRUPTED_NAMESPACE;
    harness.readySuperuserConnection(ns);
    KibanaVisualization chart;
    try (var hold = harness.sim().faults().hold(IMPORT)) {
      chart = harness.create(visualization(ns, "half-made", "kibana"));
      hold.awaitArrived(1);
      // the create is recorded before Kibana is written to
      assertThat(harness.get(chart).getStatus().getCreating())
          .isEqualTo("default/visualization/half-made");

      // Kibana creates it, but the operator that asked never hears back
      harness.crashOperator();
      hold.release();
      var created = chart;
      Awaitility.await().atMost(OperatorHarness.WAIT).until(() -> inKibana(created));
    }
    harness.delete(chart);
    harness.startNewOperator();

    harness.awaitGone(chart);
    assertThat(inKibana(chart)).as("left in Kibana").isFalse();
    assertThat(harness.events(ns))
        .anySatisfy(
            e -> assertThat(e.getMessage()).contains("deleted visualization \"half-made\""));
  }

  private static boolean inKibana(KibanaVisualization chart) {
    return harness.sim().savedObject("default", "visualization", name(chart)).isPresent();
  }

  private static String name(KibanaVisualization chart) {
    return chart.getMetadata().getName();
  }

  private boolean beingDeleted(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    var current = client.resource(resource).get();
    return current != null && current.getMetadata().getDeletionTimestamp() != null;
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String ns) {
    return client.secrets().inNamespace(ns).withName("kibana-credentials").get();
  }

  private static String remaining(String ns) {
    var left =
        client.resources(KibanaVisualization.class).inNamespace(ns).list().getItems().stream()
            .map(
                v ->
                    "KibanaVisualization %s (%s)"
                        .formatted(
                            v.getMetadata().getName(), OperatorHarness.ready(v).getMessage()))
            .toList();
    var connections =
        client.resources(KibanaConnection.class).inNamespace(ns).list().getItems().stream()
            .map(c -> "KibanaConnection " + c.getMetadata().getName())
            .toList();
    var secret = secret(ns);
    return left
        + " "
        + connections
        + (secret == null ? "" : " Secret " + secret.getMetadata().getFinalizers());
  }
}

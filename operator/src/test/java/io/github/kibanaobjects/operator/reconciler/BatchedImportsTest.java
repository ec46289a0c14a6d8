package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.json;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.SavedObjectPanelRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.kibana.ImportBatching;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upserts coalesced into one {@code _import} per space. A batch here is closed by its size (four
 * objects), never by its wait (ten seconds), so what shares an import does not depend on timing;
 * Kibana (the simulator) refuses imports of more than four objects or 24,000 bytes.
 */
@EnableKubernetesMockClient(crud = true)
class BatchedImportsTest {
  static final String IMPORT = "/api/saved_objects/_import";
  static final int BATCH = 4;

  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(Duration.ofMinutes(10))
            .withImportBatching(
                new ImportBatching(
                    BATCH,
                    ImportBatching.DEFAULT_MAX_BYTES,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10)));
    // the operator on a client of its own, so that a test can crash it
    var operatorClient =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    harness =
        OperatorHarness.start(
            client, operatorClient, config, SimConfig.defaults().withImportLimits(BATCH, 24_000));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("batch");
    harness.readySuperuserConnection(ns);
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static long imports() {
    return harness.sim().counters().count("POST", IMPORT);
  }

  List<KibanaVisualization> charts(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> harness.create(visualization(ns, prefix + "-" + i, "kibana")))
        .toList();
  }

  static boolean inKibana(String type, String id) {
    return harness.sim().savedObject("default", type, id).isPresent();
  }

  @Test
  void oneObjectKibanaRefusesFailsAloneAndItsBatchMatesAreReady() {
    var before = imports();
    var charts = charts("mate", BATCH - 1);
    // Kibana checks references to saved searches on import: this one does not exist
    var missing = new DashboardPanel();
    missing.setSavedObject(new SavedObjectPanelRef("search", "no-such-search"));
    missing.setX(0);
    missing.setY(0);
    var dashboard = new KibanaDashboard();
    dashboard.getMetadata().setName("broken");
    dashboard.getMetadata().setNamespace(ns);
    var spec = new KibanaDashboardSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setTitle("Broken");
    spec.setPanels(List.of(missing));
    dashboard.setSpec(spec);
    harness.create(dashboard);

    var refused = harness.awaitReason(dashboard, "KibanaError");
    charts.forEach(harness::awaitReady);

    assertThat(imports() - before).as("imports for the four objects").isEqualTo(1);
    assertThat(ready(refused).getMessage())
        .contains("missing_references")
        .contains("search/no-such-search");
    assertThat(inKibana("dashboard", "broken")).isFalse();
    charts.forEach(c -> assertThat(inKibana("visualization", c.getMetadata().getName())).isTrue());
  }

  @Test
  void aBatchOverKibanasPayloadLimitIsSplitAndEveryObjectWritten() {
    var before = imports();
    // four charts of about 8 KB each: together over the 24,000 bytes Kibana takes in one import
    var charts =
        IntStream.range(0, BATCH)
            .mapToObj(
                i -> {
                  var chart = visualization(ns, "large-" + i, "kibana");
                  chart
                      .getSpec()
                      .setVegaLite(
                          json(
                              "{\"mark\":\"bar\",\"data\":{\"values\":[{\"a\":1,\"note\":\""
                                  + "x".repeat(8_000)
                                  + "\"}]},\"encoding\":{\"x\":{\"field\":\"a\"}}}"));
                  return harness.create(chart);
                })
            .toList();

    charts.forEach(harness::awaitReady);

    assertThat(imports() - before).as("one refused import, then its halves").isGreaterThan(2);
    charts.forEach(c -> assertThat(inKibana("visualization", c.getMetadata().getName())).isTrue());
  }

  @Test
  void anOutageWhileABatchIsInFlightFailsEveryMemberUntilKibanaIsBack() {
    try (var hold = harness.sim().faults().hold("POST " + IMPORT)) {
      var charts = charts("outage", BATCH);
      hold.awaitArrived(1);
      harness.sim().faults().errors("POST " + IMPORT, 1.0, 503);
      hold.release();

      charts.forEach(c -> harness.awaitReason(c, "KibanaUnreachable"));
      charts.forEach(
          c -> assertThat(inKibana("visualization", c.getMetadata().getName())).isFalse());

      harness.sim().faults().clear();
      charts.forEach(harness::awaitReady);
      charts.forEach(
          c -> assertThat(inKibana("visualization", c.getMetadata().getName())).isTrue());
    }
  }

  @Test
  void anOperatorThatDiesWithABatchInFlightIsSucceededByOneThatRecognisesTheWrites() {
    try (var hold = harness.sim().faults().hold("POST " + IMPORT)) {
      var charts = charts("restart", BATCH);
      hold.awaitArrived(1);

      // Kibana writes the batch, but the operator that sent it never hears back
      harness.crashOperator();
      hold.release();
      charts.forEach(
          c ->
              org.awaitility.Awaitility.await()
                  .atMost(OperatorHarness.WAIT)
                  .until(() -> inKibana("visualization", c.getMetadata().getName())));
      harness.startNewOperator();

      for (var chart : charts) {
        var done = harness.awaitReady(chart);
        assertThat(ready(done).getReason()).isNotEqualTo("Conflict");
        assertThat(harness.events(chart)).extracting(e -> e.getReason()).doesNotContain("Conflict");
      }
    }
  }
}

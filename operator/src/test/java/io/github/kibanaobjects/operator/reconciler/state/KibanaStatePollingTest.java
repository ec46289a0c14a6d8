package io.github.kibanaobjects.operator.reconciler.state;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kibana read back by polling: the connection polls every second, while the charts resync only
 * every hour, so whatever is put back here was found by a poll. Reads are one {@code _export} per
 * space and type, never a read per object.
 */
@EnableKubernetesMockClient(crud = true)
class KibanaStatePollingTest {
  static final String EXPORT = "/api/saved_objects/_export";
  static final String BULK_GET = "/api/saved_objects/_bulk_get";

  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("polled");
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var connection = harness.basicConnection(ns, "kibana", "kibana-credentials");
    connection.getSpec().setPollInterval("1s");
    harness.awaitReady(harness.create(connection));
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  private KibanaVisualization chart(String name) {
    var vis = visualization(ns, name, "kibana");
    vis.getSpec().setResyncPeriod("1h");
    return harness.awaitReady(harness.create(vis));
  }

  @Test
  void anObjectEditedInKibanaBetweenTwoPollsIsRestoredAfterTheNextPoll() {
    var edited = chart("edited");
    var deleted = chart("deleted");
    var untouched = chart("untouched");
    harness.awaitMoreRequests("POST", EXPORT, 1);

    assertThat(
            harness
                .kibana(
                    "PUT",
                    "/api/saved_objects/visualization/edited",
                    "{\"attributes\":{\"title\":\"Edited by hand\"}}")
                .status())
        .isEqualTo(200);
    assertThat(harness.kibana("DELETE", "/api/saved_objects/visualization/deleted", null).status())
        .isEqualTo(200);

    assertThat(harness.awaitEvent(edited, "DriftCorrected").getMessage())
        .contains("attributes.title");
    assertThat(harness.awaitEvent(deleted, "DriftCorrected").getMessage())
        .contains("missing in Kibana");
    assertThat(
            harness
                .sim()
                .savedObject("default", "visualization", "edited")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("Chart edited");
    assertThat(harness.sim().savedObject("default", "visualization", "deleted")).isPresent();
    assertThat(harness.events(untouched)).extracting(Event::getReason).containsExactly("Created");
    assertThat(harness.sim().counters().count("POST", BULK_GET)).isZero();
  }

  @Test
  void theOperatorsOwnWritesAreInTheCacheSoPollsWakeNobody() {
    var charts = java.util.stream.IntStream.range(0, 4).mapToObj(i -> chart("quiet-" + i)).toList();
    var changed = harness.edit(charts.get(0), v -> v.getSpec().setTitle("Renamed"));
    harness.awaitEvent(changed, "Updated");
    var writes = harness.kibanaWrites();
    var versions =
        charts.stream().map(c -> harness.get(c).getMetadata().getResourceVersion()).toList();

    // three more polls, each one export of the type in the space
    harness.awaitMoreRequests("POST", EXPORT, 3);

    assertThat(harness.kibanaWrites()).as("writes after the polls").isEqualTo(writes);
    assertThat(charts.stream().map(c -> harness.get(c).getMetadata().getResourceVersion()).toList())
        .as("no status written")
        .isEqualTo(versions);
    for (var chart : charts.subList(1, charts.size())) {
      assertThat(harness.events(chart)).extracting(Event::getReason).containsExactly("Created");
    }
    assertThat(harness.events(changed))
        .extracting(Event::getReason)
        .containsExactly("Created", "Updated");
    assertThat(harness.sim().counters().count("POST", BULK_GET)).isZero();
  }
}

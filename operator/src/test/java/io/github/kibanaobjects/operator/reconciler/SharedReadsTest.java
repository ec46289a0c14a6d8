package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resyncs sharing reads: the operator runs with no minimum age for shared reads, so resources
 * resynced every second share them (in production only periods of a minute or more do).
 */
@EnableKubernetesMockClient(crud = true)
class SharedReadsTest {
  static final String BULK_GET = "/api/saved_objects/_bulk_get";
  static final String ROLE = "/api/security/role/{name}";
  static final String ROLES = "/api/security/role";

  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(Duration.ofMinutes(10))
            .withSharedReadMinAge(Duration.ZERO);
    harness = OperatorHarness.start(client, client, config, SimConfig.defaults());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("shared");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static KibanaSim sim() {
    return harness.sim();
  }

  static long bulkGets() {
    return sim().counters().count("POST", BULK_GET);
  }

  static long objectsRead() {
    return sim().counters().items("POST", BULK_GET);
  }

  @Test
  void resyncsOfManyChartsReadTheirObjectsTogetherAndWriteNothing() {
    harness.readySuperuserConnection(ns);
    var charts =
        IntStream.range(0, 8)
            .mapToObj(i -> visualization(ns, "many-" + i, "kibana"))
            .peek(v -> v.getSpec().setResyncPeriod("1s"))
            .map(harness::create)
            .toList();
    charts.forEach(harness::awaitReady);
    var writes = harness.kibanaWrites();
    // warm-up: each chart's first resync reads its own object and joins the shared reads
    var warmUp = objectsRead();
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> objectsRead() >= warmUp + 2L * charts.size());
    var requests = bulkGets();
    var objects = objectsRead();

    // every chart's object read three more times, one way or the other
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> objectsRead() >= objects + 3L * charts.size());

    var perRequest = (objectsRead() - objects) / (double) (bulkGets() - requests);
    assertThat(perRequest).as("objects read per _bulk_get").isGreaterThanOrEqualTo(2.0);
    assertThat(harness.kibanaWrites()).isEqualTo(writes);
    for (var chart : charts) {
      assertThat(harness.events(chart)).extracting(e -> e.getReason()).containsExactly("Created");
    }
  }

  @Test
  void driftSeenThroughASharedReadIsPutBackAndOnlyThere() {
    harness.readySuperuserConnection(ns);
    var edited = visualization(ns, "edited", "kibana");
    edited.getSpec().setResyncPeriod("1s");
    var untouched = visualization(ns, "untouched", "kibana");
    untouched.getSpec().setResyncPeriod("1s");
    edited = harness.awaitReady(harness.create(edited));
    untouched = harness.awaitReady(harness.create(untouched));
    // wait for a shared read: one _bulk_get that asked for both
    var objects = objectsRead();
    var requests = bulkGets();
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> objectsRead() - objects > bulkGets() - requests);

    var edit =
        harness.kibana(
            "PUT",
            "/api/saved_objects/visualization/edited",
            "{\"attributes\":{\"title\":\"Edited by hand\"}}");
    assertThat(edit.status()).isEqualTo(200);
    assertThat(
            harness.kibana("DELETE", "/api/saved_objects/visualization/untouched", null).status())
        .isEqualTo(200);

    assertThat(harness.awaitEvent(edited, "DriftCorrected").getMessage())
        .contains("attributes.title");
    assertThat(harness.awaitEvent(untouched, "DriftCorrected").getMessage())
        .contains("missing in Kibana");
    assertThat(
            sim()
                .savedObject("default", "visualization", "edited")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("Chart edited");
    assertThat(sim().savedObject("default", "visualization", "untouched")).isPresent();
  }

  @Test
  void rolesAreCheckedAgainstOneSharedListAndDriftIsStillPutBack() {
    harness.readySuperuserConnection(ns);
    var first = role(ns, "shared-a", "kibana", "analytics");
    first.getSpec().setResyncPeriod("1s");
    var second = role(ns, "shared-b", "kibana", "analytics");
    second.getSpec().setResyncPeriod("1s");
    first = harness.awaitReady(harness.create(first));
    second = harness.awaitReady(harness.create(second));
    var writes = harness.kibanaWrites();
    // after the first shared list, each role's resync reads no role of its own
    harness.awaitMoreRequests("GET", ROLES, 1);
    var ownReads = sim().counters().count("GET", ROLE);

    harness.awaitMoreRequests("GET", ROLES, 4);

    assertThat(sim().counters().count("GET", ROLE)).isEqualTo(ownReads);
    assertThat(harness.kibanaWrites()).isEqualTo(writes);

    var edit =
        harness.kibana(
            "PUT",
            "/api/security/role/shared-a",
            "{\"elasticsearch\":{},\"kibana\":[{\"spaces\":[\"*\"],\"base\":[\"all\"]}]}");
    assertThat(edit.status()).isEqualTo(204);
    assertThat(harness.awaitEvent(first, "DriftCorrected").getMessage())
        .contains("changed in Kibana");
    assertThat(Conditions.isReady(harness.get(second).getStatus())).isTrue();
    assertThat(harness.events(second)).extracting(e -> e.getReason()).containsExactly("Created");
  }
}

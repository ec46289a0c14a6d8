package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serverless Kibana: saved-object reads go through _export, and nothing can be deleted. */
@EnableKubernetesMockClient(crud = true)
class ServerlessKibanaTest {
  static final String EXPORT = "/api/saved_objects/_export";

  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    harness =
        OperatorHarness.start(
            client,
            Duration.ofMinutes(10),
            SimConfig.defaults().withKibanaVersion("9.1.3").withServerless(true));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("serverless");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  @Test
  void publishesResyncsWithoutWritesAndCorrectsDrift() {
    var connection = harness.readySuperuserConnection(ns);
    assertThat(ready(connection).getMessage()).contains("9.1.3 (serverless)");
    var vis = visualization(ns, "cloud-chart", "kibana");
    vis.getSpec().setResyncPeriod("1s");
    vis = harness.awaitReady(harness.create(vis));
    assertThat(harness.sim().savedObject("default", "visualization", "cloud-chart")).isPresent();
    var writes = harness.kibanaWrites();

    harness.awaitMoreRequests("POST", EXPORT, 2);

    assertThat(harness.kibanaWrites()).isEqualTo(writes);
    assertThat(harness.get(vis).getMetadata().getResourceVersion())
        .isEqualTo(vis.getMetadata().getResourceVersion());
    assertThat(harness.sim().counters().count("POST", "/api/saved_objects/_bulk_get")).isZero();
  }

  @Test
  void deletionCannotRemoveTheObjectAndSaysToOrphanIt() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "undeletable", "kibana")));

    harness.delete(vis);

    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              var current = harness.get(vis);
              return current != null
                  && current.getStatus() != null
                  && "KibanaError".equals(ready(current).getReason());
            });
    assertThat(ready(harness.get(vis)).getMessage()).contains("serverless").contains("Orphan");
    assertThat(Conditions.isReady(harness.get(vis).getStatus())).isFalse();

    harness.edit(vis, v -> v.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));

    harness.awaitGone(vis);
    assertThat(harness.sim().savedObject("default", "visualization", "undeletable")).isPresent();
  }

  @Test
  void aSpaceWithASolutionIsCreatedWithoutItAndStaysInSync() {
    harness.readySuperuserConnection(ns);
    var space = new KibanaSpace();
    space.getMetadata().setName("cloud-team");
    space.getMetadata().setNamespace(ns);
    var spec = new KibanaSpaceSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setName("Cloud team");
    spec.setSolution("oblt");
    spec.setResyncPeriod("1s");
    space.setSpec(spec);

    harness.awaitReady(harness.create(space));

    var stored = harness.kibana("GET", "/api/spaces/space/cloud-team", null).json();
    assertThat(stored.has("solution")).isFalse();
    var writes = harness.kibanaWrites();
    harness.awaitMoreRequests("GET", "/api/spaces/space/{id}", 2);
    assertThat(harness.kibanaWrites()).as("no perpetual diff over the solution").isEqualTo(writes);
  }
}

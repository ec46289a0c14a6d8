package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two teams publish through one shared connection and name the same chart: the oldest resource
 * manages it, the other is a Conflict naming it (adopt or not), never writes or deletes it, and
 * takes over once the owner is gone.
 */
@EnableKubernetesMockClient(crud = true)
class ExclusiveOwnershipTest {
  static final String IMPORT = "/api/saved_objects/_import";
  static final String DELETE = "/api/saved_objects/{type}/{id}";
  static KubernetesClient client;
  static OperatorHarness harness;
  String platform;
  String teamA;
  String teamB;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /**
   * The first team's namespace also sorts first: created first and first by name, it is the oldest
   * claim whether or not both resources were created within the same second.
   */
  @BeforeEach
  void namespaces() {
    platform = harness.newNamespace("platform");
    teamA = harness.newNamespace("a-team");
    teamB = harness.newNamespace("b-team");
    harness.basicAuthSecret(platform, "kibana-credentials", "elastic", "changeme");
    var shared = harness.basicConnection(platform, "shared", "kibana-credentials");
    shared.getSpec().setAllowedNamespaces(List.of(teamA, teamB));
    harness.awaitReady(harness.create(shared));
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(teamB);
    harness.cleanNamespace(teamA);
    harness.cleanNamespace(platform);
  }

  private KibanaVisualization chart(String namespace, String name, String title, boolean adopt) {
    var vis = visualization(namespace, name, "shared");
    vis.getSpec().setConnectionRef(new ConnectionRef("shared", platform));
    vis.getSpec().setId("sales-" + platform);
    vis.getSpec().setTitle(title);
    vis.getSpec().setAdopt(adopt);
    return vis;
  }

  private String kibanaTitle() {
    return harness
        .sim()
        .savedObject("default", "visualization", "sales-" + platform)
        .map(o -> o.path("attributes").path("title").asText())
        .orElse(null);
  }

  private long count(String method, String route) {
    return harness.sim().counters().count(method, route);
  }

  @Test
  void theOldestClaimManagesTheObjectAndTheOthersNeverWriteOrDeleteItAdoptOrNot() {
    var owner = harness.awaitReady(harness.create(chart(teamA, "sales", "Team A", false)));
    var writes = count("POST", IMPORT);
    var deletes = count("DELETE", DELETE);

    var adopter = harness.create(chart(teamB, "grab", "Team B adopts", true));
    var copier = harness.create(chart(teamB, "copy", "Team B copies", false));
    var conflicts = new ArrayList<KibanaVisualization>();
    conflicts.add(harness.awaitReason(adopter, "Conflict"));
    conflicts.add(harness.awaitReason(copier, "Conflict"));
    // more reconciles of the loser (a spec change each) change nothing either
    harness.edit(adopter, v -> v.getSpec().setTitle("Team B adopts, again"));
    conflicts.add(harness.awaitReason(adopter, "Conflict"));

    for (var conflict : conflicts) {
      assertThat(ready(conflict).getMessage())
          .contains("is managed by KibanaVisualization " + teamA + "/sales")
          .contains("adopt or not");
      assertThat(conflict.getStatus().getId()).isNull();
    }
    assertThat(harness.awaitEvent(adopter, "Conflict").getMessage()).contains(teamA + "/sales");
    assertThat(count("POST", IMPORT)).isEqualTo(writes);
    assertThat(kibanaTitle()).isEqualTo("Team A");
    assertThat(ready(harness.get(owner)).getReason()).isEqualTo("Synced");

    // deleting a loser (deletionPolicy Delete) leaves the owner's object alone
    harness.delete(adopter);
    harness.awaitGone(adopter);
    assertThat(count("DELETE", DELETE)).isEqualTo(deletes);
    assertThat(kibanaTitle()).isEqualTo("Team A");

    // the owner goes (its object with it): the next claimant is woken and takes over
    harness.delete(owner);
    harness.awaitGone(owner);
    var heir = harness.awaitReady(copier);
    assertThat(heir.getStatus().getId()).isEqualTo("sales-" + platform);
    assertThat(kibanaTitle()).isEqualTo("Team B copies");
  }

  @Test
  void aClaimThroughAConnectionTheNamespaceMayNotUseCountsForNothing() {
    var outsider = harness.newNamespace("0-outsider");
    try {
      // older and first by name, but not allowed to use the connection: no claim
      var squatter = harness.create(chart(outsider, "squat", "Squatter", false));
      harness.awaitReason(squatter, "ConnectionNotAllowed");
      var owner = harness.awaitReady(harness.create(chart(teamA, "sales", "Team A", false)));
      assertThat(ready(owner).getReason()).isEqualTo("Synced");
      assertThat(kibanaTitle()).isEqualTo("Team A");
    } finally {
      harness.cleanNamespace(outsider);
    }
  }
}

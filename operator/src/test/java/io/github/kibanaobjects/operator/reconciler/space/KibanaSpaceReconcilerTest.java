package io.github.kibanaobjects.operator.reconciler.space;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** KibanaSpace against the simulator, and the kinds that need a space to exist. */
@EnableKubernetesMockClient(crud = true)
class KibanaSpaceReconcilerTest {
  static final String SPACE = "/api/spaces/space/{id}";

  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("space");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static KibanaSpace space(String namespace, String name, String connection) {
    var space = new KibanaSpace();
    space.getMetadata().setName(name);
    space.getMetadata().setNamespace(namespace);
    var spec = new KibanaSpaceSpec();
    spec.setConnectionRef(new ConnectionRef(connection, null));
    spec.setName("Space " + name);
    space.setSpec(spec);
    return space;
  }

  JsonNode inKibana(String id) {
    var answer = harness.kibana("GET", "/api/spaces/space/" + id, null);
    return answer.status() == 404 ? null : answer.json();
  }

  static List<String> texts(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  @Test
  void aSpaceIsCreatedWithItsFieldsAndLeftInKibanaWhenDeletedByDefault() {
    harness.readySuperuserConnection(ns);
    var space = space(ns, "team-one", "kibana");
    space.getSpec().setDescription("the first team");
    space.getSpec().setColor("#1BA9F5");
    space.getSpec().setInitials("T1");
    space.getSpec().setDisabledFeatures(List.of("dev_tools"));

    var synced = harness.awaitReady(harness.create(space));

    assertThat(synced.getStatus().getId()).isEqualTo("team-one");
    assertThat(synced.getStatus().getUrl())
        .isEqualTo(harness.sim().baseUrl() + "/s/team-one/app/home");
    var stored = inKibana("team-one");
    assertThat(stored.path("name").asText()).isEqualTo("Space team-one");
    assertThat(stored.path("description").asText()).isEqualTo("the first team");
    assertThat(stored.path("color").asText()).isEqualTo("#1BA9F5");
    assertThat(stored.path("initials").asText()).isEqualTo("T1");
    assertThat(texts(stored.path("disabledFeatures"))).containsExactly("dev_tools");

    harness.edit(synced, s -> s.getSpec().setName("Team One"));
    harness.awaitEvent(synced, "Updated");
    assertThat(inKibana("team-one").path("name").asText()).isEqualTo("Team One");

    harness.delete(synced);
    harness.awaitGone(synced);
    assertThat(inKibana("team-one")).as("Orphan is the default for spaces").isNotNull();
    assertThat(harness.events(synced)).extracting(e -> e.getReason()).contains("Orphaned");
  }

  @Test
  void deleteMustBeAskedForAndThenRemovesTheSpace() {
    harness.readySuperuserConnection(ns);
    var space = space(ns, "short-lived", "kibana");
    space.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    space = harness.awaitReady(harness.create(space));

    harness.delete(space);

    harness.awaitGone(space);
    assertThat(inKibana("short-lived")).isNull();
  }

  @Test
  void featuresKibanaAddsForASolutionAreNotDrift() {
    harness.readySuperuserConnection(ns);
    var space = space(ns, "search-team", "kibana");
    space.getSpec().setSolution("es");
    space.getSpec().setDisabledFeatures(List.of("dev_tools"));
    space.getSpec().setResyncPeriod("1s");
    space = harness.awaitReady(harness.create(space));
    var stored = inKibana("search-team");
    assertThat(stored.path("solution").asText()).isEqualTo("es");
    assertThat(texts(stored.path("disabledFeatures"))).contains("dev_tools").hasSizeGreaterThan(1);
    var writes = harness.kibanaWrites();

    harness.awaitMoreRequests("GET", SPACE, 3);

    assertThat(harness.kibanaWrites()).as("no write on resync").isEqualTo(writes);

    // Dropping a feature of its own is a change that is written (Kibana adds back the solution's).
    harness.edit(space, s -> s.getSpec().setDisabledFeatures(List.of()));
    harness.awaitEvent(space, "Updated");
    assertThat(texts(inKibana("search-team").path("disabledFeatures")))
        .doesNotContain("dev_tools")
        .isNotEmpty();
  }

  @Test
  void aChartInAMissingSpaceWaitsForItsKibanaSpaceAndIsPublishedOnceItIsReady() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "waiting-chart", "kibana");
    vis.getSpec().setSpace("late-team");

    var missing = harness.awaitReason(harness.create(vis), "SpaceNotFound");
    assertThat(ready(missing).getStatus()).isEqualTo("False");
    assertThat(ready(missing).getMessage()).contains("space \"late-team\" does not exist");
    assertThat(harness.sim().savedObject("late-team", "visualization", "waiting-chart")).isEmpty();

    // A KibanaSpace for it that cannot be Ready yet (its connection does not exist).
    var space = space(ns, "late-team", "late-connection");
    harness.awaitReason(harness.create(space), "ConnectionNotFound");
    var waiting = harness.awaitReason(vis, "DependencyNotReady");
    assertThat(ready(waiting).getMessage()).contains("KibanaSpace " + ns + "/late-team");

    harness.create(harness.basicConnection(ns, "late-connection", "kibana-credentials"));
    harness.awaitReady(space);
    var published = harness.awaitReady(vis);
    assertThat(published.getStatus().getSpace()).isEqualTo("late-team");
    assertThat(harness.sim().savedObject("late-team", "visualization", "waiting-chart"))
        .isPresent();
  }

  @Test
  void aRoleGrantingAccessToAMissingSpaceIsNeverReady() {
    harness.readySuperuserConnection(ns);

    var refused =
        harness.awaitReason(
            harness.create(role(ns, "ghost-reader", "kibana", "ghost")), "SpaceNotFound");

    assertThat(ready(refused).getMessage()).contains("\"ghost\"");
    assertThat(harness.sim().role("ghost-reader")).isEmpty();
    assertThat(Conditions.isReady(refused.getStatus())).isFalse();
  }

  @Test
  void disabledFeaturesAreRefusedOnServerlessWithKibanasMessage() {
    harness.useProfile(SimProfile.SERVERLESS);
    try {
      harness.readySuperuserConnection(ns);
      var space = space(ns, "hidden-features", "kibana");
      space.getSpec().setDisabledFeatures(List.of("dev_tools"));

      var refused = harness.awaitReason(harness.create(space), "KibanaError");

      assertThat(ready(refused).getMessage()).contains("disabledFeatures");
      assertThat(inKibana("hidden-features")).isNull();
    } finally {
      harness.useDefaultSim();
    }
  }

  /**
   * The compatibility matrix for spaces: created, resynced without writes and deleted on a
   * simulator of each Kibana profile (one operator serves them all).
   */
  @Nested
  @ParameterizedClass
  @EnumSource(SimProfile.class)
  class OnEveryKibanaProfile {
    @Parameter SimProfile profile;

    @BeforeEach
    void useProfile() {
      harness.useProfile(profile);
    }

    @AfterEach
    void useDefault() {
      harness.useDefaultSim();
    }

    @Test
    void aSpaceIsWrittenResyncedWithoutWritesAndDeleted() {
      harness.readySuperuserConnection(ns);
      var space = space(ns, "matrix-space", "kibana");
      space.getSpec().setDescription("on " + profile);
      // serverless refuses disabledFeatures (xpack.spaces.allowFeatureVisibility is false there)
      var disabled = profile == SimProfile.SERVERLESS ? List.<String>of() : List.of("dev_tools");
      space.getSpec().setDisabledFeatures(disabled);
      space.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      space.getSpec().setResyncPeriod("1s");

      space = harness.awaitReady(harness.create(space));

      var stored = inKibana("matrix-space");
      assertThat(stored.path("description").asText()).isEqualTo("on " + profile);
      assertThat(texts(stored.path("disabledFeatures"))).containsExactlyElementsOf(disabled);
      var writes = harness.kibanaWrites();
      harness.awaitMoreRequests("GET", SPACE, 2);
      assertThat(harness.kibanaWrites()).as("no write on resync").isEqualTo(writes);

      harness.delete(space);
      harness.awaitGone(space);
      assertThat(inKibana("matrix-space")).isNull();
    }
  }
}

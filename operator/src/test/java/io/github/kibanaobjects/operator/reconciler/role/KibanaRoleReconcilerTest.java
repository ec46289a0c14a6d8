package io.github.kibanaobjects.operator.reconciler.role;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges;
import io.github.kibanaobjects.operator.api.v1alpha1.FieldSecurity;
import io.github.kibanaobjects.operator.api.v1alpha1.IndexPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@EnableKubernetesMockClient(crud = true)
class KibanaRoleReconcilerTest {
  static final String ROLE = "/api/security/role/{name}";

  static KubernetesClient client;
  static KubernetesMockServer server;
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
    ns = harness.newNamespace("role");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static KibanaSim sim() {
    return harness.sim();
  }

  static JsonNode stored(String name) {
    return sim().role(name).orElseThrow();
  }

  static List<String> visualizePrivileges(String name) {
    return textValues(
        stored(name).path("kibana").get(0).path("feature").path(harness.visualizeFeature()));
  }

  /** A role with the Visualize feature id of the current simulator's Kibana. */
  static KibanaRole profileRole(String namespace, String name, String connection, String space) {
    var role = role(namespace, name, connection, space);
    role.getSpec()
        .setKibana(
            List.of(
                new KibanaPrivilege(
                    List.of(space), null, Map.of(harness.visualizeFeature(), List.of("all")))));
    return role;
  }

  static List<String> textValues(JsonNode array) {
    var values = new java.util.ArrayList<String>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  static KibanaRole fastResync(KibanaRole role) {
    role.getSpec().setResyncPeriod("1s");
    return role;
  }

  @Test
  void aCreateWhoseStatusWasNeverWrittenIsRecognisedAsItsOwnAndNotWrittenAgain() {
    harness.readySuperuserConnection(ns);
    var puts = sim().counters().count("PUT", ROLE);
    KibanaRole role;
    try (var writing = sim().faults().hold("PUT " + ROLE)) {
      role = harness.create(OperatorHarness.role(ns, "interrupted-role", "kibana", "analytics"));

      // As if the operator stopped between the write and its status: that status write fails.
      writing.awaitArrived(1);
      OperatorHarness.failNextStatusWrite(server, "kibanaroles", ns, "interrupted-role");
    }

    var after = harness.awaitReady(role);
    assertThat(after.getStatus().getName()).isEqualTo("interrupted-role");
    assertThat(after.getStatus().getCreating()).isNull();
    // createOnly would have refused a second create: there was exactly one write
    assertThat(sim().counters().count("PUT", ROLE)).isEqualTo(puts + 1);
    assertThat(harness.events(role))
        .extracting(e -> e.getReason())
        .containsExactlyInAnyOrder("Created", "InternalError");
  }

  @Test
  void createsTheRoleInKibanaWithACreatedEvent() {
    harness.readySuperuserConnection(ns);
    var role = harness.awaitReady(harness.create(role(ns, "publisher-a", "kibana", "analytics")));

    assertThat(ready(role).getReason()).isEqualTo("Synced");
    assertThat(role.getStatus().getName()).isEqualTo("publisher-a");
    assertThat(role.getStatus().getLastAppliedHash()).matches("[0-9a-f]{64}");
    var stored = stored("publisher-a");
    assertThat(stored.path("description").asText()).isEqualTo("Publishes Vega visualizations");
    assertThat(textValues(stored.path("kibana").get(0).path("spaces")))
        .containsExactly("analytics");
    assertThat(visualizePrivileges("publisher-a")).containsExactly("all");
    assertThat(harness.awaitEvent(role, "Created").getMessage()).contains("role \"publisher-a\"");
  }

  @Test
  void roleNameWithSpacesAndPunctuationIsManaged() {
    harness.readySuperuserConnection(ns);
    var role = role(ns, "team-a-publishers", "kibana", "analytics");
    role.getSpec().setName("Team A: publishers (vega)");

    var ready = harness.awaitReady(harness.create(role));

    assertThat(ready.getStatus().getName()).isEqualTo("Team A: publishers (vega)");
    assertThat(visualizePrivileges("Team A: publishers (vega)")).containsExactly("all");
    harness.delete(ready);
    harness.awaitGone(ready);
    assertThat(sim().role("Team A: publishers (vega)")).isEmpty();
  }

  @Test
  void specChangeIsOnePutAndAnUpdatedEvent() {
    harness.readySuperuserConnection(ns);
    var role = harness.awaitReady(harness.create(role(ns, "publisher-b", "kibana", "analytics")));
    var puts = sim().counters().count("PUT", ROLE);

    harness.edit(
        role,
        r -> {
          var es = new ElasticsearchPrivileges();
          es.setCluster(List.of("monitor"));
          r.getSpec().setElasticsearch(es);
        });

    harness.await(
        role,
        r ->
            Conditions.isReady(r.getStatus())
                && !r.getStatus()
                    .getLastAppliedHash()
                    .equals(role.getStatus().getLastAppliedHash()));
    assertThat(textValues(stored("publisher-b").path("elasticsearch").path("cluster")))
        .containsExactly("monitor");
    assertThat(sim().counters().count("PUT", ROLE)).isEqualTo(puts + 1);
    assertThat(harness.awaitEvent(role, "Updated").getMessage()).contains("elasticsearch");
  }

  @Test
  void roleChangedInKibanaIsPutBack() {
    harness.readySuperuserConnection(ns);
    var role =
        harness.awaitReady(
            harness.create(fastResync(role(ns, "publisher-d", "kibana", "analytics"))));

    var edit =
        harness.kibana(
            "PUT",
            "/api/security/role/publisher-d",
            "{\"elasticsearch\":{},\"kibana\":[{\"spaces\":[\"*\"],\"base\":[\"all\"]}]}");
    assertThat(edit.status()).isEqualTo(204);

    assertThat(harness.awaitEvent(role, "DriftCorrected").getMessage())
        .contains("changed in Kibana");
    assertThat(textValues(stored("publisher-d").path("kibana").get(0).path("spaces")))
        .containsExactly("analytics");
    assertThat(visualizePrivileges("publisher-d")).containsExactly("all");
  }

  @Test
  void roleDeletedInKibanaIsCreatedAgain() {
    harness.readySuperuserConnection(ns);
    var role =
        harness.awaitReady(
            harness.create(fastResync(role(ns, "publisher-j", "kibana", "analytics"))));

    assertThat(harness.kibana("DELETE", "/api/security/role/publisher-j", null).status())
        .isEqualTo(204);

    assertThat(harness.awaitEvent(role, "DriftCorrected").getMessage())
        .contains("missing in Kibana");
    assertThat(visualizePrivileges("publisher-j")).containsExactly("all");
  }

  @Test
  void deletingTheResourceDeletesTheRole() {
    harness.readySuperuserConnection(ns);
    var role = harness.awaitReady(harness.create(role(ns, "publisher-e", "kibana", "analytics")));

    harness.delete(role);

    harness.awaitGone(role);
    assertThat(sim().role("publisher-e")).isEmpty();
    harness.awaitEvent(role, "Deleted");
  }

  @Test
  void orphanPolicyLeavesTheRole() {
    harness.readySuperuserConnection(ns);
    var role = role(ns, "publisher-f", "kibana", "analytics");
    role.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    role = harness.awaitReady(harness.create(role));

    harness.delete(role);

    harness.awaitGone(role);
    assertThat(sim().role("publisher-f")).isPresent();
  }

  @Test
  void existingRoleIsAConflictUntilAdopted() {
    harness.readySuperuserConnection(ns);
    assertThat(
            harness
                .kibana(
                    "PUT",
                    "/api/security/role/theirs",
                    "{\"elasticsearch\":{\"cluster\":[\"monitor\"]},\"kibana\":[]}")
                .status())
        .isEqualTo(204);

    var role = harness.create(role(ns, "theirs", "kibana", "analytics"));
    var conflict = harness.awaitReason(role, "Conflict");
    assertThat(ready(conflict).getMessage()).contains("adopt");
    assertThat(textValues(stored("theirs").path("elasticsearch").path("cluster")))
        .containsExactly("monitor");

    harness.edit(role, r -> r.getSpec().setAdopt(true));

    harness.awaitReady(role);
    assertThat(visualizePrivileges("theirs")).containsExactly("all");
    assertThat(stored("theirs").path("elasticsearch").path("cluster")).isEmpty();
    harness.awaitEvent(role, "Adopted");
  }

  @Test
  void reservedRoleIsNeverAdopted() {
    harness.readySuperuserConnection(ns);
    var before = stored("superuser");
    var role = role(ns, "take-superuser", "kibana", "analytics");
    role.getSpec().setName("superuser");
    role.getSpec().setAdopt(true);

    // refused before any request: the name is reserved whatever Kibana answers
    var refused = harness.awaitReason(harness.create(role), "InvalidSpec");

    assertThat(ready(refused).getMessage()).contains("superuser").contains("reserved");
    assertThat(stored("superuser")).isEqualTo(before);
    // never written, so deleting the resource must leave the reserved role alone
    harness.delete(refused);
    harness.awaitGone(refused);
    assertThat(sim().role("superuser")).isPresent();
  }

  @Test
  void connectionMustAllowThisNamespaceToManageRoles() {
    var platform = harness.newNamespace("platform");
    var connection = harness.readySuperuserConnection(platform);
    harness.edit(connection, c -> c.getSpec().setAllowedNamespaces(List.of("*")));
    var role = role(ns, "publisher-g", "kibana", "analytics");
    role.getSpec().setConnectionRef(new ConnectionRef("kibana", platform));

    var refused = harness.awaitReason(harness.create(role), "ConnectionNotAllowed");
    assertThat(ready(refused).getMessage()).contains(ns).contains("spec.allowedRoleNamespaces");
    assertThat(sim().role("publisher-g")).isEmpty();

    harness.edit(connection, c -> c.getSpec().setAllowedRoleNamespaces(List.of(ns)));

    harness.awaitReady(role);
    assertThat(sim().role("publisher-g")).isPresent();
    // the connection waits for the role that uses it, so the role's namespace is cleaned first
    harness.cleanNamespace(ns);
    harness.cleanNamespace(platform);
  }

  @Test
  void credentialsWithoutManageSecurityAreForbiddenNamingThePrivilege() {
    sim().addUser("space-admin", "space-admin-password", "kibana_admin");
    harness.basicAuthSecret(ns, "admin-credentials", "space-admin", "space-admin-password");
    harness.awaitReady(harness.create(harness.basicConnection(ns, "kibana", "admin-credentials")));

    var failed =
        harness.awaitReason(
            harness.create(role(ns, "publisher-h", "kibana", "analytics")), "Forbidden");

    assertThat(ready(failed).getMessage()).contains("manage_security");
    assertThat(sim().role("publisher-h")).isEmpty();
  }

  @Test
  void baseAndFeatureInOneEntryIsInvalidSpec() {
    harness.readySuperuserConnection(ns);
    var role = role(ns, "publisher-i", "kibana", "analytics");
    role.getSpec()
        .setKibana(
            List.of(
                new KibanaPrivilege(
                    List.of("analytics"), List.of("read"), Map.of("visualize", List.of("all")))));

    var failed = harness.awaitReason(harness.create(role), "InvalidSpec");

    assertThat(ready(failed).getMessage()).contains("kibana[0]");
    assertThat(sim().role("publisher-i")).isEmpty();
  }

  /**
   * The compatibility matrix for roles: the tests whose Kibana answers differ by version run
   * against a simulator of each profile (one operator serves them all).
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
    void resyncsOfAnUnchangedRoleWriteNothingThoughKibanaAddsFields() {
      harness.readySuperuserConnection(ns);
      // the role grants read in marketing too: a space it names must exist
      harness.ensureSpace("marketing");
      var role = fastResync(profileRole(ns, "publisher-c", "kibana", "analytics"));
      role.getSpec().setMetadata(OperatorHarness.json("{\"team\":\"data-science\"}"));
      var index =
          new IndexPrivilege(List.of("cars*", "trucks*"), List.of("view_index_metadata", "read"));
      index.setFieldSecurity(new FieldSecurity(List.of("*"), List.of("secret_field")));
      index.setQuery("{\"term\": {\"public\": true}}");
      var es = new ElasticsearchPrivileges();
      es.setCluster(List.of("monitor"));
      es.setIndices(List.of(index));
      es.setRunAs(List.of());
      role.getSpec().setElasticsearch(es);
      role.getSpec()
          .setKibana(
              List.of(
                  new KibanaPrivilege(
                      List.of("analytics", "default"),
                      null,
                      Map.of("visualize", List.of("all"), "dashboard", List.of("read"))),
                  new KibanaPrivilege(List.of("marketing"), List.of("read"), null)));
      role = harness.awaitReady(harness.create(role));
      // what Kibana answers has more than what was sent
      assertThat(stored("publisher-c").has("transient_metadata")).isTrue();
      var writes = harness.kibanaWrites();

      harness.awaitMoreRequests("GET", "/api/security/role", 3);

      assertThat(harness.kibanaWrites()).isEqualTo(writes);
      assertThat(harness.get(role).getMetadata().getResourceVersion())
          .isEqualTo(role.getMetadata().getResourceVersion());
      // written with the v1 ids on purpose: 8.18+ answers the v2 form, still no write, one advice
      var expected =
          profile == SimProfile.KIBANA_8_11
              ? List.of("Created")
              : List.of("Created", KibanaRoleReconciler.DEPRECATED_PRIVILEGES);
      assertThat(harness.events(role))
          .extracting(e -> e.getReason())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}

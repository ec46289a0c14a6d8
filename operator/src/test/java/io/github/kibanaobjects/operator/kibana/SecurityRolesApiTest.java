package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.sim.KibanaSim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kibana roles on the simulator. */
class SecurityRolesApiTest {
  private static KibanaSim sim;

  @BeforeAll
  static void startSim() {
    sim = KibanaSim.start();
  }

  @AfterAll
  static void stopSim() {
    sim.close();
  }

  @BeforeEach
  void resetSim() {
    sim.reset();
  }

  private static SecurityRolesApi roles(KibanaCredentials credentials) {
    return KibanaClient.create(KibanaEndpoint.of(sim.baseUrl(), credentials)).roles();
  }

  private static SecurityRolesApi roles() {
    return roles(SavedObjectsApiTest.ELASTIC);
  }

  private static ObjectNode publisher(String... clusterPrivileges) {
    var role = KibanaClient.JSON.createObjectNode().put("description", "Publishes Vega");
    var cluster = role.putObject("elasticsearch").putArray("cluster");
    for (var privilege : clusterPrivileges) {
      cluster.add(privilege);
    }
    var entry = role.putArray("kibana").addObject();
    entry.putArray("spaces").add("*");
    entry.putArray("base");
    entry.putObject("feature").putArray("visualize").add("all");
    return role;
  }

  @Test
  void putThenGet() {
    var roles = roles();

    roles.put("vega-publisher", publisher("monitor"), true);

    var stored = roles.get("vega-publisher").orElseThrow();
    assertThat(stored.path("description").asText()).isEqualTo("Publishes Vega");
    assertThat(stored.path("elasticsearch").path("cluster").get(0).asText()).isEqualTo("monitor");
    assertThat(stored.path("kibana").get(0).path("feature").path("visualize").get(0).asText())
        .isEqualTo("all");
    assertThat(sim.role("vega-publisher")).isPresent();
  }

  @Test
  void createOnlyOnAnExistingRoleIsAConflictAndChangesNothing() {
    var roles = roles();
    roles.put("vega-publisher", publisher("monitor"), true);

    var e =
        catchThrowableOfType(
            OperatorException.class, () -> roles.put("vega-publisher", publisher(), true));

    assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(e.getMessage()).startsWith("role vega-publisher already exists");
    assertThat(sim.role("vega-publisher").orElseThrow().path("elasticsearch").path("cluster"))
        .hasSize(1);
  }

  @Test
  void putWithoutCreateOnlyReplaces() {
    var roles = roles();
    roles.put("vega-publisher", publisher("monitor"), true);

    roles.put("vega-publisher", publisher(), false);

    assertThat(roles.get("vega-publisher").orElseThrow().path("elasticsearch").path("cluster"))
        .isEmpty();
  }

  @Test
  void listHasReservedAndOwnRoles() {
    var roles = roles();
    roles.put("vega-publisher", publisher(), true);

    assertThat(roles.list())
        .extracting(r -> r.path("name").asText())
        .contains("superuser", "viewer", "vega-publisher")
        .isSorted();
  }

  @Test
  void deleteIsIdempotentAndGetOfAMissingRoleIsEmpty() {
    var roles = roles();
    roles.put("vega-publisher", publisher(), true);

    roles.delete("vega-publisher");
    roles.delete("vega-publisher");

    assertThat(roles.get("vega-publisher")).isEmpty();
    assertThat(sim.role("vega-publisher")).isEmpty();
    assertThat(sim.counters().count("DELETE", "/api/security/role/{name}")).isEqualTo(2);
  }

  @Test
  void anInvalidRoleIsAKibanaErrorWithKibanasMessage() {
    var invalid = publisher();
    ((ObjectNode) invalid.withArray("kibana").get(0)).putArray("base").add("all");

    var e =
        catchThrowableOfType(
            OperatorException.class, () -> roles().put("both-base-and-feature", invalid, false));

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_ERROR);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.getMessage())
        .contains("PUT /api/security/role/both-base-and-feature", "[feature]");
  }

  @Test
  void withoutManageSecurityRolesAreForbidden() {
    sim.addUser("editor-user", "editor-pw-1", "editor");
    var roles = roles(new KibanaCredentials.Basic("editor-user", "editor-pw-1"));

    var e =
        catchThrowableOfType(
            OperatorException.class, () -> roles.put("vega-publisher", publisher(), true));

    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.getMessage()).contains("manage_security").doesNotContain("editor-pw-1");
  }
}

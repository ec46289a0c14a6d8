package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
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

/**
 * The story the operator exists for: an administrator grants a role that may publish visualizations
 * in one space, and a team publishes charts from Git with credentials that hold only that role.
 */
@EnableKubernetesMockClient(crud = true)
class LeastPrivilegePublishingTest {
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
    ns = harness.newNamespace("story");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  /**
   * As the superuser: the two spaces and a role like vega-publisher (roles are global and each
   * test's are left in Kibana, so each test names its own), granted to a new user.
   */
  void grantPublisher(String roleName, String username, String password) {
    harness.readySuperuserConnection(ns);
    for (var space : new String[] {"analytics", "marketing"}) {
      var answer =
          harness.kibana(
              "POST", "/api/spaces/space", "{\"id\":\"" + space + "\",\"name\":\"" + space + "\"}");
      assertThat(answer.status()).isIn(200, 409);
    }
    // v2 ids where the Kibana has them (8.18+, serverless), the v1 id on older ones
    var role = role(ns, roleName, "kibana", "analytics");
    role.getSpec()
        .getKibana()
        .get(0)
        .setFeature(Map.of(harness.visualizeFeature(), List.of("all")));
    harness.awaitReady(harness.create(role));
    harness.sim().addUser(username, password, roleName);
  }

  void publishesInItsSpaceAndIsRefusedInAnother(KibanaConnection publisher) {
    harness.awaitReady(harness.create(publisher));
    var name = publisher.getMetadata().getName();

    var analytics = visualization(ns, name + "-traffic", name);
    analytics.getSpec().setSpace("analytics");
    var published = harness.awaitReady(harness.create(analytics));
    assertThat(published.getStatus().getUrl()).contains("/s/analytics/app/visualize#/edit/");
    var stored =
        harness.sim().savedObject("analytics", "visualization", name + "-traffic").orElseThrow();
    assertThat(stored.path("managed").asBoolean()).isTrue();

    var marketing = visualization(ns, name + "-traffic-marketing", name);
    marketing.getSpec().setSpace("marketing");
    var refused = harness.awaitReason(harness.create(marketing), "Forbidden");
    assertThat(ready(refused).getStatus()).isEqualTo("False");
    assertThat(ready(refused).getMessage()).contains("visualize").contains("marketing");
    assertThat(harness.awaitEvent(refused, "Forbidden").getType()).isEqualTo("Warning");
    assertThat(harness.sim().savedObject("marketing", "visualization", name + "-traffic-marketing"))
        .isEmpty();
  }

  @Test
  void basicCredentialsOfThatUserDoTheSameAndCannotManageRoles() {
    grantPublisher("vega-publisher-basic", "publisher2", "publisher2-password");
    harness.basicAuthSecret(ns, "publisher-credentials", "publisher2", "publisher2-password");

    publishesInItsSpaceAndIsRefusedInAnother(
        harness.basicConnection(ns, "publisher-basic", "publisher-credentials"));

    var escalation = role(ns, "publisher-escalation", "publisher-basic", "marketing");
    var refused = harness.awaitReason(harness.create(escalation), "Forbidden");
    assertThat(ready(refused).getMessage()).contains("manage_security");
    assertThat(harness.sim().role("publisher-escalation")).isEmpty();
  }

  /** The story on every Kibana the operator supports: 8.11, 8.19, 9.1 and serverless. */
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
    void apiKeyOfAUserHoldingOnlyTheRolePublishesInAnalyticsButNotInMarketing() {
      grantPublisher("vega-publisher", "publisher", "publisher-password");
      harness.apiKeySecret(ns, "publisher-key", harness.sim().createApiKey("publisher"));

      publishesInItsSpaceAndIsRefusedInAnother(
          harness.apiKeyConnection(ns, "publisher-apikey", "publisher-key"));
    }
  }
}

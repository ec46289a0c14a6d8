package io.github.kibanaobjects.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConfigMapKeyRef;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.SpecSource;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionSecrets;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The operator's Kubernetes RBAC in {@code deploy/} against what it really calls: the operator runs
 * a whole lifecycle (leader election, connection, visualization from a ConfigMap, role, failures,
 * deletion) on the mock API, every request it sends is recorded, and each must be granted; and
 * every granted verb must have been used, so the ClusterRole stays minimal.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRbacTest {
  private static final String OPERATOR_AGENT = "kibana-objects-operator-under-test";
  private static final Path DEPLOY = Path.of("..", "deploy");

  /**
   * Granted to every authenticated user by Kubernetes' default {@code system:basic-user} role:
   * JOSDK's leader election asks it whether it may use Leases before it starts.
   */
  private static final RbacRule RULES_REVIEW =
      new RbacRule("create", "authorization.k8s.io", "selfsubjectrulesreviews");

  /**
   * Granted but not seen in a clean run: JOSDK re-reads a resource when a finalizer patch
   * conflicts.
   */
  private static final Set<RbacRule> GRANTED_FOR_CONFLICTS =
      Set.of(
          new RbacRule("get", "kibanaobjects.github.io", "kibanaconnections"),
          new RbacRule("get", "kibanaobjects.github.io", "kibanavisualizations"),
          new RbacRule("get", "kibanaobjects.github.io", "kibanaroles"),
          new RbacRule("get", "kibanaobjects.github.io", "kibanaspaces"),
          new RbacRule("get", "kibanaobjects.github.io", "kibanadashboards"));

  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void everyCallTheOperatorMakesIsGrantedAndEveryGrantIsUsed() throws Exception {
    var operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build())
            .build();
    var leaseNamespace = "kibana-objects-system";
    answerRulesReview(leaseNamespace);
    var config =
        new OperatorConfig(
            Set.of(),
            true,
            "kibana-objects-operator",
            leaseNamespace,
            Duration.ofMinutes(10),
            -1,
            2,
            OperatorHarness.SECRET_POLL,
            io.github.kibanaobjects.operator.kibana.ImportBatching.defaults(),
            OperatorConfig.KibanaReads.POLLED,
            false,
            OperatorConfig.LogFormat.TEXT);
    try (var harness =
        OperatorHarness.start(client, operatorClient, config, SimConfig.defaults())) {
      runLifecycle(harness);
    }

    var called = operatorRequests();
    var clusterRole = load("cluster-role.yaml", ClusterRole.class);
    var leaseRole = load("leader-election-role.yaml", Role.class);
    var granted = new HashSet<RbacRule>();
    granted.add(RULES_REVIEW);
    granted.addAll(expand(clusterRole.getRules()));
    granted.addAll(expand(leaseRole.getRules()));

    assertThat(called).as("requests the operator sent").isNotEmpty();
    assertThat(granted).as("granted by deploy/ RBAC").containsAll(called);
    var unused = new HashSet<>(granted);
    unused.removeAll(called);
    assertThat(unused).as("granted but never used").isSubsetOf(GRANTED_FOR_CONFLICTS);
    // Least privilege: Secrets are read by name, never listed or watched (that would hand the
    // operator every Secret of the cluster, content included), and patched only for the finalizer
    // that keeps a connection's credentials while it cleans up; never created, updated or deleted.
    assertThat(granted.stream().filter(r -> r.resource().equals("secrets")))
        .as("granted on Secrets")
        .containsExactlyInAnyOrder(
            new RbacRule("get", "", "secrets"), new RbacRule("patch", "", "secrets"));
    assertThat(called)
        .as("leader election ran")
        .contains(new RbacRule("create", "coordination.k8s.io", "leases"));
  }

  private static void runLifecycle(OperatorHarness harness) throws Exception {
    var ns = harness.newNamespace("rbac");
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    harness.awaitReady(harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials")));
    // the Secret is held while the connection needs it, and let go when it is gone
    var secret = client.secrets().inNamespace(ns).withName("kibana-credentials");
    var held = secret.get();
    assertThat(held.getMetadata().getFinalizers()).containsExactly(ConnectionSecrets.FINALIZER);

    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("charts")
                .withNamespace(ns)
                .endMetadata()
                .withData(
                    Map.of(
                        "bar.vl.json",
                        "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\","
                            + "\"mark\":\"bar\",\"data\":{\"values\":[{\"a\":1}]},"
                            + "\"encoding\":{\"x\":{\"field\":\"a\",\"type\":\"nominal\"}}}"))
                .build())
        .create();
    var vis = new KibanaVisualization();
    vis.getMetadata().setName("bars");
    vis.getMetadata().setNamespace(ns);
    var visSpec = new KibanaVisualizationSpec();
    visSpec.setConnectionRef(new ConnectionRef("kibana", null));
    visSpec.setTitle("Bars");
    visSpec.setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "bar.vl.json")));
    vis.setSpec(visSpec);
    harness.awaitReady(harness.create(vis));

    var dashboard = new KibanaDashboard();
    dashboard.getMetadata().setName("overview");
    dashboard.getMetadata().setNamespace(ns);
    var dashboardSpec = new KibanaDashboardSpec();
    dashboardSpec.setConnectionRef(new ConnectionRef("kibana", null));
    dashboardSpec.setTitle("Overview");
    var panel = new DashboardPanel();
    panel.setVisualization("bars");
    panel.setX(0);
    panel.setY(0);
    dashboardSpec.setPanels(List.of(panel));
    dashboard.setSpec(dashboardSpec);
    harness.awaitReady(harness.create(dashboard));

    var role = new KibanaRole();
    role.getMetadata().setName("publisher");
    role.getMetadata().setNamespace(ns);
    var roleSpec = new KibanaRoleSpec();
    roleSpec.setConnectionRef(new ConnectionRef("kibana", null));
    var privilege = new KibanaPrivilege();
    privilege.setSpaces(List.of("default"));
    privilege.setFeature(Map.of("visualize", List.of("all")));
    roleSpec.setKibana(List.of(privilege));
    role.setSpec(roleSpec);
    harness.awaitReady(harness.create(role));

    var space = new KibanaSpace();
    space.getMetadata().setName("rbac-team");
    space.getMetadata().setNamespace(ns);
    var spaceSpec = new KibanaSpaceSpec();
    spaceSpec.setConnectionRef(new ConnectionRef("kibana", null));
    spaceSpec.setName("RBAC team");
    space.setSpec(spaceSpec);
    harness.awaitReady(harness.create(space));

    // A failure writes status and records a Warning event.
    var broken = new KibanaVisualization();
    broken.getMetadata().setName("broken");
    broken.getMetadata().setNamespace(ns);
    var brokenSpec = new KibanaVisualizationSpec();
    brokenSpec.setConnectionRef(new ConnectionRef("missing", null));
    brokenSpec.setTitle("Broken");
    brokenSpec.setVega(new ObjectMapper().readTree("{\"marks\":[]}"));
    broken.setSpec(brokenSpec);
    harness.awaitReason(harness.create(broken), "ConnectionNotFound");

    // Deleting during an outage keeps the finalizer and says so on the status.
    harness.sim().faults().errors("DELETE /api/saved_objects/{type}/{id}", 1.0, 503);
    client.resource(vis).delete();
    var pending =
        harness.await(
            vis,
            v ->
                v.getMetadata().getDeletionTimestamp() != null
                    && v.getStatus().getConditions().stream()
                        .anyMatch(c -> "KibanaUnreachable".equals(c.getReason())));
    // the failure replaces Ready=True; Reconciling says it is retried (kstatus); the chart's
    // Validated stays
    assertThat(pending.getStatus().getConditions())
        .extracting(c -> c.getType())
        .containsExactly("Ready", "Reconciling", "Validated");
    assertThat(pending.getMetadata().getFinalizers()).contains(KibanaObjectsOperator.FINALIZER);
    harness.sim().faults().clear();

    // The connection goes first: it stays (its finalizer) until its users are gone.
    var connection = harness.get(harness.basicConnection(ns, "kibana", "kibana-credentials"));
    client.resource(connection).delete();
    for (HasMetadata resource : List.<HasMetadata>of(dashboard, role, broken, space)) {
      client.resource(resource).delete();
    }
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                client
                        .resources(KibanaVisualization.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(KibanaRole.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(KibanaSpace.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(KibanaDashboard.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client.resource(connection).get() == null);
    var released = secret.get();
    assertThat(released.getMetadata().getFinalizers()).isNullOrEmpty();
    // only the finalizer was ever written
    assertThat(released.getData()).isEqualTo(held.getData());
    assertThat(released.getStringData()).isEqualTo(held.getStringData());
  }

  /** The mock API cannot evaluate RBAC; it answers that the Lease may be used. */
  private static void answerRulesReview(String namespace) {
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewSpec()
            .withNamespace(namespace)
            .endSpec()
            .withNewStatus()
            .withIncomplete(false)
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "create", "update")
            .endResourceRule()
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  private static Set<RbacRule> operatorRequests() throws InterruptedException {
    var rules = new HashSet<RbacRule>();
    var count = server.getRequestCount();
    for (int i = 0; i < count; i++) {
      var request = server.takeRequest(1, TimeUnit.SECONDS);
      if (request == null) {
        break;
      }
      var agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(OPERATOR_AGENT)) {
        rules.add(RbacRule.of(request.getMethod(), request.getPath()));
      }
    }
    return rules;
  }

  private static List<RbacRule> expand(List<PolicyRule> policyRules) {
    var rules = new ArrayList<RbacRule>();
    for (var rule : policyRules) {
      for (var group : rule.getApiGroups()) {
        for (var resource : rule.getResources()) {
          for (var verb : rule.getVerbs()) {
            rules.add(new RbacRule(verb, group, resource));
          }
        }
      }
    }
    return rules;
  }

  private static <T> T load(String file, Class<T> type) throws Exception {
    try (var in = Files.newInputStream(DEPLOY.resolve(file))) {
      return client.getKubernetesSerialization().unmarshal(in, type);
    }
  }
}

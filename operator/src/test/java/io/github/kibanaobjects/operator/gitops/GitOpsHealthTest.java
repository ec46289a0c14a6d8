package io.github.kibanaobjects.operator.gitops;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.JSON;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.gitops.ArgoHealth.Health;
import io.github.kibanaobjects.operator.gitops.Kstatus.Status;
import io.github.kibanaobjects.operator.reconciler.Pause;
import io.github.kibanaobjects.operator.reconciler.ReconcileRequest;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statuses the operator writes, as GitOps tools judge them. Every status version written during
 * a test is recorded (a watch on every kind) and judged two ways: by kstatus' documented rules
 * ({@link Kstatus}; Flux's health checks) and by deploy/argocd's Lua health check run in LuaJ
 * ({@link ArgoHealth}); the two must agree, and the named states (progressing, healthy, degraded,
 * suspended, a stale observedGeneration) must come out as each tool should show them. Flux's
 * reconcile request is answered here too.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsHealthTest {
  static final String IMPORT = "/api/saved_objects/_import";
  static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(
          KibanaConnection.class,
          KibanaVisualization.class,
          KibanaDashboard.class,
          KibanaRole.class,
          KibanaSpace.class);

  static KubernetesClient client;
  static OperatorHarness harness;
  // Every status version of every kind seen in the current test, in order.
  static final List<JsonNode> recorded = new ArrayList<>();
  final List<Watch> watches = new ArrayList<>();
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
  void record() {
    ns = harness.newNamespace("gitops");
    synchronized (recorded) {
      recorded.clear();
    }
    for (var kind : KINDS) {
      watches.add(client.resources(kind).inNamespace(ns).watch(new Recorder<>()));
    }
  }

  @AfterEach
  void judgeEveryRecordedStatusAndClean() {
    watches.forEach(Watch::close);
    harness.cleanNamespace(ns);
    List<JsonNode> statuses;
    synchronized (recorded) {
      statuses = List.copyOf(recorded);
    }
    assertThat(statuses).isNotEmpty();
    var scripts = ArgoHealth.scripts();
    for (var resource : statuses) {
      var what = resource.path("kind").asText() + " " + resource.path("status");
      var conditions = resource.path("status").path("conditions");
      var types = new TreeSet<String>();
      conditions.forEach(c -> types.add(c.path("type").asText()));
      assertThat(types).as(what).contains("Ready");
      assertThat(types.contains("Reconciling") && types.contains("Stalled")).as(what).isFalse();
      var observed = resource.path("status").path("observedGeneration").asLong();
      conditions.forEach(
          c -> assertThat(c.path("observedGeneration").asLong()).as(what).isEqualTo(observed));
      var health = argo(scripts, resource);
      assertThat(health.status()).as(what).isEqualTo(expectedArgo(resource));
    }
  }

  /** What Argo CD must show for what kstatus says (paused: Suspended, not Progressing). */
  static String expectedArgo(JsonNode resource) {
    return switch (Kstatus.compute(resource)) {
      case CURRENT -> "Healthy";
      case FAILED -> "Degraded";
      case TERMINATING -> "Progressing";
      case IN_PROGRESS -> isPaused(resource) ? "Suspended" : "Progressing";
    };
  }

  static boolean isPaused(JsonNode resource) {
    for (var c : resource.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready") && c.path("reason").asText().equals("Paused")) {
        return resource.path("status").path("observedGeneration").asLong()
            == resource.path("metadata").path("generation").asLong();
      }
    }
    return false;
  }

  static Health argo(Map<String, String> scripts, JsonNode resource) {
    var key = "kibanaobjects.github.io_" + resource.path("kind").asText();
    assertThat(scripts).containsKey(key);
    return ArgoHealth.evaluate(scripts.get(key), resource);
  }

  static JsonNode tree(CustomResource<?, ?> resource) {
    return JSON.valueToTree(resource);
  }

  static Status kstatus(CustomResource<?, ?> resource) {
    return Kstatus.compute(tree(resource));
  }

  static Health argo(CustomResource<?, ?> resource) {
    return argo(ArgoHealth.scripts(), tree(resource));
  }

  static boolean has(CustomResource<?, ? extends ResourceStatus> resource, String type) {
    return resource.getStatus() != null
        && Conditions.find(resource.getStatus().getConditions(), type)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .isPresent();
  }

  @Test
  void everyKindHasTheSameHealthCheckAndTheDocumentedOne() throws Exception {
    var crdKinds = new TreeSet<String>();
    try (var files = Files.list(java.nio.file.Path.of("..", "crds"))) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        var crd =
            JSON.valueToTree(
                new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                    .unmarshal(Files.readString(file), Map.class));
        crdKinds.add(
            crd.path("spec").path("group").asText()
                + "_"
                + crd.path("spec").path("names").path("kind").asText());
      }
    }
    var scripts = ArgoHealth.scripts();
    assertThat(scripts.keySet()).containsExactlyElementsOf(crdKinds);
    assertThat(scripts.values()).allSatisfy(s -> assertThat(s).isEqualTo(ArgoHealth.script()));
    // Recorded statuses judged in @AfterEach: the ready connection of this test.
    harness.readySuperuserConnection(ns);
  }

  @Test
  void aNewResourceIsProgressingAStaleGenerationTooThenHealthy() {
    harness.readySuperuserConnection(ns);
    KibanaVisualization started;
    KibanaVisualization stale;
    try (var importing = harness.sim().faults().hold("POST " + IMPORT)) {
      var vis = harness.create(visualization(ns, "progress", "kibana"));
      importing.awaitArrived(1);
      // The first look wrote Ready=Unknown and Reconciling=True before anything slow.
      started = harness.get(vis);
      stale = harness.edit(vis, v -> v.getSpec().setTitle("A new title"));
    }
    assertThat(has(started, Conditions.RECONCILING)).isTrue();
    assertThat(OperatorHarness.ready(started).getStatus()).isEqualTo("Unknown");
    assertThat(kstatus(started)).isEqualTo(Status.IN_PROGRESS);
    assertThat(argo(started).status()).isEqualTo("Progressing");

    assertThat(stale.getMetadata().getGeneration())
        .isGreaterThan(stale.getStatus().getObservedGeneration());
    assertThat(kstatus(stale)).isEqualTo(Status.IN_PROGRESS);
    assertThat(argo(stale))
        .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));

    var done = harness.awaitReady(stale);
    assertThat(done.getStatus().getConditions())
        .extracting(c -> c.getType())
        .containsExactly("Ready", "Validated");
    assertThat(kstatus(done)).isEqualTo(Status.CURRENT);
    assertThat(argo(done).status()).isEqualTo("Healthy");
  }

  @Test
  void aFailureOnlyAChangeFixesIsStalledAndDegradedAnOutageIsReconciling() {
    harness.readySuperuserConnection(ns);
    var broken = visualization(ns, "broken", "kibana");
    broken.getSpec().setVegaLite(null);
    broken.getSpec().setSpec("{\"mark\": ");
    var stalled = harness.awaitReason(harness.create(broken), "InvalidSpec");
    assertThat(has(stalled, Conditions.STALLED)).isTrue();
    assertThat(has(stalled, Conditions.RECONCILING)).isFalse();
    assertThat(kstatus(stalled)).isEqualTo(Status.FAILED);
    assertThat(argo(stalled).status()).isEqualTo("Degraded");
    assertThat(argo(stalled).message()).startsWith("InvalidSpec: ");

    var waiting =
        harness.awaitReason(
            harness.create(visualization(ns, "waiting", "not-yet")), "ConnectionNotFound");
    assertThat(has(waiting, Conditions.RECONCILING)).isTrue();
    assertThat(has(waiting, Conditions.STALLED)).isFalse();
    assertThat(kstatus(waiting)).isEqualTo(Status.IN_PROGRESS);
    assertThat(argo(waiting).status()).isEqualTo("Progressing");
  }

  @Test
  void aPausedResourceIsSuspendedInArgoCd() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "held", "kibana")));
    harness.edit(vis, v -> annotate(v, Pause.ANNOTATION, "true"));
    var paused = harness.awaitReason(vis, "Paused");
    assertThat(argo(paused).status()).isEqualTo("Suspended");
    assertThat(kstatus(paused)).isEqualTo(Status.IN_PROGRESS);
  }

  @Test
  void everyKindIsHealthyWhenReady() {
    harness.readySuperuserConnection(ns);
    var space = new KibanaSpace();
    space.getMetadata().setName("gitops-space");
    space.getMetadata().setNamespace(ns);
    var spaceSpec = new KibanaSpaceSpec();
    spaceSpec.setConnectionRef(new ConnectionRef("kibana", null));
    spaceSpec.setName("GitOps");
    space.setSpec(spaceSpec);
    var panel = new DashboardPanel();
    panel.setVisualization("chart");
    panel.setX(0);
    panel.setY(0);
    var dashboard = new KibanaDashboard();
    dashboard.getMetadata().setName("board");
    dashboard.getMetadata().setNamespace(ns);
    var dashboardSpec = new KibanaDashboardSpec();
    dashboardSpec.setConnectionRef(new ConnectionRef("kibana", null));
    dashboardSpec.setTitle("Board");
    dashboardSpec.setPanels(List.of(panel));
    dashboard.setSpec(dashboardSpec);

    // The dashboard waits for its chart (DependencyNotReady: Reconciling) until it exists.
    var waiting = harness.awaitReason(harness.create(dashboard), "DependencyNotReady");
    assertThat(argo(waiting).status()).isEqualTo("Progressing");
    harness.create(visualization(ns, "chart", "kibana"));

    List<CustomResource<?, ? extends ResourceStatus>> ready =
        List.of(
            harness.awaitReady(harness.create(space)),
            harness.awaitReady(harness.create(role(ns, "gitops-role", "kibana", "analytics"))),
            harness.awaitReady(dashboard),
            harness.awaitReady(harness.get(visualization(ns, "chart", "kibana"))),
            harness.get(harness.basicConnection(ns, "kibana", "kibana-credentials")));
    assertThat(ready)
        .extracting(r -> r.getKind() + " " + argo(r).status() + " " + kstatus(r))
        .containsExactlyInAnyOrder(
            "KibanaSpace Healthy CURRENT",
            "KibanaRole Healthy CURRENT",
            "KibanaDashboard Healthy CURRENT",
            "KibanaVisualization Healthy CURRENT",
            "KibanaConnection Healthy CURRENT");
  }

  @Test
  void fluxsReconcileRequestReadsKibanaNowAndIsAnswered() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var slow = harness.basicConnection(ns, "kibana", "kibana-credentials");
    slow.getSpec().setPollInterval("24h");
    var connection = harness.awaitReady(harness.create(slow));
    var vis = harness.awaitReady(harness.create(visualization(ns, "asked", "kibana")));
    // Deleted in Kibana: with a ten-minute resync and a daily poll only the request can notice it
    // now, and only by reading Kibana rather than the cache.
    harness.kibana("DELETE", "/api/saved_objects/visualization/asked", null);
    var corrected = "kibana_operator_drift_corrections_total{kind=\"KibanaVisualization\"}";
    var before = sample(harness.scrape(), corrected);

    var at = "2026-12-02T10:00:00.000000000Z";
    harness.edit(vis, v -> annotate(v, ReconcileRequest.ANNOTATION, at));
    harness.edit(connection, c -> annotate(c, ReconcileRequest.ANNOTATION, at));

    var answered = harness.await(vis, v -> at.equals(v.getStatus().getLastHandledReconcileAt()));
    assertThat(harness.sim().savedObject("default", "visualization", "asked")).isPresent();
    assertThat(harness.events(answered)).extracting(e -> e.getReason()).contains("DriftCorrected");
    assertThat(
            harness
                .await(connection, c -> at.equals(c.getStatus().getLastHandledReconcileAt()))
                .getStatus()
                .getLastHandledReconcileAt())
        .isEqualTo(at);
    assertThat(sample(harness.scrape(), corrected)).isEqualTo(before + 1);
  }

  static void annotate(CustomResource<?, ?> resource, String key, String value) {
    var annotations = new java.util.HashMap<String, String>();
    if (resource.getMetadata().getAnnotations() != null) {
      annotations.putAll(resource.getMetadata().getAnnotations());
    }
    annotations.put(key, value);
    resource.getMetadata().setAnnotations(annotations);
  }

  /** A sample's value in a Prometheus text scrape, 0 when the series is not there yet. */
  static double sample(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElse(0);
  }

  /** Keeps every version of a resource that has a status. */
  static final class Recorder<T extends CustomResource<?, ?>> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      if (resource.getStatus() != null && action != Action.DELETED) {
        synchronized (recorded) {
          recorded.add(JSON.valueToTree(resource));
        }
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}

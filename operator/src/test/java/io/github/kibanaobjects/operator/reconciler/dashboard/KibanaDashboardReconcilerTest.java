package io.github.kibanaobjects.operator.reconciler.dashboard;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.json;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.SavedObjectPanelRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard controller end to end: the real operator, the mock API and kibana-sim. */
@EnableKubernetesMockClient(crud = true)
class KibanaDashboardReconcilerTest {
  static final String EXPORT = "/api/saved_objects/_export";

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
    ns = harness.newNamespace("dash");
    harness.readySuperuserConnection(ns);
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static DashboardPanel panel(String visualization, int x, int y) {
    var panel = new DashboardPanel();
    panel.setVisualization(visualization);
    panel.setX(x);
    panel.setY(y);
    return panel;
  }

  KibanaDashboard dashboard(String name, DashboardPanel... panels) {
    var dashboard = new KibanaDashboard();
    dashboard.getMetadata().setName(name);
    dashboard.getMetadata().setNamespace(ns);
    var spec = new KibanaDashboardSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setTitle("Dashboard " + name);
    spec.setPanels(List.of(panels));
    dashboard.setSpec(spec);
    return dashboard;
  }

  static JsonNode stored(String id) {
    return harness.sim().savedObject("default", "dashboard", id).orElseThrow();
  }

  static JsonNode panelsOf(String id) {
    return json(stored(id).path("attributes").path("panelsJSON").asText());
  }

  @Test
  void waitsForItsVisualizationsThenPublishesThemAsPanels() {
    var lens = new DashboardPanel();
    lens.setSavedObject(new SavedObjectPanelRef("lens", "lens-1"));
    lens.setX(24);
    lens.setY(0);
    var dashboard = harness.create(dashboard("cars", panel("cars", 0, 0), lens));

    var waiting = harness.awaitReason(dashboard, "DependencyNotReady");
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    assertThat(ready(waiting).getMessage()).contains("cars (not found)");
    assertThat(harness.sim().savedObject("default", "dashboard", "cars")).isEmpty();

    harness.create(visualization(ns, "cars", "kibana"));
    var published = harness.awaitReady(dashboard);

    assertThat(ready(published).getReason()).isEqualTo("Synced");
    assertThat(published.getStatus().getId()).isEqualTo("cars");
    assertThat(published.getStatus().getSpace()).isEqualTo("default");
    assertThat(published.getStatus().getUrl())
        .isEqualTo(harness.sim().baseUrl() + "/app/dashboards#/view/cars");
    assertThat(stored("cars").path("managed").asBoolean()).isTrue();
    assertThat(stored("cars").path("references"))
        .containsExactlyInAnyOrder(
            json("{\"name\":\"1:panel_1\",\"type\":\"visualization\",\"id\":\"cars\"}"),
            json("{\"name\":\"2:panel_2\",\"type\":\"lens\",\"id\":\"lens-1\"}"));
    assertThat(panelsOf("cars").get(0).path("panelRefName").asText()).isEqualTo("panel_1");
    assertThat(harness.awaitEvent(dashboard, "Created").getMessage())
        .contains("dashboard \"cars\" in space \"default\"");
  }

  @Test
  void aPanelWrittenThroughAnotherConnectionIsNotUsed() {
    // another connection may be another Kibana, where the panel's reference would dangle
    harness.awaitReady(harness.create(harness.basicConnection(ns, "other", "kibana-credentials")));
    harness.awaitReady(harness.create(visualization(ns, "elsewhere", "other")));

    var dashboard = harness.create(dashboard("mixed", panel("elsewhere", 0, 0)));

    var waiting = harness.awaitReason(dashboard, "DependencyNotReady");
    assertThat(ready(waiting).getMessage())
        .contains("elsewhere (written through connection \"" + ns + "/other\"");
    assertThat(harness.sim().savedObject("default", "dashboard", "mixed")).isEmpty();
  }

  @Test
  void followsAVisualizationThatGoesAndComesBackUnderAnotherId() {
    var vis = harness.awaitReady(harness.create(visualization(ns, "chart", "kibana")));
    var dashboard = harness.awaitReady(harness.create(dashboard("follow", panel("chart", 0, 0))));
    assertThat(stored("follow").at("/references/0/id").asText()).isEqualTo("chart");

    harness.delete(vis);
    harness.awaitGone(vis);
    var waiting = harness.awaitReason(dashboard, "DependencyNotReady");
    assertThat(ready(waiting).getMessage()).contains("chart (not found)");

    var moved = visualization(ns, "chart", "kibana");
    moved.getSpec().setId("chart-v2");
    harness.create(moved);
    harness.await(
        dashboard,
        d ->
            Conditions.isReady(d.getStatus())
                && stored("follow").at("/references/0/id").asText().equals("chart-v2"));
    assertThat(harness.awaitEvent(dashboard, "Updated").getMessage()).contains("references");
  }

  @Test
  void resyncOfAnUnchangedDashboardWritesNothingAndAnEditInKibanaIsPutBack() {
    harness.awaitReady(harness.create(visualization(ns, "steady-chart", "kibana")));
    var spec = dashboard("steady", panel("steady-chart", 0, 0));
    spec.getSpec().setResyncPeriod("1s");
    var dashboard = harness.awaitReady(harness.create(spec));
    var writes = harness.kibanaWrites();

    // two more reads: the first one's resync has finished, writes included
    harness.awaitMoreRequests("POST", EXPORT, 2);
    assertThat(harness.kibanaWrites()).as("writes on an unchanged resync").isEqualTo(writes);
    assertThat(harness.get(dashboard).getMetadata().getResourceVersion())
        .isEqualTo(dashboard.getMetadata().getResourceVersion());

    var edit =
        harness.kibana(
            "PUT",
            "/api/saved_objects/dashboard/steady",
            "{\"attributes\":{\"panelsJSON\":\"[]\"}}");
    assertThat(edit.status()).isEqualTo(200);
    assertThat(harness.awaitEvent(dashboard, "DriftCorrected").getMessage())
        .contains("attributes.panelsJSON");
    assertThat(panelsOf("steady")).hasSize(1);
  }

  @Test
  void panelsSharingAnIdAreAnInvalidSpec() {
    harness.awaitReady(harness.create(visualization(ns, "a", "kibana")));
    var named = panel("a", 0, 0);
    named.setName("2");
    var dashboard = harness.create(dashboard("clash", named, panel("a", 24, 0)));

    var invalid = harness.awaitReason(dashboard, "InvalidSpec");
    assertThat(ready(invalid).getMessage()).contains("[2]").contains("used twice");
    assertThat(harness.sim().savedObject("default", "dashboard", "clash")).isEmpty();
  }
}

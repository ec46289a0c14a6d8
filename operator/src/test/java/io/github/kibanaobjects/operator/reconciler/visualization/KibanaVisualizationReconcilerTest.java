package io.github.kibanaobjects.operator.reconciler.visualization;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.json;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.api.v1alpha1.ConfigMapKeyRef;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.NamespaceSpaces;
import io.github.kibanaobjects.operator.api.v1alpha1.SpecSource;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.reconciler.Pause;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
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
class KibanaVisualizationReconcilerTest {
  static final String IMPORT = "/api/saved_objects/_import";
  static final String EXPORT = "/api/saved_objects/_export";
  static final String VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json";

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
    ns = harness.newNamespace("vis");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  static KibanaSim sim() {
    return harness.sim();
  }

  static JsonNode stored(String space, String id) {
    return sim().savedObject(space, "visualization", id).orElseThrow();
  }

  static String title(String space, String id) {
    return stored(space, id).path("attributes").path("title").asText();
  }

  /** The chart inside the stored object: visState.params.spec, as text. */
  static String chartText(String space, String id) {
    var visState = json(stored(space, id).path("attributes").path("visState").asText());
    return visState.path("params").path("spec").asText();
  }

  static long imports() {
    return sim().counters().count("POST", IMPORT);
  }

  KibanaVisualization fastResync(KibanaVisualization vis) {
    vis.getSpec().setResyncPeriod("1s");
    return vis;
  }

  // ---- create ----

  @Test
  void publishesAVegaLiteChartAsAManagedObjectAndReportsWhereItIs() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "cars", "kibana")));

    var status = vis.getStatus();
    assertThat(ready(vis).getReason()).isEqualTo("Synced");
    assertThat(status.getId()).isEqualTo("cars");
    assertThat(status.getSpace()).isEqualTo("default");
    assertThat(status.getUrl()).isEqualTo(sim().baseUrl() + "/app/visualize#/edit/cars");
    assertThat(status.getLastAppliedHash()).matches("[0-9a-f]{64}");
    assertThat(status.getLastSyncTime()).isNotBlank();

    var object = stored("default", "cars");
    assertThat(object.path("managed").asBoolean()).isTrue();
    assertThat(object.path("attributes").path("title").asText()).isEqualTo("Chart cars");
    var visState = json(object.path("attributes").path("visState").asText());
    assertThat(visState.path("type").asText()).isEqualTo("vega");
    var chart = json(visState.path("params").path("spec").asText());
    assertThat(chart.path("$schema").asText()).isEqualTo(VEGA_LITE);
    assertThat(chart.path("mark").asText()).isEqualTo("bar");

    var created = harness.awaitEvent(vis, "Created");
    assertThat(created.getType()).isEqualTo("Normal");
    assertThat(created.getMessage()).contains("visualization \"cars\" in space \"default\"");
  }

  @Test
  void publishesAVegaChartIntoItsSpace() {
    harness.readySuperuserConnection(ns);
    assertThat(
            harness
                .kibana("POST", "/api/spaces/space", "{\"id\":\"team\",\"name\":\"Team\"}")
                .status())
        .isEqualTo(200);
    var vis = visualization(ns, "marks", "kibana");
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setVega(json("{\"marks\":[{\"type\":\"rect\"}]}"));
    vis.getSpec().setSpace("team");

    var ready = harness.awaitReady(harness.create(vis));

    assertThat(ready.getStatus().getUrl())
        .isEqualTo(sim().baseUrl() + "/s/team/app/visualize#/edit/marks");
    var chart = json(chartText("team", "marks"));
    assertThat(chart.path("$schema").asText())
        .isEqualTo("https://vega.github.io/schema/vega/v5.json");
    assertThat(chart.path("marks").get(0).path("type").asText()).isEqualTo("rect");
    assertThat(sim().savedObject("default", "visualization", "marks")).isEmpty();

    harness.delete(ready);
    harness.awaitGone(ready);
    assertThat(sim().savedObject("team", "visualization", "marks")).isEmpty();
  }

  @Test
  void publishesSpecTextExactlyAsWritten() {
    harness.readySuperuserConnection(ns);
    var text =
        "{\n  // HJSON, as Kibana's editor takes it\n  $schema: "
            + VEGA_LITE
            + "\n  mark: point\n}\n";
    var vis = visualization(ns, "hjson", "kibana");
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setSpec(text);
    vis.getSpec().setId("hjson-chart");

    var ready = harness.awaitReady(harness.create(vis));

    assertThat(ready.getStatus().getId()).isEqualTo("hjson-chart");
    assertThat(chartText("default", "hjson-chart")).isEqualTo(text);
    assertThat(sim().savedObject("default", "visualization", "hjson")).isEmpty();
  }

  @Test
  void publishesFromAConfigMapAndRepublishesWhenItChanges() {
    harness.readySuperuserConnection(ns);
    harness.configMap(ns, "charts", Map.of("bars.vl.json", chart("bar")));
    var vis = visualization(ns, "from-file", "kibana");
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "bars.vl.json")));
    vis = harness.awaitReady(harness.create(vis));
    assertThat(json(chartText("default", "from-file")).path("mark").asText()).isEqualTo("bar");
    var before = imports();

    harness.configMap(ns, "charts", Map.of("bars.vl.json", chart("line")));

    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> json(chartText("default", "from-file")).path("mark").asText().equals("line"));
    harness.awaitEvent(vis, "Updated");
    assertThat(imports()).isEqualTo(before + 1);
    assertThat(harness.get(vis).getMetadata().getGeneration())
        .isEqualTo(vis.getMetadata().getGeneration());
  }

  @Test
  void anEventDuringTheFirstWriteDoesNotMakeTheNextReconcileDoubtItOwnsTheObject() {
    harness.readySuperuserConnection(ns);
    harness.configMap(ns, "charts", Map.of("bars.vl.json", chart("bar"), "notes", "first"));
    var vis = fastResync(visualization(ns, "busy", "kibana"));
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "bars.vl.json")));
    var reads = sim().counters().count("POST", EXPORT);
    try (var importing = sim().faults().hold("POST " + IMPORT)) {
      harness.create(vis);

      // The ConfigMap changes while the first write is under way (held until the operator's
      // informer has the change), so JOSDK reconciles again the moment the first reconcile ends:
      // that reconcile must see the ownership the first recorded.
      importing.awaitArrived(1);
      harness.configMap(ns, "charts", Map.of("bars.vl.json", chart("bar"), "notes", "second"));
    }
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> sim().counters().count("POST", EXPORT) >= reads + 3);

    var after = harness.awaitReady(vis);
    assertThat(ready(after).getReason()).isEqualTo("Synced");
    assertThat(harness.events(vis)).extracting(e -> e.getReason()).containsExactly("Created");
  }

  @Test
  void aCreateWhoseStatusWasNeverWrittenIsRecognisedAsItsOwnAndNotWrittenAgain() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "interrupted", "kibana");
    var before = imports();
    try (var importing = sim().faults().hold("POST " + IMPORT)) {
      harness.create(vis);

      // As if the operator stopped between the write and its status: that status write fails.
      importing.awaitArrived(1);
      OperatorHarness.failNextStatusWrite(server, "kibanavisualizations", ns, "interrupted");
    }

    var after = harness.awaitReady(vis);
    assertThat(ready(after).getReason()).isEqualTo("Synced");
    assertThat(after.getStatus().getId()).isEqualTo("interrupted");
    assertThat(after.getStatus().getCreating()).isNull();
    assertThat(imports()).isEqualTo(before + 1);
    // The trap did fire (the status write failed), and the recovery announced no second create.
    assertThat(harness.events(vis))
        .extracting(e -> e.getReason())
        .containsExactlyInAnyOrder("Created", "InternalError");
  }

  @Test
  void missingConfigMapIsSpecSourceNotFoundUntilItExists() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "late-file", "kibana");
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setSpecFrom(new SpecSource(new ConfigMapKeyRef("charts", "bars.vl.json")));

    var failed = harness.awaitReason(harness.create(vis), "SpecSourceNotFound");
    assertThat(ready(failed).getMessage()).isEqualTo("ConfigMap " + ns + "/charts not found");

    harness.configMap(ns, "charts", Map.of("bars.vl.json", chart("bar")));
    harness.awaitReady(vis);
    assertThat(sim().savedObject("default", "visualization", "late-file")).isPresent();
  }

  // ---- update, no-op, drift ----

  @Test
  void titleChangeIsOneImportAndAnUpdatedEvent() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "renamed", "kibana")));
    var before = imports();

    harness.edit(vis, v -> v.getSpec().setTitle("A better title"));

    var updated =
        harness.await(
            vis,
            v ->
                Conditions.isReady(v.getStatus())
                    && !v.getStatus()
                        .getLastAppliedHash()
                        .equals(vis.getStatus().getLastAppliedHash()));
    assertThat(title("default", "renamed")).isEqualTo("A better title");
    assertThat(imports()).isEqualTo(before + 1);
    assertThat(updated.getStatus().getObservedGeneration())
        .isEqualTo(vis.getMetadata().getGeneration() + 1);
    assertThat(harness.awaitEvent(vis, "Updated").getMessage()).contains("attributes.title");
  }

  @Test
  void resyncsWriteNothingForAnyChartSourceOrOption() {
    harness.readySuperuserConnection(ns);
    harness.configMap(ns, "noop-charts", Map.of("c.json", chart("area")));
    var charts = new java.util.ArrayList<KibanaVisualization>();
    var vega = visualization(ns, "noop-vega", "kibana");
    vega.getSpec().setVegaLite(null);
    vega.getSpec().setVega(json("{\"marks\":[{\"type\":\"rect\"}],\"width\":200}"));
    charts.add(vega);
    var jsonText = visualization(ns, "noop-json-text", "kibana");
    jsonText.getSpec().setVegaLite(null);
    jsonText
        .getSpec()
        .setSpec(
            "{\n  \"$schema\": \""
                + VEGA_LITE
                + "\",\n  \"mark\": \"tick\",\n"
                + "  \"data\": {\"values\": [{\"a\": 1}]},\n"
                + "  \"encoding\": {\"x\": {\"field\": \"a\", \"type\": \"quantitative\"}}\n}");
    charts.add(jsonText);
    var hjson = visualization(ns, "noop-hjson", "kibana");
    hjson.getSpec().setVegaLite(null);
    hjson
        .getSpec()
        .setSpec(
            "{\n  // comment\n  $schema: "
                + VEGA_LITE
                + "\n  mark: rule\n"
                + "  data: {\n    values: [\n      {\n        a: 1\n      }\n    ]\n  }\n"
                + "  encoding: {\n    y: {\n      field: a\n      type: quantitative\n    }\n  }\n}");
    charts.add(hjson);
    var fromFile = visualization(ns, "noop-from-file", "kibana");
    fromFile.getSpec().setVegaLite(null);
    fromFile.getSpec().setSpecFrom(new SpecSource(new ConfigMapKeyRef("noop-charts", "c.json")));
    charts.add(fromFile);
    var described = visualization(ns, "noop-described", "kibana");
    described.getSpec().setDescription("Bars, described");
    described.getSpec().setManaged(false);
    charts.add(described);
    var bound = visualization(ns, "noop-bound", "kibana");
    bound
        .getSpec()
        .setElasticsearchData(
            new io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData(
                "cars", "@timestamp", json("{\"term\":{\"origin\":\"USA\"}}"), 500));
    charts.add(bound);
    var ready =
        charts.stream().map(c -> harness.create(fastResync(c))).toList().stream()
            .map(harness::awaitReady)
            .toList();
    var writes = harness.kibanaWrites();

    // three polls: every chart (resynced each second) has resynced since
    harness.awaitMoreRequests("POST", EXPORT, 3);

    assertThat(harness.kibanaWrites()).isEqualTo(writes);
    for (var vis : ready) {
      assertThat(harness.get(vis).getMetadata().getResourceVersion())
          .as(vis.getMetadata().getName())
          .isEqualTo(vis.getMetadata().getResourceVersion());
      assertThat(harness.events(vis)).extracting(e -> e.getReason()).containsExactly("Created");
    }
  }

  @Test
  void objectEditedInKibanaIsPutBack() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(fastResync(visualization(ns, "drifty", "kibana"))));

    var edit =
        harness.kibana(
            "PUT",
            "/api/saved_objects/visualization/drifty",
            "{\"attributes\":{\"title\":\"Edited by hand\"}}");
    assertThat(edit.status()).isEqualTo(200);

    var event = harness.awaitEvent(vis, "DriftCorrected");
    assertThat(event.getMessage()).contains("changed in Kibana").contains("attributes.title");
    assertThat(title("default", "drifty")).isEqualTo("Chart drifty");
    assertThat(Conditions.isReady(harness.get(vis).getStatus())).isTrue();
  }

  @Test
  void objectDeletedInKibanaIsCreatedAgain() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(fastResync(visualization(ns, "doomed", "kibana"))));

    assertThat(harness.kibana("DELETE", "/api/saved_objects/visualization/doomed", null).status())
        .isEqualTo(200);

    assertThat(harness.awaitEvent(vis, "DriftCorrected").getMessage())
        .contains("missing in Kibana");
    assertThat(title("default", "doomed")).isEqualTo("Chart doomed");
  }

  // ---- delete and orphan ----

  @Test
  void deletingTheResourceDeletesTheObject() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "short-lived", "kibana")));

    harness.delete(vis);

    harness.awaitGone(vis);
    assertThat(sim().savedObject("default", "visualization", "short-lived")).isEmpty();
    assertThat(harness.awaitEvent(vis, "Deleted").getMessage()).contains("short-lived");
  }

  @Test
  void orphanPolicyLeavesTheObject() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "keeper", "kibana");
    vis.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    vis = harness.awaitReady(harness.create(vis));

    harness.delete(vis);

    harness.awaitGone(vis);
    assertThat(sim().savedObject("default", "visualization", "keeper")).isPresent();
    harness.awaitEvent(vis, "Orphaned");
  }

  @Test
  void deletionDuringAnOutageKeepsTheFinalizerSaysWhyAndCompletesAfterwards() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "outlived", "kibana")));
    sim().faults().errors("*", 1.0, 503);

    harness.delete(vis);

    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              var current = harness.get(vis);
              return current != null
                  && current.getMetadata().getDeletionTimestamp() != null
                  && "KibanaUnreachable".equals(ready(current).getReason());
            });
    var pending = harness.get(vis);
    assertThat(pending.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(ready(pending).getMessage()).contains("cannot delete").contains("503");
    assertThat(sim().savedObject("default", "visualization", "outlived")).isPresent();

    sim().faults().clear();

    harness.awaitGone(vis);
    assertThat(sim().savedObject("default", "visualization", "outlived")).isEmpty();
    harness.awaitEvent(vis, "Deleted");
  }

  @Test
  void movingToAnotherSpaceDeletesTheObjectInTheOldOne() {
    harness.readySuperuserConnection(ns);
    harness.kibana("POST", "/api/spaces/space", "{\"id\":\"moved-to\",\"name\":\"Moved to\"}");
    var vis = harness.awaitReady(harness.create(visualization(ns, "mover", "kibana")));

    harness.edit(vis, v -> v.getSpec().setSpace("moved-to"));

    var moved =
        harness.await(
            vis,
            v -> Conditions.isReady(v.getStatus()) && "moved-to".equals(v.getStatus().getSpace()));
    assertThat(moved.getStatus().getUrl()).contains("/s/moved-to/");
    assertThat(sim().savedObject("moved-to", "visualization", "mover")).isPresent();
    assertThat(sim().savedObject("default", "visualization", "mover")).isEmpty();
  }

  @Test
  void aMoveWhoseWriteFailsDeletesTheOldObjectOnceAndSaysSoOnce() {
    harness.readySuperuserConnection(ns);
    harness.kibana("POST", "/api/spaces/space", "{\"id\":\"retry-to\",\"name\":\"Retry to\"}");
    var vis = harness.awaitReady(harness.create(visualization(ns, "retrier", "kibana")));
    sim().faults().errors("POST /api/saved_objects/_import", 1.0, 503);

    harness.edit(vis, v -> v.getSpec().setSpace("retry-to"));
    harness.awaitReason(vis, "KibanaUnreachable");
    // Let a few retries pass (backoff 2s, 4s) before Kibana recovers.
    org.awaitility.Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> sim().counters().count("POST", "/api/saved_objects/_import") >= 3);
    sim().faults().clear();

    harness.await(
        vis, v -> Conditions.isReady(v.getStatus()) && "retry-to".equals(v.getStatus().getSpace()));
    assertThat(harness.events(vis)).filteredOn(e -> "Deleted".equals(e.getReason())).hasSize(1);
    assertThat(sim().savedObject("retry-to", "visualization", "retrier")).isPresent();
  }

  @Test
  void movingToAnotherSpaceWithOrphanIsInvalidAndLeavesTheObject() {
    harness.readySuperuserConnection(ns);
    harness.kibana("POST", "/api/spaces/space", "{\"id\":\"orphan-to\",\"name\":\"Orphan to\"}");
    var vis = visualization(ns, "stays", "kibana");
    vis.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    vis = harness.awaitReady(harness.create(vis));

    harness.edit(vis, v -> v.getSpec().setSpace("orphan-to"));

    var refused = harness.awaitReason(vis, "InvalidSpec");
    assertThat(ready(refused).getMessage())
        .contains("cannot move visualization \"stays\"")
        .contains("deletionPolicy: Delete");
    assertThat(sim().savedObject("default", "visualization", "stays")).isPresent();
  }

  @Test
  void deletionWhileTheConnectionIsBrokenWaitsAndOrphanReleasesIt() {
    harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "stuck", "kibana")));
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "rotated-away");
    harness.awaitReason(
        harness.get(harness.basicConnection(ns, "kibana", "kibana-credentials")), "Unauthorized");

    harness.delete(vis);

    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> {
              var current = harness.get(vis);
              // the broken connection alone already makes it ConnectionNotReady; wait for the
              // deletion
              return current != null
                  && current.getMetadata().getDeletionTimestamp() != null
                  && "ConnectionNotReady".equals(ready(current).getReason())
                  && ready(current).getMessage().contains("cannot delete");
            });
    assertThat(ready(harness.get(vis)).getMessage()).contains("deletionPolicy: Orphan");

    harness.edit(vis, v -> v.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));

    harness.awaitGone(vis);
    assertThat(sim().savedObject("default", "visualization", "stuck")).isPresent();
  }

  @Test
  void aDeletedConnectionStaysUntilItsUsersHaveCleanedUp() {
    var connection = harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "user", "kibana")));
    harness.delete(connection);
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> harness.get(connection).getMetadata().getDeletionTimestamp() != null);
    // its Secret may go meanwhile (a namespace deletion removes it at once): the credentials the
    // operator last read still serve the clean-up
    client.secrets().inNamespace(ns).withName("kibana-credentials").delete();

    harness.delete(vis);

    harness.awaitGone(vis);
    harness.awaitGone(connection);
    assertThat(sim().savedObject("default", "visualization", "user")).isEmpty();
  }

  @Test
  void aCopyKibanaMadeUnderAnotherIdIsRemovedLaterWhenItCouldNotBeRemovedAtOnce() {
    harness.readySuperuserConnection(ns);
    harness.awaitReady(harness.create(visualization(ns, "taken", "kibana")));
    var clash = visualization(ns, "clash", "kibana");
    clash.getSpec().setId("taken");
    clash.getSpec().setSpace("analytics");
    // Kibana imports the object under a new id (the id is taken in another space); deleting that
    // copy again fails
    harness.sim().faults().errors("DELETE /api/saved_objects/{type}/{id}", 1.0, 503);

    var conflicted =
        harness.await(
            harness.create(clash),
            v ->
                v.getStatus() != null
                    && "Conflict".equals(ready(v).getReason())
                    && v.getStatus().getStrayCopies() != null);
    var stray = conflicted.getStatus().getStrayCopies();
    assertThat(stray).hasSize(1);
    assertThat(stray.get(0)).startsWith("analytics/visualization/");
    var copyId = stray.get(0).substring("analytics/visualization/".length());
    assertThat(sim().savedObject("analytics", "visualization", copyId)).isPresent();
    assertThat(ready(conflicted).getMessage()).contains("the operator deletes it later");

    // the next attempt (here: a changed spec) deletes it, and says so in the status
    harness.sim().faults().clear();
    harness.edit(clash, v -> v.getSpec().setTitle("Clash, again"));
    var cleaned =
        harness.await(
            clash,
            v ->
                v.getStatus().getStrayCopies() == null
                    && Long.valueOf(2).equals(v.getStatus().getObservedGeneration()));
    assertThat(ready(cleaned).getReason()).isEqualTo("Conflict");
    assertThat(sim().savedObject("analytics", "visualization", copyId)).isEmpty();
    assertThat(sim().savedObject("default", "visualization", "taken")).isPresent();
    assertThat(harness.awaitEvent(clash, "Deleted").getMessage()).contains(copyId);
  }

  @Test
  void aTeamCannotPublishIntoAnotherTeamsSpaceThroughASharedConnection() {
    var platform = harness.newNamespace("platform");
    var teamB = harness.newNamespace("team-b");
    harness.basicAuthSecret(platform, "kibana-credentials", "elastic", "changeme");
    var shared = harness.basicConnection(platform, "shared", "kibana-credentials");
    shared.getSpec().setAllowedNamespaces(List.of(ns, teamB));
    shared
        .getSpec()
        .setAllowedSpaces(
            List.of(
                new NamespaceSpaces(ns, List.of("default", "team-a-*")),
                new NamespaceSpaces(teamB, List.of("team-b"))));
    harness.awaitReady(harness.create(shared));
    var own = visualization(ns, "team-a-chart", "shared");
    own.getSpec().setConnectionRef(new ConnectionRef("shared", platform));
    harness.awaitReady(harness.create(own));
    var writes = harness.kibanaWrites();

    var hijack = visualization(ns, "into-team-b", "shared");
    hijack.getSpec().setConnectionRef(new ConnectionRef("shared", platform));
    hijack.getSpec().setSpace("team-b");
    var refused = harness.awaitReason(harness.create(hijack), "ConnectionNotAllowed");

    assertThat(ready(refused).getMessage())
        .contains("does not allow namespace " + ns + " to write to space team-b")
        .contains("it allows default, team-a-*");
    assertThat(harness.kibanaWrites()).isEqualTo(writes);
    assertThat(sim().savedObject("team-b", "visualization", "into-team-b")).isEmpty();
  }

  @Test
  void deletionAfterTheNamespaceIsNoLongerAllowedReportsAndLetsGo() {
    var owner = harness.newNamespace("owner");
    harness.basicAuthSecret(owner, "kibana-credentials", "elastic", "changeme");
    var shared = harness.basicConnection(owner, "shared", "kibana-credentials");
    shared.getSpec().setAllowedNamespaces(List.of(ns));
    var connection = harness.awaitReady(harness.create(shared));
    var borrowing = visualization(ns, "borrowed", "shared");
    borrowing.getSpec().setConnectionRef(new ConnectionRef("shared", owner));
    var vis = harness.awaitReady(harness.create(borrowing));
    harness.edit(connection, c -> c.getSpec().setAllowedNamespaces(List.of()));
    harness.awaitReason(vis, "ConnectionNotAllowed");

    harness.delete(vis);

    harness.awaitGone(vis);
    var orphaned = harness.awaitEvent(vis, "Orphaned");
    assertThat(orphaned.getType()).isEqualTo("Warning");
    assertThat(orphaned.getMessage()).contains("does not allow namespace " + ns);
    assertThat(sim().savedObject("default", "visualization", "borrowed")).isPresent();
  }

  @Test
  void deletionAfterTheConnectionIsGoneReleasesTheResourceWithAWarning() {
    var connection = harness.readySuperuserConnection(ns);
    var vis = harness.awaitReady(harness.create(visualization(ns, "left-behind", "kibana")));
    // removed by hand, finalizer and all (as troubleshooting.md shows when the operator is gone)
    harness.delete(connection);
    harness.edit(connection, c -> c.getMetadata().setFinalizers(List.of()));
    harness.awaitGone(connection);
    harness.awaitReason(vis, "ConnectionNotFound");

    harness.delete(vis);

    harness.awaitGone(vis);
    var orphaned = harness.awaitEvent(vis, "Orphaned");
    assertThat(orphaned.getType()).isEqualTo("Warning");
    assertThat(orphaned.getMessage()).contains("not found");
    assertThat(sim().savedObject("default", "visualization", "left-behind")).isPresent();
  }

  // ---- conflicts ----

  @Test
  void theConnectionCannotChangeAndDeletionUsesTheOneTheObjectWasWrittenThrough() {
    harness.readySuperuserConnection(ns);
    harness.awaitReady(harness.create(harness.basicConnection(ns, "other", "kibana-credentials")));
    var vis = harness.create(visualization(ns, "bound", "kibana"));
    var ready = harness.awaitReady(vis);
    assertThat(ready.getStatus().getConnection()).isEqualTo(ns + "/kibana");
    var writes = harness.kibanaWrites();

    harness.edit(vis, v -> v.getSpec().setConnectionRef(new ConnectionRef("other", null)));

    var refused = harness.awaitReason(vis, "InvalidSpec");
    assertThat(ready(refused).getMessage())
        .contains("spec.connectionRef cannot change")
        .contains(ns + "/kibana");
    assertThat(harness.kibanaWrites()).isEqualTo(writes);

    // Deleting goes through the recorded connection even though the spec names another one.
    harness.sim().addUser("nobody", "nobody-password");
    harness.basicAuthSecret(ns, "other-credentials", "nobody", "nobody-password");
    var other =
        harness.client().resources(KibanaConnection.class).inNamespace(ns).withName("other").get();
    harness.edit(
        other, c -> c.getSpec().getAuth().getBasicAuthSecretRef().setName("other-credentials"));
    harness.delete(vis);
    harness.awaitGone(vis);
    assertThat(harness.sim().savedObject("default", "visualization", "bound")).isEmpty();
  }

  @Test
  void objectCreatedBySomeoneElseIsAConflictUntilAdopted() {
    harness.readySuperuserConnection(ns);
    assertThat(
            harness
                .kibana(
                    "POST",
                    "/api/saved_objects/visualization/theirs",
                    "{\"attributes\":{\"title\":\"Theirs\",\"visState\":\"{}\"}}")
                .status())
        .isEqualTo(200);

    var vis = harness.create(visualization(ns, "theirs", "kibana"));
    var conflict = harness.awaitReason(vis, "Conflict");
    assertThat(ready(conflict).getMessage()).contains("spec.adopt: true");
    assertThat(title("default", "theirs")).isEqualTo("Theirs");
    assertThat(harness.awaitEvent(vis, "Conflict").getType()).isEqualTo("Warning");

    harness.edit(vis, v -> v.getSpec().setAdopt(true));

    harness.awaitReady(vis);
    assertThat(title("default", "theirs")).isEqualTo("Chart theirs");
    assertThat(stored("default", "theirs").path("managed").asBoolean()).isTrue();
    harness.awaitEvent(vis, "Adopted");
  }

  @Test
  void sameIdFromAnotherTeamIsAConflictAndDeletingItLeavesTheFirstTeamsObject() {
    harness.readySuperuserConnection(ns);
    harness.awaitReady(harness.create(visualization(ns, "popular", "kibana")));
    var otherTeam = harness.newNamespace("other-team");
    harness.readySuperuserConnection(otherTeam);
    var copy = visualization(otherTeam, "popular", "kibana");
    copy.getSpec().setTitle("Another team's idea");

    var conflict = harness.awaitReason(harness.create(copy), "Conflict");
    assertThat(title("default", "popular")).isEqualTo("Chart popular");

    harness.delete(conflict);
    harness.awaitGone(conflict);
    assertThat(title("default", "popular")).isEqualTo("Chart popular");
    harness.cleanNamespace(otherTeam);
  }

  @Test
  void idTakenInAnotherSpaceIsAConflictAndLeavesNoCopyBehind() {
    harness.readySuperuserConnection(ns);
    harness.kibana("POST", "/api/spaces/space", "{\"id\":\"elsewhere\",\"name\":\"Elsewhere\"}");
    assertThat(
            harness
                .kibana(
                    "POST",
                    "/s/elsewhere/api/saved_objects/visualization/shared-id",
                    "{\"attributes\":{\"title\":\"Elsewhere\",\"visState\":\"{}\"}}")
                .status())
        .isEqualTo(200);

    var vis = harness.create(visualization(ns, "shared-id", "kibana"));

    var conflict = harness.awaitReason(vis, "Conflict");
    assertThat(ready(conflict).getMessage()).contains("another space").contains("deleted again");
    // Kibana refused the create, so nothing is left recorded that could cover a later object.
    assertThat(conflict.getStatus().getCreating()).isNull();
    var inDefault =
        harness.kibana("GET", "/api/saved_objects/_find?type=visualization&per_page=100", null);
    assertThat(inDefault.json().path("saved_objects").findValuesAsText("title"))
        .doesNotContain("Chart shared-id");
    assertThat(title("elsewhere", "shared-id")).isEqualTo("Elsewhere");
  }

  // ---- invalid specs ----

  @Test
  void vegaThatIsNotAnObjectIsInvalidSpecWithAWarning() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "array", "kibana");
    vis.getSpec().setVegaLite(null);
    vis.getSpec().setVega(json("[{\"mark\":\"bar\"}]"));

    var failed = harness.awaitReason(harness.create(vis), "InvalidSpec");
    assertThat(ready(failed).getMessage()).isEqualTo("vega must be a JSON object");
    assertThat(harness.awaitEvent(vis, "InvalidSpec").getType()).isEqualTo("Warning");
    assertThat(sim().savedObject("default", "visualization", "array")).isEmpty();
  }

  /**
   * Each kind of broken chart the issue lists ends Ready=False, InvalidSpec, with Validated=False
   * carrying the parser's or the library's message, and is never written; fixed, it is validated
   * once (the hash is recorded) and written.
   */
  @Test
  void brokenChartsAreInvalidSpecWithTheLibrarysMessageAndNeverWritten() {
    harness.readySuperuserConnection(ns);
    var broken = new java.util.LinkedHashMap<String, String>();
    broken.put("bad-mark", "{\"$schema\": \"" + VEGA_LITE + "\", \"mark\": \"pointy\"}");
    broken.put("truncated", "{\"$schema\": \"" + VEGA_LITE + "\", \"mark\": \"ba");
    broken.put("hjson-no-brace", "{\n  $schema: " + VEGA_LITE + "\n  mark: bar\n");
    broken.put("schema-in-comment", "{\n  // $schema: " + VEGA_LITE + "\n  mark: bar\n}");
    var expected =
        Map.of(
            "bad-mark", "vega-lite 5.23.0 and vega 5.33.0 reject the chart (vega-lite compile): ",
            "truncated", "the chart is not valid JSON",
            "hjson-no-brace", "the chart is not valid HJSON",
            "schema-in-comment", "the chart has no $schema");
    var created = new ArrayList<KibanaVisualization>();
    broken.forEach(
        (id, text) -> {
          var vis = visualization(ns, id, "kibana");
          vis.getSpec().setVegaLite(null);
          vis.getSpec().setSpec(text);
          created.add(harness.create(vis));
        });
    for (var vis : created) {
      var id = vis.getMetadata().getName();
      var refused = harness.awaitReason(vis, "InvalidSpec");
      var validated =
          Conditions.find(refused.getStatus().getConditions(), Conditions.VALIDATED).orElseThrow();
      assertThat(validated.getStatus()).as(id).isEqualTo("False");
      assertThat(validated.getMessage()).as(id).startsWith(expected.get(id));
      assertThat(ready(refused).getMessage()).as(id).isEqualTo(validated.getMessage());
      assertThat(refused.getStatus().getValidatedHash()).as(id).isNull();
      assertThat(sim().savedObject("default", "visualization", id)).as(id).isEmpty();
    }

    var fixed = harness.edit(created.get(0), v -> v.getSpec().setSpec(chart("point")));
    var ready = harness.awaitReady(fixed);
    var passed =
        Conditions.find(ready.getStatus().getConditions(), Conditions.VALIDATED).orElseThrow();
    assertThat(passed.getStatus()).isEqualTo("True");
    assertThat(passed.getMessage())
        .isEqualTo("vega-lite 5.23.0 and vega 5.33.0 compile, parse and run the chart");
    assertThat(ready.getStatus().getValidatedHash()).hasSize(64);
    assertThat(sim().savedObject("default", "visualization", "bad-mark")).isPresent();
  }

  /** A later generation that fails before its chart is checked does not inherit the old pass. */
  @Test
  void aGenerationThatFailsBeforeItsCheckIsValidatedUnknown() {
    harness.readySuperuserConnection(ns);
    var ready = harness.awaitReady(harness.create(visualization(ns, "unchecked", "kibana")));
    var passed =
        Conditions.find(ready.getStatus().getConditions(), Conditions.VALIDATED).orElseThrow();
    assertThat(passed.getStatus()).isEqualTo("True");

    var moved =
        harness.edit(
            ready,
            v -> {
              v.getSpec().setVegaLite(null);
              v.getSpec()
                  .setSpecFrom(new SpecSource(new ConfigMapKeyRef("not-there-yet", "c.json")));
            });
    var failed = harness.awaitReason(moved, "SpecSourceNotFound");
    var validated =
        Conditions.find(failed.getStatus().getConditions(), Conditions.VALIDATED).orElseThrow();
    assertThat(validated.getStatus()).isEqualTo("Unknown");
    assertThat(validated.getReason()).isEqualTo("ValidationPending");
    assertThat(validated.getObservedGeneration()).isEqualTo(failed.getMetadata().getGeneration());
    assertThat(failed.getStatus().getValidatedHash()).isNull();
  }

  @Test
  void twoChartSourcesAreInvalidSpec() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "two-sources", "kibana");
    vis.getSpec().setSpec(chart("bar"));

    var failed = harness.awaitReason(harness.create(vis), "InvalidSpec");
    assertThat(ready(failed).getMessage())
        .contains("set exactly one of vegaLite, vega, spec and specFrom");
  }

  @Test
  void aSecondChartSourceIsReportedBeforeAMissingConfigMap() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "two-sources-one-missing", "kibana");
    vis.getSpec().setSpecFrom(new SpecSource(new ConfigMapKeyRef("no-such-charts", "c.json")));

    var failed = harness.awaitReason(harness.create(vis), "InvalidSpec");
    assertThat(ready(failed).getMessage())
        .contains("set exactly one of vegaLite, vega, spec and specFrom (found 2)");
  }

  // ---- connections ----

  @Test
  void missingConnectionIsConnectionNotFoundUntilItExists() {
    var vis = harness.create(visualization(ns, "early", "kibana"));

    var failed = harness.awaitReason(vis, "ConnectionNotFound");
    assertThat(ready(failed).getMessage())
        .isEqualTo("KibanaConnection " + ns + "/kibana not found");

    harness.readySuperuserConnection(ns);
    harness.awaitReady(vis);
  }

  @Test
  void connectionInAnotherNamespaceMustAllowThisNamespace() {
    var shared = harness.newNamespace("shared");
    var connection = harness.readySuperuserConnection(shared);
    var vis = visualization(ns, "borrower", "kibana");
    vis.getSpec().setConnectionRef(new ConnectionRef("kibana", shared));

    var refused = harness.awaitReason(harness.create(vis), "ConnectionNotAllowed");
    assertThat(ready(refused).getMessage()).contains(ns).contains("spec.allowedNamespaces");

    harness.edit(connection, c -> c.getSpec().setAllowedNamespaces(List.of(ns)));

    harness.awaitReady(vis);
    assertThat(sim().savedObject("default", "visualization", "borrower")).isPresent();

    // taking the permission back is noticed without touching the visualization
    harness.edit(connection, c -> c.getSpec().setAllowedNamespaces(null));
    harness.await(vis, v -> "ConnectionNotAllowed".equals(ready(v).getReason()));
    harness.cleanNamespace(shared);
  }

  @Test
  void connectionThatIsNotReadyHoldsTheVisualizationBack() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "wrong");
    harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));
    var vis = harness.create(visualization(ns, "waiting", "kibana"));

    // before the connection's first check the message says so; then it names the check's failure
    var waiting =
        harness.await(
            vis,
            v ->
                "ConnectionNotReady".equals(ready(v).getReason())
                    && ready(v).getMessage().contains("Unauthorized"));
    assertThat(ready(waiting).getMessage()).contains(ns + "/kibana").contains("401");

    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    harness.awaitReady(vis);
  }

  @Test
  void connectionWithoutItsSecretHoldsTheVisualizationBackNamingTheSecret() {
    harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));
    var vis = harness.create(visualization(ns, "no-secret", "kibana"));

    var waiting =
        harness.await(
            vis,
            v ->
                "ConnectionNotReady".equals(ready(v).getReason())
                    && ready(v).getMessage().contains("SecretNotFound"));
    assertThat(ready(waiting).getMessage())
        .contains("Secret " + ns + "/kibana-credentials not found");

    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    harness.awaitReady(vis);
  }

  // ---- Kibana's answers ----

  @Test
  void missingPrivilegeIsForbiddenNamingThePrivilegeAndSpace() {
    sim().addUser("reader", "reader-password", "viewer");
    harness.basicAuthSecret(ns, "reader-credentials", "reader", "reader-password");
    harness.awaitReady(harness.create(harness.basicConnection(ns, "kibana", "reader-credentials")));

    var failed =
        harness.awaitReason(harness.create(visualization(ns, "denied", "kibana")), "Forbidden");

    assertThat(ready(failed).getMessage()).contains("visualize: all").contains("space 'default'");
    assertThat(sim().savedObject("default", "visualization", "denied")).isEmpty();
  }

  @Test
  void requestKibanaRejectsIsKibanaErrorWithKibanasMessageUntilItAccepts() {
    harness.readySuperuserConnection(ns);
    sim().faults().errors("POST " + IMPORT, 1.0, 400);

    var vis = harness.create(fastResync(visualization(ns, "rejected", "kibana")));

    var failed = harness.awaitReason(vis, "KibanaError");
    assertThat(ready(failed).getMessage())
        .contains("POST " + IMPORT)
        .contains("400")
        .contains("Bad Request");
    assertThat(harness.awaitEvent(vis, "KibanaError").getType()).isEqualTo("Warning");

    sim().faults().clear();
    harness.awaitReady(vis);
  }

  @Test
  void outageIsRetriedAndRecoversWithoutAnEdit() {
    harness.readySuperuserConnection(ns);
    sim().faults().errors("*", 1.0, 503);

    // the backoff is capped at the resync period, so retries come every second here
    var vis = harness.create(fastResync(visualization(ns, "patient", "kibana")));

    var failed = harness.awaitReason(vis, "KibanaUnreachable");
    assertThat(ready(failed).getMessage()).contains("503");
    var requests = sim().counters().total();
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> sim().counters().total() > requests + 1);
    // the same failure again is not news: one Warning, however many attempts
    assertThat(harness.events(vis))
        .filteredOn(e -> "KibanaUnreachable".equals(e.getReason()))
        .hasSize(1);

    sim().faults().clear();

    var recovered = harness.awaitReady(vis);
    assertThat(recovered.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(sim().savedObject("default", "visualization", "patient")).isPresent();
  }

  @Test
  void kibanaTooSlowForTheRequestTimeoutIsUnreachableNamingTheTimeout() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var connection = harness.basicConnection(ns, "kibana", "kibana-credentials");
    connection.getSpec().setRequestTimeout("1s");
    harness.awaitReady(harness.create(connection));
    KibanaVisualization vis;
    // Kibana does not answer the read at all until released: only the request timeout ends it.
    try (var reading = sim().faults().hold("POST " + EXPORT)) {
      vis = harness.create(fastResync(visualization(ns, "slow", "kibana")));

      var failed = harness.awaitReason(vis, "KibanaUnreachable");
      assertThat(reading.arrived()).isPositive();
      assertThat(ready(failed).getMessage()).contains("request timeout").contains("PT1S");
    }

    harness.awaitReady(vis);
  }

  @Test
  void aRestartedOperatorFindsEverythingInSyncAndWritesNothing() {
    harness.readySuperuserConnection(ns);
    var vis =
        harness.awaitReady(harness.create(fastResync(visualization(ns, "survivor", "kibana"))));
    var survivorRole = OperatorHarness.role(ns, "survivor-role", "kibana", "analytics");
    survivorRole.getSpec().setResyncPeriod("1s");
    var role = harness.awaitReady(harness.create(survivorRole));
    var writes = harness.kibanaWrites();
    var events = harness.events(ns).size();
    var reads = sim().counters().count("POST", EXPORT);
    var roleReads = sim().counters().count("GET", "/api/security/role");

    harness.restartOperator();

    // The new operator reconciles both on start and again every second: three more reads of each
    // (one may still be the old operator's) mean a reconcile of the new one has finished.
    Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () ->
                sim().counters().count("POST", EXPORT) >= reads + 3
                    && sim().counters().count("GET", "/api/security/role") >= roleReads + 3);
    assertThat(harness.kibanaWrites()).isEqualTo(writes);
    assertThat(harness.get(vis).getMetadata().getResourceVersion())
        .isEqualTo(vis.getMetadata().getResourceVersion());
    assertThat(harness.get(role).getMetadata().getResourceVersion())
        .isEqualTo(role.getMetadata().getResourceVersion());
    assertThat(harness.events(ns)).hasSize(events);
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterBeforeTryingAgain() {
    harness.readySuperuserConnection(ns);
    // A chart resynced every second is the clock: its reads say time has passed.
    harness.awaitReady(harness.create(fastResync(visualization(ns, "clock", "kibana"))));
    sim().faults().errors("POST " + IMPORT, 1.0, 429, Duration.ofHours(1));
    var before = imports();

    var vis = harness.create(visualization(ns, "throttled", "kibana"));

    var failed = harness.awaitReason(vis, "KibanaUnreachable");
    assertThat(ready(failed).getMessage()).contains("429").contains("retry after 3600s");
    assertThat(imports()).isEqualTo(before + 1);
    // Without Retry-After the backoff would try again after 2s; three resyncs of the clock is
    // longer.
    harness.awaitMoreRequests("POST", EXPORT, 3);
    assertThat(imports()).isEqualTo(before + 1);
  }

  @Test
  void thePauseAnnotationStopsKibanaReadsAndWritesUntilItIsRemoved() {
    harness.readySuperuserConnection(ns);
    var vis = visualization(ns, "paused-chart", "kibana");
    vis.getSpec().setResyncPeriod("1s");
    vis = harness.awaitReady(harness.create(vis));

    harness.edit(vis, v -> v.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true")));
    var paused = harness.awaitReason(vis, "Paused");
    assertThat(ready(paused).getMessage()).contains(Pause.ANNOTATION);
    assertThat(paused.getStatus().getId()).as("what it owns is kept").isEqualTo("paused-chart");
    var before = kibanaObjectRequests();

    // A spec change is reconciled (its generation is observed) without touching Kibana.
    var edited = harness.edit(paused, v -> v.getSpec().setTitle("Edited while paused"));
    harness.await(
        edited,
        v ->
            v.getStatus().getObservedGeneration() > paused.getMetadata().getGeneration()
                && "Paused".equals(ready(v).getReason()));
    assertThat(kibanaObjectRequests()).isEqualTo(before);
    assertThat(title("default", "paused-chart")).isEqualTo("Chart paused-chart");

    harness.edit(edited, v -> v.getMetadata().getAnnotations().remove(Pause.ANNOTATION));
    harness.await(edited, v -> Conditions.isReady(v.getStatus()));
    assertThat(title("default", "paused-chart")).isEqualTo("Edited while paused");
    assertThat(harness.events(edited)).extracting(e -> e.getReason()).contains("Paused");
  }

  /** Requests to Kibana's saved objects and spaces routes (not the connection's status checks). */
  static long kibanaObjectRequests() {
    return sim().counters().snapshot().entrySet().stream()
        .filter(e -> e.getKey().contains("saved_objects") || e.getKey().contains("spaces"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** A chart of this mark that the real libraries draw (two rows, x and y). */
  static String chart(String mark) {
    return "{\"$schema\":\""
        + VEGA_LITE
        + "\",\"mark\":\""
        + mark
        + "\",\"data\":{\"values\":[{\"a\":1,\"b\":2},{\"a\":2,\"b\":3}]},"
        + "\"encoding\":{\"x\":{\"field\":\"a\",\"type\":\"quantitative\"},"
        + "\"y\":{\"field\":\"b\",\"type\":\"quantitative\"}}}";
  }

  /**
   * The compatibility matrix for visualizations: a publish and its resyncs on a simulator of each
   * profile (deprecation headers on 8.17+, _export reads on serverless).
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
    void resyncOfAnUnchangedChartWritesNothingToKibanaOrToStatus() {
      harness.readySuperuserConnection(ns);
      var vis =
          harness.awaitReady(harness.create(fastResync(visualization(ns, "steady", "kibana"))));
      var writes = harness.kibanaWrites();

      // two more reads: the first one's resync has finished, writes included. Serverless reads
      // through _export (CRUD and _bulk_get are internal there).
      harness.awaitMoreRequests("POST", EXPORT, 2);

      assertThat(harness.kibanaWrites()).isEqualTo(writes);
      var after = harness.get(vis);
      assertThat(after.getMetadata().getResourceVersion())
          .isEqualTo(vis.getMetadata().getResourceVersion());
      assertThat(after.getStatus().getLastSyncTime()).isEqualTo(vis.getStatus().getLastSyncTime());
      assertThat(harness.events(vis)).extracting(e -> e.getReason()).containsExactly("Created");
    }
  }
}

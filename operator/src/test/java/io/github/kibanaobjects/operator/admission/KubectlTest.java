package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the README and docs tell users to run, with the real kubectl against the real API server:
 * {@code kubectl apply -k deploy/} (as kustomize then server-side apply), {@code kubectl get} with
 * the kinds' printer columns, and {@code kubectl explain}.
 */
class KubectlTest {
  private static final String NAMESPACE = "kubectl-demo";
  private static RealApiServer server;
  private static KubernetesClient client;
  private static String deployOutput;

  @BeforeAll
  static void installDeployAndOneResourceOfEachKind() throws IOException {
    server = RealApiServer.get();
    client = server.client();

    var manifests = Files.createTempFile("deploy-", ".yaml");
    try {
      var kustomized = server.kubectl("kustomize", Path.of("..", "deploy").toString());
      assertThat(kustomized.exitCode()).as(kustomized.output()).isZero();
      Files.writeString(manifests, kustomized.output());

      var applied = server.kubectl("apply", "--server-side", "-f", manifests.toString());
      assertThat(applied.exitCode()).as(applied.output()).isZero();
      deployOutput = applied.output();
    } finally {
      Files.deleteIfExists(manifests);
    }

    server.ensureNamespace(NAMESPACE);
    ready(
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaVisualization
        metadata: {name: cars-scatter, namespace: kubectl-demo}
        spec: {connectionRef: {name: kibana}, title: Cars, vegaLite: {mark: point}}
        """,
        Map.of("id", "cars-scatter", "space", "analytics"));
    ready(
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaRole
        metadata: {name: vega-publisher, namespace: kubectl-demo}
        spec: {connectionRef: {name: kibana}}
        """,
        Map.of("name", "vega-publisher"));
    ready(
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaConnection
        metadata: {name: kibana, namespace: kubectl-demo}
        spec: {url: "https://kibana:5601", auth: {apiKeySecretRef: {name: kibana-api-key}}}
        """,
        Map.of("kibanaVersion", "9.1.0"));
  }

  /** Creates the resource and writes the status the operator would: Ready True, Synced. */
  private static void ready(String yaml, Map<String, Object> status) {
    var resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    var resources =
        client
            .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
            .inNamespace(NAMESPACE);
    var created = resources.resource(resource).create();
    var full = new HashMap<String, Object>(status);
    full.put(
        "conditions",
        List.of(
            Map.of(
                "type", "Ready",
                "status", "True",
                "reason", "Synced",
                "message", "in Kibana",
                "lastTransitionTime", "2026-01-01T00:00:00Z")));
    created.setAdditionalProperty("status", full);
    resources.resource(created).updateStatus();
  }

  @Test
  void applyKustomizeDeployServerSideInstallsEverything() {
    assertThat(deployOutput)
        .contains("customresourcedefinition.apiextensions.k8s.io/kibanavisualizations")
        .contains("customresourcedefinition.apiextensions.k8s.io/kibanaroles")
        .contains("customresourcedefinition.apiextensions.k8s.io/kibanaconnections")
        .contains("namespace/")
        .contains("serviceaccount/")
        .contains("clusterrole.rbac.authorization.k8s.io/")
        .contains("clusterrolebinding.rbac.authorization.k8s.io/")
        .contains("role.rbac.authorization.k8s.io/")
        .contains("rolebinding.rbac.authorization.k8s.io/")
        .contains("deployment.apps/")
        .contains("poddisruptionbudget.policy/")
        .contains("networkpolicy.networking.k8s.io/")
        .doesNotContain("error", "Error");
    var deployments = server.kubectl("get", "deployments", "--all-namespaces", "-o", "name");
    assertThat(deployments.output()).contains("deployment.apps/");
  }

  @Test
  void getShowsReadyAndReasonColumns() {
    var result = server.kubectl("get", "kvis,krole,kconn", "-n", NAMESPACE);
    assertThat(result.exitCode()).as(result.output()).isZero();
    // one table per kind, separated by an empty line, in the order asked for
    var tables = result.output().strip().split("\\R\\s*\\R");
    assertThat(tables).hasSize(3);
    assertColumns(tables[0], "NAME", "READY", "REASON", "ID", "SPACE");
    assertThat(tables[0])
        .containsPattern("cars-scatter\\s+\\S+\\s+True\\s+Synced\\s+cars-scatter\\s+analytics");
    assertColumns(tables[1], "NAME", "READY", "REASON", "ROLE");
    assertThat(tables[1])
        .containsPattern("vega-publisher\\s+\\S+\\s+True\\s+Synced\\s+vega-publisher");
    assertColumns(tables[2], "NAME", "READY", "REASON", "VERSION");
    assertThat(tables[2]).containsPattern("kibana\\s+\\S+\\s+True\\s+Synced\\s+9\\.1\\.0");
  }

  @Test
  void wideOutputAddsThePriorityColumns() {
    var wide = server.kubectl("get", "kvis,kconn", "-n", NAMESPACE, "-o", "wide");
    assertThat(wide.exitCode()).as(wide.output()).isZero();
    assertThat(wide.output()).contains("TITLE").contains("Cars").contains("URL");
  }

  @Test
  void explainDescribesTheSpec() {
    var explained = server.kubectl("explain", "kvis.spec");
    assertThat(explained.exitCode()).as(explained.output()).isZero();
    assertThat(explained.output())
        .contains("KIND:       KibanaVisualization")
        .contains("connectionRef")
        .contains("vegaLite")
        .contains("Kibana space id to put the visualization in");
    var role = server.kubectl("explain", "krole.spec.kibana.feature");
    assertThat(role.exitCode()).as(role.output()).isZero();
    assertThat(role.output()).contains("Feature privileges by feature id");
  }

  /**
   * The table's columns, in order after NAME, except AGE: the CRD generator orders columns by JSON
   * path, so AGE (.metadata.creationTimestamp) comes right after NAME.
   */
  private static void assertColumns(String table, String... columns) {
    var header = List.of(table.lines().findFirst().orElse("").trim().split("\\s+"));
    var withoutAge = header.stream().filter(c -> !c.equals("AGE")).toList();
    assertThat(withoutAge).as(table).containsExactly(columns);
    assertThat(header).as(table).contains("AGE");
  }
}

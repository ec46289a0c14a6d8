package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in deploy/helm/, rendered by Helm's own engine (helm-java bundles it) and applied
 * to the real API server, holds what the kustomize base in deploy/ holds.
 */
class HelmChartTest {
  private static final Path CHART = Path.of("..", "deploy", "helm", "kibana-objects-operator");
  private static final String NAMESPACE = "helm-demo";
  private static RealApiServer server;
  private static String rendered;
  private static List<HasMetadata> chart;
  private static List<HasMetadata> kustomize;

  @BeforeAll
  static void renderChartAndKustomizeBase() throws IOException {
    server = RealApiServer.get();
    KubernetesClient client = server.client();
    rendered =
        new Helm(CHART)
            .template()
            .withName("kibana-objects-operator")
            .withNamespace(NAMESPACE)
            // the real server's version, checked against the chart's kubeVersion
            .withKubeVersion(client.getKubernetesVersion().getGitVersion())
            .call();
    // helm-java's template has no --include-crds: Helm installs the chart's crds/ itself, so they
    // join the rendered templates here, as they do in `helm install`.
    var crds = new StringBuilder();
    try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
      for (var crd : files.sorted().toList()) {
        crds.append("---\n").append(Files.readString(crd));
      }
    }
    rendered = crds + "---\n" + rendered;
    chart = load(client, rendered);
    var kustomized = server.kubectl("kustomize", Path.of("..", "deploy").toString());
    assertThat(kustomized.exitCode()).as(kustomized.output()).isZero();
    kustomize = load(client, kustomized.output());
  }

  /** The chart's crds/ is a copy of the generated crds/ (Helm reads only files in the chart). */
  @Test
  void chartCrdsAreTheGeneratedCrds() throws IOException {
    var generated = Path.of("..", "crds");
    try (Stream<Path> files = Files.list(generated)) {
      for (var crd : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        var copy = CHART.resolve("crds").resolve(crd.getFileName());
        assertThat(copy)
            .as("regenerated CRDs: cp crds/*.yml %s/crds/", CHART)
            .exists()
            .hasSameBinaryContentAs(crd);
      }
    }
    try (Stream<Path> copies = Files.list(CHART.resolve("crds"))) {
      assertThat(copies.map(f -> f.getFileName().toString()))
          .allSatisfy(name -> assertThat(generated.resolve(name)).exists());
    }
  }

  @Test
  void renderedChartPassesAdmissionOnTheRealApiServer() throws IOException {
    server.ensureNamespace(NAMESPACE);
    var manifests = Files.createTempFile("helm-", ".yaml");
    try {
      Files.writeString(manifests, rendered);
      // Dry run: the kustomize base (KubectlTest) installs objects of the same cluster-wide names.
      var applied =
          server.kubectl("apply", "--server-side", "--dry-run=server", "-f", manifests.toString());
      assertThat(applied.exitCode()).as(applied.output()).isZero();
      assertThat(applied.output())
          .contains("customresourcedefinition.apiextensions.k8s.io/kibanavisualizations")
          .contains("clusterrole.rbac.authorization.k8s.io/kibana-objects-operator")
          .contains("deployment.apps/kibana-objects-operator")
          .contains("service/kibana-objects-operator-metrics")
          .contains("poddisruptionbudget.policy/kibana-objects-operator")
          .contains("networkpolicy.networking.k8s.io/kibana-objects-operator");
    } finally {
      Files.deleteIfExists(manifests);
    }
  }

  /** The kustomize base's kinds, less its Namespace (Helm installs into the release namespace). */
  @Test
  void chartHasTheKustomizeBaseKindsPlusTheMetricsService() {
    var expected = kinds(kustomize);
    expected.remove("Namespace");
    expected.add("Service");
    assertThat(kinds(chart)).isEqualTo(expected);
    assertThat(chart)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isIn(null, NAMESPACE));
  }

  @Test
  void sameCrdsAndClusterRoleRulesAsTheKustomizeBase() {
    assertThat(names(chart, "CustomResourceDefinition"))
        .isEqualTo(names(kustomize, "CustomResourceDefinition"))
        .hasSize(5);
    assertThat(only(chart, ClusterRole.class).getRules())
        .isEqualTo(only(kustomize, ClusterRole.class).getRules());
  }

  @Test
  void serviceMonitorOnlyWhenAskedFor() {
    assertThat(rendered).doesNotContain("kind: ServiceMonitor");
    var withMonitor =
        new Helm(CHART)
            .template()
            .withName("kibana-objects-operator")
            .withNamespace(NAMESPACE)
            .withKubeVersion(server.client().getKubernetesVersion().getGitVersion())
            .skipCrds()
            .set("metrics.serviceMonitor.enabled", true)
            .call();
    assertThat(withMonitor).contains("kind: ServiceMonitor").contains("path: /metrics");
  }

  private static List<HasMetadata> load(KubernetesClient client, String yaml) {
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  private static Set<String> kinds(List<HasMetadata> objects) {
    return objects.stream()
        .map(HasMetadata::getKind)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> names(List<HasMetadata> objects, String kind) {
    return objects.stream()
        .filter(o -> o.getKind().equals(kind))
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    var matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}

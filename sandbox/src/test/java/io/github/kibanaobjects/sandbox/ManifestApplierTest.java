package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManifestApplierTest {

  private static final String SIM_URL = "http://127.0.0.1:5999";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static InMemoryKubernetes kubernetes;

  @BeforeAll
  static void start() throws Exception {
    kubernetes = InMemoryKubernetes.start(0);
    kubernetes.install(
        BundledCrds.fromFolder(Path.of("src/test/resources/test-crds"), SERIALIZATION));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void createsMissingNamespacesAndPointsConnectionsAtTheSimulator() {
    var out = new ByteArrayOutputStream();
    var resources =
        Manifests.parse(
            """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaConnection
        metadata: {name: kibana, namespace: team-a}
        spec: {url: "https://kibana.example.com:5601"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: team-a}
        stringData: {username: elastic, password: changeme}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: no-namespace}
        data: {a: b}
        """,
            "test.yaml",
            SERIALIZATION);

    var applied = applier(out).apply(resources);

    assertThat(applied)
        .extracting(GenericKubernetesResource::getKind)
        .containsExactly("Secret", "ConfigMap", "KibanaConnection");
    var client = kubernetes.client();
    assertThat(client.namespaces().withName("team-a").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("default").withName("no-namespace").get())
        .isNotNull();
    var connection =
        client
            .genericKubernetesResources("kibanaobjects.github.io/v1alpha1", "KibanaConnection")
            .inNamespace("team-a")
            .withName("kibana")
            .get();
    assertThat(connection.getAdditionalProperties().get("spec")).isEqualTo(Map.of("url", SIM_URL));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("created Namespace team-a")
        .contains(
            "KibanaConnection team-a/kibana: spec.url https://kibana.example.com:5601 -> "
                + SIM_URL
                + " (kibana-sim)");
  }

  @Test
  void updatesAnExistingObjectAndKeepsItsStatus() {
    var first = role("kept", "first");
    var created = applier(new ByteArrayOutputStream()).apply(List.of(first)).get(0);
    created.getAdditionalProperties().put("status", Map.of("observedGeneration", 1));
    kubernetes.client().resource(created).updateStatus();

    var second = applier(new ByteArrayOutputStream()).apply(List.of(role("kept", "second")));

    var stored = kubernetes.client().resource(second.get(0)).get();
    assertThat(stored.getAdditionalProperties().get("spec")).isEqualTo(Map.of("name", "second"));
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("observedGeneration", 1));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void knowsTheOperatorsKinds() {
    assertThat(ManifestApplier.isKibanaObject(role("x", "y"))).isTrue();
    var secret =
        Manifests.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n", "s", SERIALIZATION)
            .get(0);
    assertThat(ManifestApplier.isKibanaObject(secret)).isFalse();
  }

  private static ManifestApplier applier(ByteArrayOutputStream out) {
    return new ManifestApplier(
        kubernetes.client(),
        kubernetes.serverSideApply(),
        SIM_URL,
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private static GenericKubernetesResource role(String name, String roleName) {
    return Manifests.parse(
            """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaRole
        metadata: {name: %s, namespace: default}
        spec: {name: %s}
        """
                .formatted(name, roleName),
            "role.yaml",
            SERIALIZATION)
        .get(0);
  }
}

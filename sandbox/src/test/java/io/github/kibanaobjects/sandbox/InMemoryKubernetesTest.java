package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mock API as the sandbox sets it up: CRUD, CRDs installed, API-server-like discovery. */
class InMemoryKubernetesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static InMemoryKubernetes kubernetes;

  @BeforeAll
  static void start() throws Exception {
    kubernetes = InMemoryKubernetes.start(0);
    kubernetes.install(
        BundledCrds.fromFolder(
            Path.of("src/test/resources/test-crds"), new KubernetesSerialization()));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void servesDiscoveryForTheInstalledCrds() throws Exception {
    var groups = get("/apis");
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groups.path("groups").findValuesAsText("name"))
        .contains("apiextensions.k8s.io", "kibanaobjects.github.io");

    var resources = get("/apis/kibanaobjects.github.io/v1alpha1");
    assertThat(resources.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(resources.path("resources").findValuesAsText("name"))
        .containsExactly(
            "kibanaconnections",
            "kibanaconnections/status",
            "kibanaroles",
            "kibanaroles/status",
            "kibanavisualizations",
            "kibanavisualizations/status");
    assertThat(resources.path("resources").get(2).path("shortNames").get(0).asText())
        .isEqualTo("krole");

    assertThat(get("/api").path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(get("/api/v1").path("resources").findValuesAsText("name"))
        .contains("namespaces", "secrets", "configmaps");
    assertThat(get("/version").path("gitVersion").asText())
        .isEqualTo(ApiServerDispatcher.KUBERNETES_VERSION);
  }

  @Test
  void servesAnEmptyOpenApiDocumentSoKubectlValidationPasses() throws Exception {
    var response = send("/openapi/v2");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(send("/openapi/v3").statusCode()).isEqualTo(404);
  }

  @Test
  void keepsStatusAsASubresourceOfTheInstalledKinds() {
    var client = kubernetes.client();
    var role = role("status-test");
    role.getAdditionalProperties().put("status", Map.of("observedGeneration", 7));
    var created = client.resource(role).create();
    assertThat(created.getAdditionalProperties()).doesNotContainKey("status");

    created.getAdditionalProperties().put("status", Map.of("observedGeneration", 1));
    client.resource(created).updateStatus();

    var stored = client.resource(role).get();
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("observedGeneration", 1));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void storesASecretsStringDataAsData() {
    var client = kubernetes.client();
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("string-data")
            .withNamespace("default")
            .endMetadata()
            .addToStringData("password", "changeme")
            .build();
    client.resource(secret).create();

    var stored = client.secrets().inNamespace("default").withName("string-data").get();
    assertThat(stored.getStringData()).isNullOrEmpty();
    assertThat(decode(stored.getData().get("password"))).isEqualTo("changeme");
  }

  @Test
  void appliesAStrategicMergePatchAsAMergePatch() {
    var client = kubernetes.client();
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("patched")
            .withNamespace("default")
            .endMetadata()
            .addToData("username", encode("elastic"))
            .build();
    client.resource(secret).create();

    // What kubectl apply sends for a built-in kind on the second apply.
    client
        .secrets()
        .inNamespace("default")
        .withName("patched")
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            "{\"$setElementOrder/finalizers\":[],\"stringData\":{\"password\":\"other\"}}");

    var stored = client.secrets().inNamespace("default").withName("patched").get();
    assertThat(decode(stored.getData().get("username"))).isEqualTo("elastic");
    assertThat(decode(stored.getData().get("password"))).isEqualTo("other");
    assertThat(stored.getAdditionalProperties()).isEmpty();
  }

  @Test
  void refusesDryRunWritesInsteadOfStoringThem() throws Exception {
    var client = kubernetes.client();
    client.resource(role("dry-run")).create();

    // What kubectl diff sends: the mock would apply it for real.
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    kubernetes.url()
                        + "/apis/kibanaobjects.github.io/v1alpha1/namespaces/default/kibanaroles/dry-run"
                        + "?dryRun=All&fieldManager=kubectl-client-side-apply"))
            .header("Content-Type", "application/merge-patch+json")
            .method(
                "PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"name\":\"changed\"}}"))
            .build();
    var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("dryRun");
    assertThat(client.resource(role("dry-run")).get().getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("name", "dry-run"));
  }

  @Test
  void writesAKubeconfigThatPointsAtTheServer(@TempDir Path dir) throws Exception {
    var file = kubernetes.writeKubeconfig(dir.resolve("state/kubeconfig"));

    var config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).startsWith(kubernetes.url());
    assertThat(config.getNamespace()).isEqualTo("default");
  }

  @Test
  void dropsStrategicMergeDirectivesAtAnyDepth() throws Exception {
    var patch =
        JSON.readTree(
            "{\"$retainKeys\":[\"a\"],\"spec\":{\"$patch\":\"replace\",\"items\":[{\"$x\":1,\"k\":2}]}}");
    ApiServerDispatcher.dropDirectives(patch);
    assertThat(patch.toString()).isEqualTo("{\"spec\":{\"items\":[{\"k\":2}]}}");
  }

  private static GenericKubernetesResource role(String name) {
    return new KubernetesSerialization()
        .unmarshal(
            """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaRole
        metadata: {name: %s, namespace: default}
        spec: {name: %s}
        """
                .formatted(name, name),
            GenericKubernetesResource.class);
  }

  private static JsonNode get(String path) throws Exception {
    var response = send(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(String path) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(kubernetes.url() + path)).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}

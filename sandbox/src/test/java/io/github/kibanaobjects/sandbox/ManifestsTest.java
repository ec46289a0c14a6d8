package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void findsYamlUnderAFolderSortedAndSkipsProductionReadmesAndKustomizations(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("b.yaml"));
    write(dir.resolve("a.yml"));
    write(dir.resolve("README.md"));
    write(dir.resolve("readme.yaml"));
    write(dir.resolve("kustomization.yaml"));
    write(dir.resolve("charts/cars.vl.json"));
    write(dir.resolve("charts/nested.yaml"));
    write(dir.resolve("production/connection-apikey.yaml"));

    assertThat(Manifests.find(List.of(dir)))
        .containsExactly(
            dir.resolve("a.yml"), dir.resolve("b.yaml"), dir.resolve("charts/nested.yaml"));
  }

  @Test
  void takesAFileOrAProductionFolderThatIsNamedExplicitly(@TempDir Path dir) throws IOException {
    write(dir.resolve("production/connection-apikey.yaml"));
    write(dir.resolve("one.yaml"));

    assertThat(Manifests.find(List.of(dir.resolve("one.yaml"), dir.resolve("production"))))
        .containsExactly(dir.resolve("one.yaml"), dir.resolve("production/connection-apikey.yaml"));
  }

  @Test
  void rejectsAPathThatDoesNotExist(@TempDir Path dir) {
    assertThatThrownBy(() -> Manifests.find(List.of(dir.resolve("missing"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void readsEveryDocumentOfAMultiDocumentFileAndSkipsEmptyOnes() {
    var resources =
        Manifests.parse(
            """
        # a comment before the first document
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: demo}
        stringData: {username: elastic}
        ---
        # only a comment
        ---
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaConnection
        metadata: {name: kibana, namespace: demo}
        spec: {url: "http://localhost:5601"}
        """,
            "connection.yaml",
            serialization);

    assertThat(resources)
        .extracting(GenericKubernetesResource::getKind)
        .containsExactly("Secret", "KibanaConnection");
    assertThat(resources.get(1).getAdditionalProperties().get("spec"))
        .isEqualTo(java.util.Map.of("url", "http://localhost:5601"));
  }

  @Test
  void namesTheFileOfADocumentWithoutKind() {
    assertThatThrownBy(() -> Manifests.parse("metadata: {name: x}\n", "broken.yaml", serialization))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("broken.yaml:");
  }

  private static void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  }
}

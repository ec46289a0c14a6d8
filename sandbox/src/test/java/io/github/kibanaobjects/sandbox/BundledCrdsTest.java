package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledCrdsTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void readsEveryCrdInAFolder() {
    var crds = BundledCrds.fromFolder(Path.of("src/test/resources/test-crds"), serialization);
    assertThat(crds)
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactly(
            "kibanaconnections.kibanaobjects.github.io",
            "kibanaroles.kibanaobjects.github.io",
            "kibanavisualizations.kibanaobjects.github.io");
  }

  @Test
  void skipsOtherYamlInTheFolder(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [kibanaroles.kibanaobjects.github.io-v1.yml]
        """);
    Files.copy(
        Path.of("src/test/resources/test-crds/kibanaroles.kibanaobjects.github.io-v1.yml"),
        dir.resolve("kibanaroles.kibanaobjects.github.io-v1.yml"));

    assertThat(BundledCrds.fromFolder(dir, serialization))
        .extracting(crd -> crd.getSpec().getNames().getKind())
        .containsExactly("KibanaRole");
  }

  @Test
  void anEmptyOrMissingFolderHasNoCrds(@TempDir Path dir) {
    assertThat(BundledCrds.fromFolder(dir, serialization)).isEmpty();
    assertThat(BundledCrds.fromFolder(dir.resolve("absent"), serialization)).isEmpty();
  }
}

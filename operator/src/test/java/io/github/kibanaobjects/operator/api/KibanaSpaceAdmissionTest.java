package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KibanaSpace CRD on a real API server (the Fabric8 mock enforces no schema): Kibana's space
 * rules are refused at admission, the defaults are the API server's, and the repository's example
 * is accepted as it is.
 */
class KibanaSpaceAdmissionTest {
  static final Path EXAMPLE = Path.of("..", "examples", "space-analytics.yaml");
  static final String NS = "kibana-demo";

  static KubernetesClient client;

  // the test JVM's one real API server, crds/ installed there
  @BeforeAll
  static void start() {
    RealApiServer.get().ensureNamespace(NS);
    client = RealApiServer.get().client();
  }

  static KibanaSpace example() throws Exception {
    try (var in = Files.newInputStream(EXAMPLE)) {
      return client.getKubernetesSerialization().unmarshal(in, KibanaSpace.class);
    }
  }

  static KibanaSpace named(String name, Consumer<KibanaSpace> change) throws Exception {
    var space = example();
    space.getMetadata().setName(name);
    change.accept(space);
    return space;
  }

  static void refused(KibanaSpace space, String field, String message) {
    assertThatThrownBy(() -> client.resource(space).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(field)
        .hasMessageContaining(message);
  }

  @Test
  void theExampleIsAcceptedAndSpacesDefaultToOrphan() throws Exception {
    var created = client.resource(example()).create();

    assertThat(created.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
    assertThat(created.getSpec().getAdopt()).isFalse();
    assertThat(created.getSpec().getInitials()).isEqualTo("AN");
  }

  @Test
  void kibanasSpaceRulesAreRefusedAtAdmission() throws Exception {
    refused(named("bad-id", s -> s.getSpec().setId("Team.A")), "spec.id", "should match");
    refused(named("bad-initials", s -> s.getSpec().setInitials("ABC")), "spec.initials", "2");
    refused(named("bad-color", s -> s.getSpec().setColor("blue")), "spec.color", "should match");
    refused(
        named(
            "too-many-features",
            s -> s.getSpec().setDisabledFeatures(Collections.nCopies(101, "ml"))),
        "spec.disabledFeatures",
        "100");
    refused(named("bad-solution", s -> s.getSpec().setSolution("sql")), "spec.solution", "match");
  }

  @Test
  void theIdCannotChange() throws Exception {
    var created = client.resource(named("fixed-id", s -> s.getSpec().setId("fixed"))).create();

    created.getSpec().setId("moved");
    assertThatThrownBy(() -> client.resource(created).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("id is immutable");
  }
}

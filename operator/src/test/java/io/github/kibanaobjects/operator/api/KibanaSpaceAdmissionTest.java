package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KibanaSpace CRD on a real API server (the Fabric8 mock enforces no schema): Kibana's space
 * rules are refused at admission, the defaults are the API server's, and the repository's example
 * is accepted as it is.
 */
class KibanaSpaceAdmissionTest {
  static final Path CRD = Path.of("..", "crds", "kibanaspaces.kibanaobjects.github.io-v1.yml");
  static final Path EXAMPLE = Path.of("..", "examples", "space-analytics.yaml");
  static final String NS = "kibana-demo";

  static KubeAPIServer apiServer;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig().withUpdateKubeConfig(false).build());
    apiServer.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml()))
            .build();
    try (var in = Files.newInputStream(CRD)) {
      var crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
              30,
              TimeUnit.SECONDS);
    }
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (apiServer != null) {
      apiServer.stop();
    }
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

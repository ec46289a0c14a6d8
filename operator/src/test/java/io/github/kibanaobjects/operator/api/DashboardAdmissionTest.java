package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KibanaDashboard CRD on a real kube-apiserver (io.fabric8:kube-api-test): it installs (its CEL
 * rules fit the cost budget), and every case of {@code dashboard-admission/cases.yaml} is refused
 * with its message, its accepted variant admitted. Resources go with server-side dry run, except
 * the first version of a transition case.
 */
class DashboardAdmissionTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path CRD = Path.of("..", "crds", "kibanadashboards.kibanaobjects.github.io-v1.yml");
  private static final String NAMESPACE = "admission";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final JsonNode FILE = read();

  static KubeAPIServer server;
  static KubernetesClient client;

  record Case(String message, JsonNode update, JsonNode refuse, JsonNode accept, int number) {
    @Override
    public String toString() {
      return "#%d %s".formatted(number, message);
    }
  }

  static Stream<Case> cases() {
    var cases = new ArrayList<Case>();
    for (var node : FILE.get("cases")) {
      cases.add(
          new Case(
              node.path("message").asText(),
              node.get("update"),
              node.get("refuse"),
              node.get("accept"),
              cases.size() + 1));
    }
    return cases.stream();
  }

  @BeforeAll
  static void startApiServer() throws IOException {
    var testDir =
        Optional.ofNullable(System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR))
            .filter(s -> !s.isBlank())
            .orElse(System.getProperty("user.home") + "/.kubeapitest");
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    CustomResourceDefinition crd;
    try (var in = Files.newInputStream(CRD)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    }
    client.resource(crd).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                "Established".equals(cond.getType())
                                    && "True".equals(cond.getStatus())),
            60,
            TimeUnit.SECONDS);
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void stopApiServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void theCrdInstallsWithEveryRuleAndTheBaseIsAccepted() {
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("kibanadashboards.kibanaobjects.github.io")
            .get();
    assertThat(crd.getStatus().getConditions())
        .noneMatch(c -> "NonStructuralSchema".equals(c.getType()) && "True".equals(c.getStatus()));
    var created = client.resource(resource(FILE.get("base").deepCopy())).dryRun().create();
    var spec = (Map<?, ?>) created.getAdditionalProperties().get("spec");
    assertThat(spec.get("space")).as("defaulted").isEqualTo("default");
    var panel = (Map<?, ?>) ((List<?>) spec.get("panels")).get(0);
    assertThat(panel.get("w")).isEqualTo(24);
    assertThat(panel.get("h")).isEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWhatTheRuleForbidsAndAcceptsTheRest(Case c) {
    var base = merge(FILE.get("base").deepCopy(), c.update());
    GenericKubernetesResource existing =
        c.update() == null ? null : client.resource(resource(base)).create();
    try {
      var refused =
          catchThrowableOfType(KubernetesClientException.class, () -> send(existing, base, c.refuse()));
      assertThat(refused).as("%s must be refused", c).isNotNull();
      assertThat(refused.getCode()).as("%s: HTTP status", c).isEqualTo(422);
      assertThat(refused.getMessage()).as("%s: the API server's reason", c).contains(c.message());
      send(existing, base, c.accept());
    } finally {
      if (existing != null) {
        client.resource(existing).delete();
      }
    }
  }

  private static void send(GenericKubernetesResource existing, JsonNode base, JsonNode patch) {
    var changed = resource(merge(base.deepCopy(), patch));
    if (existing == null) {
      client.resource(changed).dryRun().create();
      return;
    }
    changed.getMetadata().setName(existing.getMetadata().getName());
    changed.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    client.resource(changed).dryRun().update();
  }

  private static GenericKubernetesResource resource(JsonNode spec) {
    var resource = new GenericKubernetesResource();
    resource.setApiVersion("kibanaobjects.github.io/v1alpha1");
    resource.setKind("KibanaDashboard");
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("dashboard-" + NAMES.incrementAndGet())
            .withNamespace(NAMESPACE)
            .build());
    resource.setAdditionalProperties(Map.of("spec", YAML.convertValue(spec, Map.class)));
    return resource;
  }

  /** JSON merge patch (RFC 7386): objects merge, null removes, anything else replaces. */
  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch == null) {
      return target;
    }
    if (!patch.isObject() || !(target instanceof ObjectNode object)) {
      return patch.deepCopy();
    }
    patch
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                object.remove(field.getKey());
              } else {
                var current = object.get(field.getKey());
                object.set(
                    field.getKey(),
                    current == null ? field.getValue().deepCopy() : merge(current, field.getValue()));
              }
            });
    return object;
  }

  private static JsonNode read() {
    try (var in = DashboardAdmissionTest.class.getResourceAsStream("/dashboard-admission/cases.yaml")) {
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

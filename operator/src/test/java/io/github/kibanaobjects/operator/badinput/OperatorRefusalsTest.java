package io.github.kibanaobjects.operator.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.JsonMergePatch;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code bad-input/operator-cases.yaml}: the resource becomes {@code Ready=False}
 * with the case's reason and message, and the operator goes on (the mock API admits anything, as a
 * cluster with another version of the CRD would).
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRefusalsTest {
  static final String GROUP_VERSION = "kibanaobjects.github.io/v1alpha1";
  private static final Map<String, Supplier<CustomResource<?, ? extends ResourceStatus>>> KINDS =
      Map.of(
          "KibanaVisualization", KibanaVisualization::new,
          "KibanaRole", KibanaRole::new,
          "KibanaConnection", KibanaConnection::new,
          "KibanaSpace", KibanaSpace::new,
          "KibanaDashboard", KibanaDashboard::new);

  static KubernetesClient client;
  static KubernetesClient kube;
  static OperatorHarness harness;
  static String ns;

  static Stream<OperatorCase> cases() {
    return OperatorCase.load().stream();
  }

  @BeforeAll
  static void start() {
    harness = OperatorHarness.startOnMock(client);
    kube = harness.client();
    ns = harness.newNamespace("bad-input");
    harness.readySuperuserConnection(ns);
  }

  @AfterAll
  static void stop() {
    harness.cleanNamespace(ns);
    harness.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isReadyFalseWithItsReasonAndMessage(OperatorCase c) {
    c.setup().forEach(OperatorRefusalsTest::setUp);
    var key = create(c);

    var reason = new String[2];
    try {
      Awaitility.await()
          .atMost(OperatorHarness.WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                var current = kube.resource(key).get();
                var ready =
                    current == null || current.getStatus() == null
                        ? null
                        : Conditions.find(current.getStatus().getConditions(), Conditions.READY)
                            .orElse(null);
                if (ready == null || !"False".equals(ready.getStatus())) {
                  return false;
                }
                reason[0] = ready.getReason();
                reason[1] = ready.getMessage();
                return c.reason().equals(ready.getReason());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("%s: Ready=False %s: %s".formatted(c, reason[0], reason[1]), e);
    }
    assertThat(reason[1]).as("%s", c).contains(c.message().replace("{{ns}}", ns));
    assertThat(harness.operator().getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
  }

  private static void setUp(JsonNode step) {
    if (step.has("secret")) {
      harness.secret(ns, step.path("secret").path("name").asText(), strings(step.path("secret")));
    } else if (step.has("configMap")) {
      harness.configMap(
          ns, step.path("configMap").path("name").asText(), strings(step.path("configMap")));
    } else if (step.has("kibana")) {
      var request = step.path("kibana");
      var answer =
          harness.kibana(
              request.path("method").asText(),
              request.path("path").asText(),
              request.path("body").toString());
      assertThat(answer.status()).as("setup %s: %s", request, answer.body()).isLessThan(300);
    } else {
      throw new IllegalArgumentException("unknown setup step " + step);
    }
  }

  private static Map<String, String> strings(JsonNode holder) {
    var values = new HashMap<String, String>();
    holder.path("data").properties().forEach(f -> values.put(f.getKey(), f.getValue().asText()));
    return values;
  }

  /** The case's resource as raw JSON (no typed class would write it); returns a typed key. */
  @SuppressWarnings("unchecked")
  private static CustomResource<?, ? extends ResourceStatus> create(OperatorCase c) {
    var spec = JsonMergePatch.merge(OperatorCase.base(c.kind()).deepCopy(), c.spec());
    var raw = new GenericKubernetesResource();
    raw.setApiVersion(GROUP_VERSION);
    raw.setKind(c.kind());
    raw.setMetadata(new ObjectMetaBuilder().withName(c.name()).withNamespace(ns).build());
    var text = spec.toString().replace("{{sim}}", harness.sim().baseUrl());
    raw.setAdditionalProperty("spec", OperatorCase.YAML.convertValue(json(text), Map.class));
    kube.genericKubernetesResources(GROUP_VERSION, c.kind()).inNamespace(ns).resource(raw).create();
    var key = KINDS.get(c.kind()).get();
    key.getMetadata().setName(c.name());
    key.getMetadata().setNamespace(ns);
    return key;
  }

  private static JsonNode json(String text) {
    return OperatorHarness.json(text);
  }
}

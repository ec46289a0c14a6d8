package io.github.kibanaobjects.operator.reconciler;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.role;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resources the operator cannot read, as a cluster with another version of the CRD (or the mock
 * API, which admits anything) lets through: each is InvalidSpec naming its field, nothing is
 * written to Kibana from it, and the operator keeps reconciling the valid resources beside it.
 */
@EnableKubernetesMockClient(crud = true)
class PoisonResourceTest {
  static final String GROUP_VERSION = "kibanaobjects.github.io/v1alpha1";

  // the mock API's own client; the test and the operator use clients from the operator's factory
  static KubernetesClient client;
  static KubernetesClient kube;
  static OperatorHarness harness;
  String ns;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.startOnMock(client);
    kube = harness.client();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("poison");
    harness.readySuperuserConnection(ns);
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachPoisonResourceIsInvalidSpecWhileTheValidOnesBesideItBecomeReady() {
    var writesBefore = harness.kibanaWrites();
    var outOfRange =
        poisonVisualization(
            "size-out-of-int",
            Map.of("elasticsearchData", Map.of("index", "cars", "size", 3000000000L)));
    var unknownField = poisonVisualization("unknown-field", Map.of("foo", "bar"));
    var unknownEnum = poisonVisualization("unknown-enum", Map.of("deletionPolicy", "Archive"));
    var wrongType = poisonVisualization("wrong-type", Map.of("connectionRef", "kibana"));
    var noSpec = createRaw("KibanaVisualization", "no-spec", null, KibanaVisualization::new);
    var roleSpec = json(role(ns, "x", "kibana", "analytics"));
    ((Map<String, Object>) ((List<?>) roleSpec.get("kibana")).get(0)).put("colour", "blue");
    var poisonRole = createRaw("KibanaRole", "unknown-nested", roleSpec, KibanaRole::new);
    var connectionSpec = json(harness.basicConnection(ns, "x", "kibana-credentials"));
    connectionSpec.put("maxConcurrentRequests", 3000000000L);
    var poisonConnection =
        createRaw("KibanaConnection", "too-many-requests", connectionSpec, KibanaConnection::new);

    // created after the poison ones, watched by the same informers
    var validVis = harness.create(visualization(ns, "valid", "kibana"));
    var validRole = harness.create(role(ns, "valid-role", "kibana", "analytics"));

    harness.awaitReady(validVis);
    harness.awaitReady(validRole);
    assertInvalid(outOfRange, "spec.elasticsearchData.size: 3000000000 is out of range 1..10000");
    assertInvalid(unknownField, "spec.foo: unknown field");
    assertInvalid(
        unknownEnum, "spec.deletionPolicy: unknown value \"Archive\"; expected Delete or Orphan");
    assertInvalid(wrongType, "spec.connectionRef: expected an object, got a string");
    // "spec: missing" until a write adds an empty spec (the mock API keeps the {} of a patch),
    // then each required field is named: never an InternalError
    assertThat(ready(harness.awaitReason(noSpec, "InvalidSpec")).getMessage())
        .isIn("spec: missing", "spec.connectionRef: required; spec.title: required");
    assertInvalid(poisonRole, "spec.kibana[0].colour: unknown field");
    assertInvalid(poisonConnection, "spec.maxConcurrentRequests: 3000000000 is out of range 1..64");
    for (var name : new String[] {"size-out-of-int", "unknown-field", "unknown-enum"}) {
      assertThat(harness.sim().savedObject("default", "visualization", name)).isEmpty();
    }
    assertThat(harness.sim().role("unknown-nested")).isEmpty();
    // the valid visualization and role, nothing else
    assertThat(harness.kibanaWrites() - writesBefore).isEqualTo(2);
    assertThat(harness.operator().getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void contentPastJacksonsLimitsOrOfTheWrongTypeIsPerResourceAndNeverStopsTheOperator() {
    // deeper than Jackson's default 1,000 levels (and so than the operator's 500): refused per
    // resource. KubernetesClientsTest reads 10,000; the mock API itself recurses on what it stores.
    var deepChart = poisonVisualization("deep-chart", Map.of("vegaLite", nested(1_100)));
    var deepQuery =
        poisonVisualization(
            "deep-query",
            Map.of("elasticsearchData", Map.of("index", "cars", "query", nested(1_050))));
    var roleSpec = json(role(ns, "x", "kibana", "analytics"));
    roleSpec.put("metadata", Map.of("tags", nested(1_020)));
    var deepRole = createRaw("KibanaRole", "deep-metadata", roleSpec, KibanaRole::new);
    // a key longer than Jackson's default 50,000 characters is valid: written to Kibana
    var longKey = "k".repeat(60_000);
    var longRoleSpec = json(role(ns, "x", "kibana", "analytics"));
    longRoleSpec.put("metadata", Map.of(longKey, "v"));
    var longRole = createRaw("KibanaRole", "long-key", longRoleSpec, KibanaRole::new);
    // wrong scalar types, an empty enum value, a missing required field
    var connectionSpec = json(harness.basicConnection(ns, "x", "kibana-credentials"));
    connectionSpec.put("tls", Map.of("insecureSkipVerify", 1));
    var coerced = createRaw("KibanaConnection", "coerced", connectionSpec, KibanaConnection::new);
    var emptyEnum = poisonVisualization("empty-enum", Map.of("deletionPolicy", ""));
    var noRefSpec = json(visualization(ns, "no-ref", "kibana"));
    noRefSpec.remove("connectionRef");
    var noRef = createRaw("KibanaVisualization", "no-ref", noRefSpec, KibanaVisualization::new);

    harness.awaitReady(harness.create(visualization(ns, "valid-beside-deep", "kibana")));
    var deep = "nested more than 500 levels deep, more than the operator reads";
    assertInvalid(deepChart, "spec.vegaLite: " + deep);
    assertInvalid(deepQuery, "spec.elasticsearchData.query: " + deep);
    assertInvalid(deepRole, "spec.metadata: " + deep);
    assertInvalid(coerced, "spec.tls.insecureSkipVerify: expected true or false, got 1");
    assertInvalid(emptyEnum, "spec.deletionPolicy: unknown value \"\"; expected Delete or Orphan");
    assertInvalid(noRef, "spec.connectionRef: required");
    harness.awaitReady(longRole);
    assertThat(harness.sim().role("long-key").orElseThrow().path("metadata").has(longKey)).isTrue();
    assertThat(harness.operator().getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();

    // a new operator lists them all at start (the list used to fail and stop the start)
    harness.restartOperator();

    assertThat(harness.operator().getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
    harness.awaitReady(harness.create(visualization(ns, "after-restart", "kibana")));
    assertInvalid(deepChart, "spec.vegaLite: " + deep);
  }

  @Test
  void durationsPastTheirMaximumAreInvalidSpecWhileAValidResourceBesideThemBecomesReady() {
    // A day-long timeout against a Kibana that never answers held every reconcile thread; 600h
    // made OkHttp throw; 9999999999999h overflowed the scheduler while the status said Ready.
    var connectionSpec = json(harness.basicConnection(ns, "x", "kibana-credentials"));
    connectionSpec.put("requestTimeout", "24h");
    var slow = createRaw("KibanaConnection", "day-timeout", connectionSpec, KibanaConnection::new);
    var hugeTimeoutSpec = json(harness.basicConnection(ns, "x", "kibana-credentials"));
    hugeTimeoutSpec.put("requestTimeout", "600h");
    var huge =
        createRaw("KibanaConnection", "huge-timeout", hugeTimeoutSpec, KibanaConnection::new);
    var overflow = poisonVisualization("resync-overflow", Map.of("resyncPeriod", "9999999999999h"));
    var weekly = poisonVisualization("resync-weekly", Map.of("resyncPeriod", "168h"));

    harness.awaitReady(harness.create(visualization(ns, "valid-beside-durations", "kibana")));
    assertInvalid(slow, "spec.requestTimeout must be between 1ms and 5m, got 24h");
    assertInvalid(huge, "spec.requestTimeout must be between 1ms and 5m, got 600h");
    assertInvalid(overflow, "spec.resyncPeriod must be between 1s and 24h, got 9999999999999h");
    assertInvalid(weekly, "spec.resyncPeriod must be between 1s and 24h, got 168h");
    assertThat(harness.sim().savedObject("default", "visualization", "resync-overflow")).isEmpty();
    assertThat(harness.operator().getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
  }

  /** {"a": {"a": ... {}}}, {@code levels} objects deep. */
  private static JsonNode nested(int levels) {
    var node = JsonNodeFactory.instance.objectNode();
    for (int i = 1; i < levels; i++) {
      node = JsonNodeFactory.instance.objectNode().set("a", node);
    }
    return node;
  }

  @Test
  void aResourceEditedIntoPoisonWritesNothingAndLeavesItsObjectWhenDeleted() {
    var vis = harness.awaitReady(harness.create(visualization(ns, "edited", "kibana")));
    var title = vis.getSpec().getTitle();
    var writesBefore = harness.kibanaWrites();

    kube.genericKubernetesResources(GROUP_VERSION, "KibanaVisualization")
        .inNamespace(ns)
        .withName("edited")
        .edit(
            raw -> {
              spec(raw).put("title", "Renamed");
              spec(raw).put("deletionPolicy", "Archive");
              return raw;
            });

    var invalid = harness.awaitReason(vis, "InvalidSpec");
    assertThat(ready(invalid).getMessage())
        .isEqualTo("spec.deletionPolicy: unknown value \"Archive\"; expected Delete or Orphan");
    assertThat(harness.kibanaWrites()).isEqualTo(writesBefore);

    harness.delete(vis);
    harness.awaitGone(vis);

    assertThat(harness.kibanaWrites()).isEqualTo(writesBefore);
    var stored = harness.sim().savedObject("default", "visualization", "edited").orElseThrow();
    assertThat(stored.path("attributes").path("title").asText()).isEqualTo(title);
    assertThat(harness.awaitEvent(vis, "Orphaned").getMessage())
        .contains("the resource could not be read (spec.deletionPolicy: unknown value");
  }

  private KibanaVisualization poisonVisualization(String name, Map<String, Object> change) {
    var spec = json(visualization(ns, name, "kibana"));
    spec.putAll(change);
    return createRaw("KibanaVisualization", name, spec, KibanaVisualization::new);
  }

  /** The spec of a typed resource as the JSON map a raw resource holds. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(CustomResource<?, ?> resource) {
    return kube.getKubernetesSerialization().convertValue(resource.getSpec(), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource raw) {
    return (Map<String, Object>) raw.getAdditionalProperties().get("spec");
  }

  /** Creates the resource as raw JSON (no typed class would write it) and returns a typed key. */
  private <T extends CustomResource<?, ? extends ResourceStatus>> T createRaw(
      String kind, String name, Map<String, Object> spec, Supplier<T> typed) {
    var raw = new GenericKubernetesResource();
    raw.setApiVersion(GROUP_VERSION);
    raw.setKind(kind);
    raw.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    if (spec != null) {
      raw.setAdditionalProperty("spec", spec);
    }
    kube.genericKubernetesResources(GROUP_VERSION, kind).inNamespace(ns).resource(raw).create();
    var key = typed.get();
    key.getMetadata().setName(name);
    key.getMetadata().setNamespace(ns);
    return key;
  }

  private static void assertInvalid(
      CustomResource<?, ? extends ResourceStatus> resource, String message) {
    var current = harness.awaitReason(resource, "InvalidSpec");
    assertThat(ready(current).getMessage()).isEqualTo(message);
  }
}

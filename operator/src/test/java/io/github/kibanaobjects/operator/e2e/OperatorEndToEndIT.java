package io.github.kibanaobjects.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.status.Conditions;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator, running in this JVM, against a real cluster and a real Kibana (or kibana-sim):
 * {@code mvn -B verify -Pe2e} with {@code KUBECONFIG} and optionally {@code KIBANA_URL}. Checks
 * Kibana's state through its own HTTP API, so it works with any Kibana.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
  private static E2eEnvironment env;
  private static Operator operator;
  private static KibanaClient kibana;

  @BeforeAll
  static void start() throws Exception {
    env = E2eEnvironment.start();
    kibana = env.kibana();
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withWatchNamespaces(Set.of(env.namespace))
            .withResyncPeriod(Duration.ofSeconds(20));
    operator = KibanaObjectsOperator.create(env.kubernetes, config);
    operator.start();
    env.credentialsSecret("kibana-credentials");
    env.kubernetes.resource(connection()).create();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void connectionBecomesReadyWithKibanasVersion() {
    var ready = awaitReady(connection());
    assertThat(ready.getStatus().getKibanaVersion()).isNotBlank();
  }

  @Test
  @Order(2)
  void visualizationIsPublishedUpdatedAndDeleted() throws Exception {
    var vis = visualization("Cars " + SUFFIX);
    env.kubernetes.resource(vis).create();
    var ready = awaitReady(vis);
    var id = ready.getStatus().getId();
    assertThat(kibanaTitle(id)).isEqualTo("Cars " + SUFFIX);

    var edited = env.kubernetes.resource(vis).get();
    edited.getSpec().setTitle("Cars, renamed " + SUFFIX);
    env.kubernetes.resource(edited).update();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> ("Cars, renamed " + SUFFIX).equals(kibanaTitle(id)));

    env.kubernetes.resource(vis).delete();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> kibana.savedObjects().get("default", "visualization", id).isEmpty());
  }

  @Test
  @Order(3)
  void visualizationDeletedInKibanaIsPutBack() throws Exception {
    var vis = visualization("Drift " + SUFFIX);
    vis.getMetadata().setName("drift-" + SUFFIX);
    env.kubernetes.resource(vis).create();
    var id = awaitReady(vis).getStatus().getId();

    kibana.savedObjects().delete("default", "visualization", id);

    Awaitility.await()
        .atMost(WAIT)
        .until(() -> kibana.savedObjects().get("default", "visualization", id).isPresent());
    env.kubernetes.resource(vis).delete();
  }

  @Test
  @Order(4)
  void roleIsCreatedAndDeleted() {
    var role = new KibanaRole();
    role.getMetadata().setName("e2e-publisher-" + SUFFIX);
    role.getMetadata().setNamespace(env.namespace);
    var spec = new KibanaRoleSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    var privilege = new KibanaPrivilege();
    privilege.setSpaces(List.of("default"));
    privilege.setFeature(Map.of("visualize", List.of("all")));
    spec.setKibana(List.of(privilege));
    role.setSpec(spec);
    env.kubernetes.resource(role).create();

    awaitReady(role);
    assertThat(kibana.roles().get("e2e-publisher-" + SUFFIX)).isPresent();

    env.kubernetes.resource(role).delete();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> kibana.roles().get("e2e-publisher-" + SUFFIX).isEmpty());
  }

  private static KibanaConnection connection() {
    var connection = new KibanaConnection();
    connection.getMetadata().setName("kibana");
    connection.getMetadata().setNamespace(env.namespace);
    var spec = new KibanaConnectionSpec();
    spec.setUrl(env.kibanaUrl);
    var auth = new ConnectionAuth();
    auth.setBasicAuthSecretRef(new BasicAuthSecretRef("kibana-credentials", null, null));
    spec.setAuth(auth);
    connection.setSpec(spec);
    return connection;
  }

  private static KibanaVisualization visualization(String title) throws Exception {
    var vis = new KibanaVisualization();
    vis.getMetadata().setName("cars-" + SUFFIX);
    vis.getMetadata().setNamespace(env.namespace);
    var spec = new KibanaVisualizationSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    spec.setTitle(title);
    spec.setVegaLite(
        new ObjectMapper()
            .readTree(
                "{\"mark\":\"point\",\"data\":{\"values\":[{\"hp\":130,\"mpg\":18}]},"
                    + "\"encoding\":{\"x\":{\"field\":\"hp\",\"type\":\"quantitative\"},"
                    + "\"y\":{\"field\":\"mpg\",\"type\":\"quantitative\"}}}"));
    vis.setSpec(spec);
    return vis;
  }

  private static String kibanaTitle(String id) {
    return kibana
        .savedObjects()
        .get("default", "visualization", id)
        .map(o -> o.path("attributes").path("title").asText())
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static <T extends CustomResource<?, ? extends ResourceStatus>> T awaitReady(T resource) {
    var holder = new Object[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              var current = (T) env.kubernetes.resource(resource).get();
              holder[0] = current;
              return current != null && Conditions.isReady(current.getStatus());
            });
    return (T) holder[0];
  }
}

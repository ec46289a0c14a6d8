package io.github.kibanaobjects.operator.reconciler.connection;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;
import io.github.kibanaobjects.operator.testing.LogCapture;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KibanaConnectionReconcilerTest {
  static KubernetesClient client;
  static OperatorHarness harness;
  String ns;

  /** Connections have no resync period of their own: they are re-checked every second here. */
  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(client, Duration.ofSeconds(1));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void namespace() {
    ns = harness.newNamespace("conn");
  }

  @AfterEach
  void clean() {
    harness.cleanNamespace(ns);
  }

  @Test
  void becomesReadyWithKibanasVersionAndAConnectedEvent() {
    var connection = harness.readySuperuserConnection(ns);

    var ready = ready(connection);
    assertThat(ready.getReason()).isEqualTo("Connected");
    assertThat(ready.getMessage()).contains("8.19.0").contains(harness.sim().baseUrl());
    assertThat(connection.getStatus().getKibanaVersion()).isEqualTo(harness.sim().kibanaVersion());
    assertThat(connection.getStatus().getLastCheckTime()).isNotBlank();
    assertThat(harness.awaitEvent(connection, "Connected").getType()).isEqualTo("Normal");
  }

  @Test
  void periodicCheckThatFindsNothingNewWritesNoStatusAndWakesNoOne() {
    var connection = harness.readySuperuserConnection(ns);
    var user = visualization(ns, "quiet", "kibana");
    user.getSpec().setResyncPeriod("1h");
    var vis = harness.awaitReady(harness.create(user));
    var events = harness.events(ns).size();

    // three more checks: at least two periodic ones have finished
    harness.awaitMoreRequests("GET", "/api/status", 3);

    var after = harness.get(connection);
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(connection.getMetadata().getResourceVersion());
    assertThat(after.getStatus().getLastCheckTime())
        .isEqualTo(connection.getStatus().getLastCheckTime());
    assertThat(harness.get(vis).getMetadata().getResourceVersion())
        .isEqualTo(vis.getMetadata().getResourceVersion());
    assertThat(harness.events(ns)).hasSize(events);
  }

  @Test
  void missingSecretIsReportedAndTheSecretIsPickedUpOnceItExists() {
    var connection = harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));

    var failed = harness.awaitReason(connection, "SecretNotFound");
    assertThat(ready(failed).getStatus()).isEqualTo("False");
    assertThat(ready(failed).getMessage())
        .isEqualTo("Secret " + ns + "/kibana-credentials not found");
    assertThat(harness.awaitEvent(connection, "SecretNotFound").getType()).isEqualTo("Warning");

    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    assertThat(ready(harness.awaitReady(connection)).getReason()).isEqualTo("Connected");
  }

  @Test
  void secretWithoutThePasswordKeyIsSecretKeyMissingNamingTheKey() {
    harness.secret(ns, "kibana-credentials", Map.of("username", "elastic"));
    var connection = harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));

    var failed = harness.awaitReason(connection, "SecretKeyMissing");
    assertThat(ready(failed).getMessage())
        .contains(ns + "/kibana-credentials")
        .contains("no key password");

    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    harness.awaitReady(connection);
  }

  @Test
  void wrongPasswordIsUnauthorizedAndAFixedSecretRecoversWithoutTouchingTheConnection() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "not-the-password");
    var connection = harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));

    var failed = harness.awaitReason(connection, "Unauthorized");
    assertThat(ready(failed).getMessage()).contains("401").contains("check the Secret");
    assertThat(harness.awaitEvent(connection, "Unauthorized").getType()).isEqualTo("Warning");

    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var recovered = harness.awaitReady(connection);
    assertThat(recovered.getMetadata().getGeneration())
        .isEqualTo(failed.getMetadata().getGeneration());
  }

  @Test
  void authenticatesWithAnApiKey() {
    harness.apiKeySecret(ns, "kibana-api-key", harness.sim().createApiKey("elastic"));
    var connection =
        harness.awaitReady(
            harness.create(harness.apiKeyConnection(ns, "kibana", "kibana-api-key")));
    assertThat(connection.getStatus().getKibanaVersion()).isEqualTo("8.19.0");
  }

  @Test
  void bothAuthMethodsAtOnceIsInvalidSpec() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var connection = harness.basicConnection(ns, "kibana", "kibana-credentials");
    connection.getSpec().getAuth().setApiKeySecretRef(new SecretKeyRef("kibana-api-key", null));

    var failed = harness.awaitReason(harness.create(connection), "InvalidSpec");
    assertThat(ready(failed).getMessage()).contains("exactly one of");
  }

  @Test
  void forbiddenStatusCheckIsForbidden() {
    harness.sim().faults().errors("GET /api/status", 1.0, 403);
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");

    var failed =
        harness.awaitReason(
            harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials")),
            "Forbidden");

    assertThat(ready(failed).getMessage()).contains("GET /api/status").contains("403");
  }

  @Test
  void unreachableKibanaIsRetriedUntilItAnswers() {
    harness.sim().faults().errors("GET /api/status", 1.0, 503);
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var connection = harness.create(harness.basicConnection(ns, "kibana", "kibana-credentials"));

    var failed = harness.awaitReason(connection, "KibanaUnreachable");
    assertThat(ready(failed).getMessage()).contains("GET /api/status").contains("503");

    harness.sim().faults().clear();
    harness.awaitReady(connection);
  }

  @Test
  void rotatedApiKeyRecoversTheConnectionAndItsVisualizationsWithoutTouchingThem() {
    var sim = harness.sim();
    var oldKey = sim.createApiKey("elastic");
    harness.apiKeySecret(ns, "kibana-api-key", oldKey);
    var connection =
        harness.awaitReady(
            harness.create(harness.apiKeyConnection(ns, "kibana", "kibana-api-key")));
    var rotating = visualization(ns, "rotating", "kibana");
    // it learns about the rotation from its connection, not from its own resync
    rotating.getSpec().setResyncPeriod("1h");
    var vis = harness.awaitReady(harness.create(rotating));
    var revision = connection.getStatus().getCredentialsRevision();

    // The old key is invalidated and the Secret re-saved (still the old key): the check fails
    // and the connection's users stop, rather than failing one by one.
    sim.invalidateApiKey(oldKey);
    harness.secret(ns, "kibana-api-key", Map.of("apiKey", oldKey, "rotation", "pending"));
    harness.awaitReason(connection, "Unauthorized");
    var waiting = harness.awaitReason(vis, "ConnectionNotReady");
    assertThat(ready(waiting).getMessage()).contains("Unauthorized");

    harness.apiKeySecret(ns, "kibana-api-key", sim.createApiKey("elastic"));

    var recoveredConnection = harness.awaitReady(connection);
    var recoveredVis = harness.awaitReady(vis);
    assertThat(recoveredConnection.getStatus().getCredentialsRevision()).isNotEqualTo(revision);
    assertThat(recoveredConnection.getMetadata().getGeneration())
        .isEqualTo(connection.getMetadata().getGeneration());
    assertThat(recoveredVis.getMetadata().getGeneration())
        .isEqualTo(vis.getMetadata().getGeneration());
    assertThat(sim.savedObject("default", "visualization", "rotating")).isPresent();
  }

  @Test
  void noSecretValueReachesStatusEventsOrLogs() throws Exception {
    var sim = harness.sim();
    var password = "S3cret-Ops-Password-42";
    sim.addUser("ops", password, "superuser");
    harness.basicAuthSecret(ns, "ops-credentials", "ops", password);
    var good = harness.create(harness.basicConnection(ns, "good", "ops-credentials"));

    var wrongPassword = "Wr0ng-Password-77";
    harness.basicAuthSecret(ns, "wrong-credentials", "ops", wrongPassword);
    var wrong = harness.create(harness.basicConnection(ns, "wrong", "wrong-credentials"));

    var revokedKey = sim.createApiKey("ops");
    sim.invalidateApiKey(revokedKey);
    harness.apiKeySecret(ns, "revoked-key", revokedKey);
    var revoked = harness.create(harness.apiKeyConnection(ns, "revoked", "revoked-key"));

    // a password in the URL is refused without being repeated
    var urlPassword = "Url-Pa55word-99";
    var inUrl = harness.basicConnection(ns, "in-url", "ops-credentials");
    inUrl
        .getSpec()
        .setUrl(harness.sim().baseUrl().replace("http://", "http://ops:" + urlPassword + "@"));
    inUrl = harness.create(inUrl);

    var vis = harness.create(visualization(ns, "through-wrong", "wrong"));

    harness.awaitReady(good);
    harness.awaitReason(inUrl, "InvalidSpec");
    harness.awaitReason(wrong, "Unauthorized");
    harness.awaitReason(revoked, "Unauthorized");
    harness.awaitReason(vis, "ConnectionNotReady");
    harness.awaitEvent(vis, "ConnectionNotReady");

    // the statuses (the in-url connection's spec holds its password, as its author wrote it)
    var seen = new ArrayList<String>();
    for (KibanaConnection c : java.util.List.of(good, wrong, revoked, inUrl)) {
      seen.add(OperatorHarness.JSON.writeValueAsString(harness.get(c).getStatus()));
    }
    seen.add(OperatorHarness.JSON.writeValueAsString(harness.get(vis).getStatus()));
    for (var event : harness.events(ns)) {
      seen.add(OperatorHarness.JSON.writeValueAsString(event));
    }
    seen.add(LogCapture.text());

    var keySecretPart =
        new String(Base64.getDecoder().decode(revokedKey), StandardCharsets.UTF_8).split(":", 2)[1];
    var secrets =
        java.util.List.of(
            password,
            wrongPassword,
            basic("ops", password),
            basic("ops", wrongPassword),
            revokedKey,
            keySecretPart,
            urlPassword);
    assertThat(harness.events(ns)).isNotEmpty();
    for (var text : seen) {
      for (var secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

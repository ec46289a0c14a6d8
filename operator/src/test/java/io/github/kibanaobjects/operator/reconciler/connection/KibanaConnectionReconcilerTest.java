package io.github.kibanaobjects.operator.reconciler.connection;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.ready;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionTls;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.testing.LogCapture;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
  void theSecretIsHeldUntilNoConnectionNamesItAnyMore() {
    harness.basicAuthSecret(ns, "shared", "elastic", "changeme");
    harness.basicAuthSecret(ns, "other", "elastic", "changeme");
    var first = harness.awaitReady(harness.create(harness.basicConnection(ns, "first", "shared")));
    var second =
        harness.awaitReady(harness.create(harness.basicConnection(ns, "second", "shared")));
    assertThat(finalizers("shared")).containsExactly(ConnectionSecrets.FINALIZER);

    // one connection going does not let go of what another still reads
    harness.delete(first);
    harness.awaitGone(first);
    assertThat(finalizers("shared")).containsExactly(ConnectionSecrets.FINALIZER);

    // a connection that reads another Secret now holds that one instead
    harness.edit(
        second,
        c ->
            c.getSpec()
                .getAuth()
                .setBasicAuthSecretRef(new BasicAuthSecretRef("other", null, null)));
    org.awaitility.Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> finalizers("shared").isEmpty() && !finalizers("other").isEmpty());

    harness.delete(second);
    harness.awaitGone(second);
    assertThat(finalizers("other")).isEmpty();
  }

  /**
   * A paused connection keeps the status of its last check, which names the first Secret only; a
   * Secret named in between two edits is let go all the same.
   */
  @Test
  void aSecretNamedBetweenTwoEditsOfAPausedConnectionIsLetGo() {
    for (var name : List.of("one", "two", "three")) {
      harness.basicAuthSecret(ns, name, "elastic", "changeme");
    }
    var connection =
        harness.awaitReady(harness.create(harness.basicConnection(ns, "paused", "one")));
    var paused =
        harness.awaitReason(
            harness.edit(
                connection,
                c ->
                    c.getMetadata()
                        .setAnnotations(
                            java.util.Map.of(
                                io.github.kibanaobjects.operator.reconciler.Pause.ANNOTATION,
                                "true"))),
            "Paused");
    var second =
        harness.edit(
            paused,
            c ->
                c.getSpec()
                    .getAuth()
                    .setBasicAuthSecretRef(new BasicAuthSecretRef("two", null, null)));
    org.awaitility.Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !finalizers("two").isEmpty() && finalizers("one").isEmpty());
    harness.edit(
        second,
        c ->
            c.getSpec()
                .getAuth()
                .setBasicAuthSecretRef(new BasicAuthSecretRef("three", null, null)));
    org.awaitility.Awaitility.await()
        .atMost(OperatorHarness.WAIT)
        .until(() -> !finalizers("three").isEmpty() && finalizers("two").isEmpty());
  }

  private List<String> finalizers(String secret) {
    var found =
        harness
            .client()
            .secrets()
            .inNamespace(ns)
            .withName(secret)
            .get()
            .getMetadata()
            .getFinalizers();
    return found == null ? List.of() : found;
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
  void insecureSkipVerifyIsAWarningInTheStatusAndOneEventPerChange() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var insecure = harness.basicConnection(ns, "kibana", "kibana-credentials");
    var tls = new ConnectionTls();
    tls.setInsecureSkipVerify(true);
    insecure.getSpec().setTls(tls);

    var connection = harness.awaitReady(harness.create(insecure));
    assertThat(ready(connection).getMessage())
        .contains("warning: TLS certificate verification is off");
    assertThat(connection.getStatus().getWarnings()).hasSize(1);
    // more checks (one a second here) raise no more events
    harness.awaitMoreRequests("GET", "/api/status", 3);
    assertThat(warnings(connection)).hasSize(1);

    harness.edit(connection, c -> c.getSpec().getTls().setInsecureSkipVerify(false));
    var safe = harness.await(connection, c -> c.getStatus().getWarnings() == null);
    assertThat(ready(safe).getMessage()).doesNotContain("warning");
    harness.edit(connection, c -> c.getSpec().getTls().setInsecureSkipVerify(true));
    harness.await(connection, c -> c.getStatus().getWarnings() != null);
    assertThat(warnings(connection)).hasSize(2);
  }

  private java.util.List<io.fabric8.kubernetes.api.model.Event> warnings(KibanaConnection c) {
    return harness.events(c).stream()
        .filter(e -> e.getReason().equals(KibanaConnectionReconciler.INSECURE_SKIP_VERIFY))
        .filter(e -> e.getType().equals("Warning"))
        .toList();
  }

  @Test
  void aUrlThatNamesASpaceIsRefusedWithAWarning() {
    harness.basicAuthSecret(ns, "kibana-credentials", "elastic", "changeme");
    var inSpace = harness.basicConnection(ns, "kibana", "kibana-credentials");
    inSpace.getSpec().setUrl(harness.sim().baseUrl() + "/s/marketing");

    var refused = harness.awaitReason(harness.create(inSpace), "InvalidSpec");

    assertThat(ready(refused).getMessage())
        .contains("must not name a space")
        .contains("/s/marketing");
    assertThat(harness.awaitEvent(refused, "InvalidSpec").getType()).isEqualTo("Warning");
    assertThat(harness.sim().counters().count("GET", "/s/marketing/api/status")).isZero();
  }

  static final String USER = "canary-user";
  static final String PASSWORD = "Canary-Pa55word/\"q\"-91c";
  static final String WRONG_PASSWORD = "Canary-Wr0ng-Pa55-3d7";
  static final String URL_PASSWORD = "Canary-Url-Pa55-5e1";
  static final String CA_BODY = "Q2FuYXJ5Q2FCb2R5";
  static final String CA_FOOTER = "CanaryCaFooter";
  static final String CA = "-----BEGIN CERTIFICATE-----\n" + CA_BODY + "\n-----END " + CA_FOOTER;

  static KibanaSim echoStatus;
  static KibanaSim echoImport;
  static KibanaSim stuck;
  static String apiKey;

  /** The simulators of the canary test: one echoes the status check, one imports, one hangs. */
  static void startCanarySims() {
    echoStatus = KibanaSim.start(SimConfig.defaults());
    echoImport = KibanaSim.start(SimConfig.defaults());
    stuck = KibanaSim.start(SimConfig.defaults());
    for (var sim : List.of(harness.sim(), echoStatus, echoImport, stuck)) {
      sim.addUser(USER, PASSWORD, "superuser");
    }
    // one key, valid on the simulator that echoes imports, to be echoed there
    apiKey = echoImport.createApiKey(USER);
    harness.sim().addUser("canary-viewer", PASSWORD, "viewer");
    echoStatus.faults().echo("GET /api/status", 401);
    echoImport.faults().echo("POST /api/saved_objects/_import", 200);
    stuck.faults().hold("GET /api/status");
  }

  static void stopCanarySims() {
    echoStatus.close();
    echoImport.close();
    stuck.close();
  }

  @Test
  void noCanaryReachesALogAnEventAStatusOrAnException() throws Exception {
    startCanarySims();
    try {
      canaries(ns);
    } finally {
      stopCanarySims();
    }
  }

  /**
   * Canaries: a unique password, API key and CA text, driven through every failure path (wrong
   * password, 401, 403, TLS error, connection refused, timeout, a server that echoes the request
   * with its Authorization header, a malformed CA, a URL with user info). None of them may appear
   * in any log line, event, status or exception message, in any spelling the operator could
   * produce.
   */
  private void canaries(String ns) throws Exception {
    var mainUrl = harness.sim().baseUrl();
    harness.basicAuthSecret(ns, "good", USER, PASSWORD);
    harness.basicAuthSecret(ns, "wrong", USER, WRONG_PASSWORD);
    harness.basicAuthSecret(ns, "viewer", "canary-viewer", PASSWORD);
    harness.apiKeySecret(ns, "key", apiKey);
    harness.secret(ns, "ca", Map.of("ca.crt", CA));

    var expectations = new ArrayList<Expectation>();
    expect(expectations, ns, "wrong-password", "wrong", mainUrl, "Unauthorized", c -> {});
    expect(expectations, ns, "echo-401", "key", echoStatus.baseUrl(), "Unauthorized", c -> {});
    expect(
        expectations,
        ns,
        "tls",
        "good",
        mainUrl.replace("http://", "https://"),
        "KibanaUnreachable",
        c -> {});
    expect(expectations, ns, "refused", "good", closedPortUrl(), "KibanaUnreachable", c -> {});
    expect(
        expectations,
        ns,
        "timeout",
        "good",
        stuck.baseUrl(),
        "KibanaUnreachable",
        c -> c.getSpec().setRequestTimeout("300ms"));
    expect(
        expectations,
        ns,
        "bad-ca",
        "good",
        mainUrl,
        "InvalidSpec",
        c -> {
          var tls = new ConnectionTls();
          tls.setCaSecretRef(new SecretKeyRef("ca", null));
          c.getSpec().setTls(tls);
        });
    expect(
        expectations,
        ns,
        "user-info",
        "good",
        mainUrl.replace("http://", "http://:" + URL_PASSWORD + "@"),
        "InvalidSpec",
        c -> {});
    expect(expectations, ns, "viewer", "viewer", mainUrl, "Connected", c -> {});
    expect(expectations, ns, "echo-import", "key", echoImport.baseUrl(), "Connected", c -> {});
    var forbidden = harness.create(visualization(ns, "forbidden", "viewer"));
    var echoed = harness.create(visualization(ns, "echoed", "echo-import"));
    var waiting = harness.create(visualization(ns, "waiting", "user-info"));

    for (var expectation : expectations) {
      harness.awaitReason(expectation.connection(), expectation.reason());
    }
    harness.awaitReason(forbidden, "Forbidden");
    harness.awaitReason(echoed, "KibanaError");
    harness.awaitReason(waiting, "ConnectionNotReady");
    harness.awaitEvent(echoed, "KibanaError");

    var seen = new ArrayList<String>();
    for (var expectation : expectations) {
      seen.add(json(harness.get(expectation.connection()).getStatus()));
    }
    for (KibanaVisualization vis : List.of(forbidden, echoed, waiting)) {
      seen.add(json(harness.get(vis).getStatus()));
    }
    harness.events(ns).forEach(event -> seen.add(json(event)));
    seen.addAll(exceptionMessages(mainUrl));
    seen.add(LogCapture.text());

    // the paths were taken: the echoes were answered with the headers, and failed as they should
    assertThat(echoStatus.counters().count("GET", "/api/status")).isPositive();
    assertThat(echoImport.counters().count("POST", "/api/saved_objects/_import")).isPositive();
    assertThat(json(harness.get(echoed).getStatus())).contains("echo: POST");
    for (var text : seen) {
      for (var canary : canaries()) {
        assertThat(text).doesNotContain(canary);
      }
    }
  }

  private record Expectation(KibanaConnection connection, String reason) {}

  private static void expect(
      List<Expectation> expectations,
      String ns,
      String name,
      String secret,
      String url,
      String reason,
      java.util.function.Consumer<KibanaConnection> amend) {
    var connection =
        secret.equals("key")
            ? harness.apiKeyConnection(ns, name, secret)
            : harness.basicConnection(ns, name, secret);
    connection.getSpec().setUrl(url);
    amend.accept(connection);
    expectations.add(new Expectation(harness.create(connection), reason));
  }

  /** The same failures, met through the client directly: what every exception says. */
  private static List<String> exceptionMessages(String mainUrl) throws IOException {
    var basic = new KibanaCredentials.Basic(USER, PASSWORD);
    var key = new KibanaCredentials.ApiKey(apiKey);
    var attempts = new ArrayList<Supplier<Object>>();
    attempts.add(() -> client(mainUrl, new KibanaCredentials.Basic(USER, WRONG_PASSWORD)));
    attempts.add(() -> client(echoStatus.baseUrl(), key));
    attempts.add(() -> client(mainUrl.replace("http://", "https://"), basic));
    attempts.add(() -> client(closedPortUrl(), basic));
    attempts.add(
        () ->
            KibanaClient.create(
                    KibanaEndpoint.of(stuck.baseUrl(), basic)
                        .withRequestTimeout(Duration.ofMillis(300)))
                .status()
                .status());
    attempts.add(() -> KibanaClient.create(KibanaEndpoint.of(mainUrl, basic).withCaPem(CA)));
    attempts.add(() -> client(mainUrl.replace("http://", "http://:" + URL_PASSWORD + "@"), basic));
    attempts.add(
        () -> {
          var result =
              KibanaClient.create(KibanaEndpoint.of(echoImport.baseUrl(), key))
                  .savedObjects()
                  .importObjects("default", List.of(chart()), true);
          result.requireAllWritten();
          return result;
        });
    attempts.add(
        () ->
            KibanaClient.create(
                    KibanaEndpoint.of(
                        mainUrl, new KibanaCredentials.Basic("canary-viewer", PASSWORD)))
                .savedObjects()
                .importObjects("default", List.of(chart()), true)
                .outcomes());
    var messages = new ArrayList<String>();
    for (var attempt : attempts) {
      try {
        messages.add(String.valueOf(attempt.get()));
      } catch (RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          messages.add(t.toString());
          for (var suppressed : t.getSuppressed()) {
            messages.add(suppressed.toString());
          }
        }
      }
    }
    assertThat(messages).hasSize(attempts.size());
    return messages;
  }

  private static Object client(String url, KibanaCredentials credentials) {
    return KibanaClient.create(KibanaEndpoint.of(url, credentials)).status().status();
  }

  private static ObjectNode chart() {
    var node = OperatorHarness.JSON.createObjectNode().put("type", "visualization").put("id", "c");
    node.putObject("attributes").put("title", "canary chart");
    return node;
  }

  /** Every spelling of every secret that a leak could take. */
  private static List<String> canaries() {
    var keySecret =
        new String(Base64.getDecoder().decode(apiKey), StandardCharsets.UTF_8).split(":", 2)[1];
    return List.of(
        PASSWORD,
        PASSWORD.replace("\"", "\\\""),
        WRONG_PASSWORD,
        URL_PASSWORD,
        base64(USER + ":" + PASSWORD),
        base64(USER + ":" + WRONG_PASSWORD),
        base64("canary-viewer:" + PASSWORD),
        apiKey,
        keySecret,
        CA_BODY,
        CA_FOOTER);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Object value) {
    try {
      return OperatorHarness.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port nothing listens on: taken and given back. */
  private static String closedPortUrl() {
    try (var socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

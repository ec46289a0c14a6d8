package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication schemes, status and transport failures against the simulator. */
class KibanaSimAuthAndFaultsTest {
  private static KibanaSim sim;

  @BeforeAll
  static void startSim() {
    sim = KibanaSim.start();
  }

  @AfterAll
  static void stopSim() {
    sim.close();
  }

  @BeforeEach
  void resetSim() {
    sim.reset();
  }

  private static KibanaClient client(KibanaCredentials credentials) {
    return KibanaClient.create(KibanaEndpoint.of(sim.baseUrl(), credentials));
  }

  private static KibanaClient elastic() {
    return client(new KibanaCredentials.Basic("elastic", "changeme"));
  }

  @Test
  void basicAuthReadsTheVersion() {
    var status = elastic().status().status();

    assertThat(status.version()).isEqualTo(sim.kibanaVersion());
    assertThat(status.buildFlavor()).isEqualTo("traditional");
    assertThat(status.serverless()).isFalse();
    assertThat(status.available()).isTrue();
  }

  @Test
  void apiKeyAuthWorksUntilTheKeyIsInvalidated() {
    var key = sim.createApiKey("elastic");
    var client = client(new KibanaCredentials.ApiKey(key));

    assertThat(client.status().status().version()).isEqualTo(sim.kibanaVersion());

    sim.invalidateApiKey(key);
    var e = catchThrowableOfType(OperatorException.class, () -> client.status().status());
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain(key);
  }

  @Test
  void bearerAuthWorks() {
    sim.addBearerToken("a-service-account-token", "elastic");

    var status = client(new KibanaCredentials.Bearer("a-service-account-token")).status().status();

    assertThat(status.version()).isEqualTo(sim.kibanaVersion());
  }

  @Test
  void aWrongPasswordIsUnauthorizedAndNeverQuoted() {
    var client = client(new KibanaCredentials.Basic("elastic", "not-the-Password-9"));

    var e = catchThrowableOfType(OperatorException.class, () -> client.status().status());

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.getMessage()).contains("GET /api/status").doesNotContain("not-the-Password-9");
  }

  @Test
  void serverlessIsDetectedFromTheBuildFlavor() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var client =
          KibanaClient.create(
              KibanaEndpoint.of(
                  serverless.baseUrl(), new KibanaCredentials.Basic("elastic", "changeme")));

      assertThat(client.status().status().buildFlavor()).isEqualTo("serverless");
      assertThat(client.isServerless()).isTrue();
    }
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() {
    sim.faults().errors("GET /api/status", 1.0, 429, Duration.ofSeconds(7));

    var e = catchThrowableOfType(OperatorException.class, () -> elastic().status().status());

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void anOutageIsRetryableAndPasses() {
    sim.faults().outage(Duration.ofMinutes(5));
    var client = elastic();

    var e = catchThrowableOfType(OperatorException.class, () -> client.status().status());
    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(503);

    sim.faults().clear();
    assertThat(client.status().status().version()).isEqualTo(sim.kibanaVersion());
  }

  @Test
  void aConnectionResetIsRetryable() {
    sim.faults().connectionReset("*", 1.0);

    var e = catchThrowableOfType(OperatorException.class, () -> elastic().status().status());

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).isZero();
  }

  @Test
  void aSlowKibanaHitsTheRequestTimeout() {
    var endpoint =
        KibanaEndpoint.of(sim.baseUrl(), new KibanaCredentials.Basic("elastic", "changeme"))
            .withRequestTimeout(Duration.ofMillis(300));

    // Kibana answers only when released, which is after the client gave up: no race to lose
    try (var silent = sim.faults().hold("*")) {
      var e =
          catchThrowableOfType(
              OperatorException.class, () -> KibanaClient.create(endpoint).status().status());

      assertThat(silent.arrived()).isEqualTo(1);
      assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
      assertThat(e.getMessage()).contains("timeout");
    }
  }

  @Test
  void aRefusedConnectionIsRetryable() throws IOException {
    // A port bound but not listening refuses connections, and no one else (a test class running
    // in parallel) can take it while it is held, as one could a stopped server's port.
    try (var reserved = new Socket()) {
      reserved.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = reserved.getLocalPort();
      var client =
          KibanaClient.create(
              KibanaEndpoint.of(
                  "http://127.0.0.1:" + port, new KibanaCredentials.Basic("elastic", "changeme")));

      var e = catchThrowableOfType(OperatorException.class, () -> client.status().status());

      assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }
  }
}

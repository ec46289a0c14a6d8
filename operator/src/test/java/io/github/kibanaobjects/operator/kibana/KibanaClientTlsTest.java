package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.operator.testing.PrivateCa;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trust decisions against an HTTPS server whose certificates the test makes. */
class KibanaClientTlsTest {
  private static PrivateCa kibanaCa;
  private static HeldCertificate otherCa;
  private static HeldCertificate localhostCert;
  private static HeldCertificate wrongHostCert;

  private MockWebServer server;

  @BeforeAll
  static void makeCertificates() {
    kibanaCa = PrivateCa.make();
    otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("other-ca").build();
    localhostCert = kibanaCa.localhost();
    wrongHostCert = kibanaCa.otherHost();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.shutdown();
    }
  }

  private KibanaEndpoint serveWith(HeldCertificate certificate) throws IOException {
    server = kibanaCa.httpsServer(certificate);
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(KibanaClientHttpTest.STATUS_BODY));
    server.start();
    return KibanaEndpoint.of(
        server.url("/").toString(), new KibanaCredentials.ApiKey("aWQ6c2VjcmV0LWtleQ=="));
  }

  private static OperatorException statusFails(KibanaEndpoint endpoint) {
    return catchThrowableOfType(
        OperatorException.class, () -> KibanaClient.create(endpoint).status().status());
  }

  @Test
  void theConfiguredCaIsTrusted() throws IOException {
    var endpoint = serveWith(localhostCert).withCaPem(kibanaCa.ca().certificatePem());

    assertThat(KibanaClient.create(endpoint).status().status().version()).isEqualTo("8.19.0");
  }

  @Test
  void aCertificateFromAnotherCaFailsWithATlsMessage() throws IOException {
    var endpoint = serveWith(localhostCert).withCaPem(otherCa.certificatePem());

    var e = statusFails(endpoint);

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.getMessage()).contains("TLS").doesNotContain("c2VjcmV0LWtleQ");
  }

  @Test
  void theJvmTrustStoreDoesNotKnowAPrivateCa() throws IOException {
    var e = statusFails(serveWith(localhostCert));

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.getMessage()).contains("TLS");
  }

  @Test
  void aTrustedCertificateForAnotherHostIsRejected() throws IOException {
    var endpoint = serveWith(wrongHostCert).withCaPem(kibanaCa.ca().certificatePem());

    var e = statusFails(endpoint);

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.getMessage()).contains("TLS").containsIgnoringCase("not verified");
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificateAndHost() throws IOException {
    var endpoint = serveWith(wrongHostCert).withInsecureSkipVerify(true);

    assertThat(KibanaClient.create(endpoint).status().status().version()).isEqualTo("8.19.0");
  }

  @Test
  void aCaBundleWithoutCertificatesIsAnInvalidSpec() throws IOException {
    var endpoint = serveWith(localhostCert).withCaPem("not a certificate");

    var e = catchThrowableOfType(OperatorException.class, () -> KibanaClient.create(endpoint));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC);
    assertThat(e.getMessage()).contains("CA bundle");
  }

  /**
   * The parser quotes what it choked on (here the footer); none of the Secret's text may follow.
   */
  @Test
  void aCaThatFailsToParseEchoesNoneOfItsText() throws IOException {
    var pem = "-----BEGIN CERTIFICATE-----\nQ2FuYXJ5Q2FCb2R5\n-----END CanaryCaFooter-----\n";
    var endpoint = serveWith(localhostCert).withCaPem(pem);

    var e = catchThrowableOfType(OperatorException.class, () -> KibanaClient.create(endpoint));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC);
    assertThat(e.getMessage()).contains("not valid PEM").doesNotContain("Canary");
    assertThat(e.getMessage()).doesNotContain("Q2FuYXJ5Q2FCb2R5");
    assertThat(e.getCause()).isNull();
  }
}

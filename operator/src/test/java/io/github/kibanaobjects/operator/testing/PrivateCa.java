package io.github.kibanaobjects.operator.testing;

import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A CA that no JVM trusts, made by the test, with two server certificates it signs: one for this
 * machine ({@code localhost}, {@code 127.0.0.1}) and one for another host, for the checks a trusted
 * CA must not skip.
 */
public record PrivateCa(HeldCertificate ca, HeldCertificate localhost, HeldCertificate otherHost) {
  public static PrivateCa make() {
    var ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("kibana-ca").build();
    return new PrivateCa(
        ca,
        new HeldCertificate.Builder()
            .signedBy(ca)
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build(),
        new HeldCertificate.Builder()
            .signedBy(ca)
            .addSubjectAlternativeName("kibana.example.com")
            .build());
  }

  /** A server, not yet started, answering HTTPS with {@code certificate} and this CA above it. */
  public MockWebServer httpsServer(HeldCertificate certificate) {
    var certificates =
        new HandshakeCertificates.Builder().heldCertificate(certificate, ca.certificate()).build();
    var server = new MockWebServer();
    server.useHttps(certificates.sslSocketFactory(), false);
    return server;
  }
}

package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.testing.PrivateCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export command's options and its TLS flags, against an HTTPS Kibana stand-in whose
 * certificates the test makes (the space list is all it needs to answer).
 */
class ExportCommandTest {
  static final Map<String, String> API_KEY = Map.of("KIBANA_API_KEY", "aWQ6c2VjcmV0");

  private static PrivateCa kibanaCa;

  @TempDir Path dir;
  private MockWebServer server;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void makeCertificates() {
    kibanaCa = PrivateCa.make();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.shutdown();
    }
  }

  /** An HTTPS Kibana with one space besides default; returns its URL. */
  private String serveWith(HeldCertificate certificate) throws IOException {
    server = kibanaCa.httpsServer(certificate);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (requests) {
              requests.add(request);
            }
            if (!"/api/spaces/space".equals(request.getPath())) {
              return new MockResponse().setResponseCode(404);
            }
            return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody(
                    "[{\"id\":\"default\",\"name\":\"Default\",\"disabledFeatures\":[],"
                        + "\"_reserved\":true},"
                        + "{\"id\":\"lab\",\"name\":\"Lab\",\"disabledFeatures\":[]}]");
          }
        });
    server.start();
    return server.url("/").toString();
  }

  private int run(String... args) {
    return ExportCommand.run(
        List.of(args),
        API_KEY,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path caFile() throws IOException {
    return Files.writeString(dir.resolve("ca.pem"), kibanaCa.ca().certificatePem());
  }

  @Test
  void theCaFileIsTrustedForAnHttpsKibana() throws IOException {
    var url = serveWith(kibanaCa.localhost());

    var code = run("--url", url, "--type", "space", "--ca-file", caFile().toString());

    assertThat(code).as(stderr()).isZero();
    assertThat(stdout()).contains("kind: \"KibanaSpace\"", "name: \"lab\"");
    assertThat(stdout()).as("default only with --id default").doesNotContain("Default");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("ApiKey aWQ6c2VjcmV0");
  }

  @Test
  void withoutTheCaFileAPrivateCaIsNotTrusted() throws IOException {
    var url = serveWith(kibanaCa.localhost());

    var code = run("--url", url, "--type", "space");

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("export failed", "TLS");
    assertThat(stdout()).isEmpty();
    assertThat(requests).isEmpty();
  }

  @Test
  void theCaFileDoesNotMakeAnotherHostsCertificateRight() throws IOException {
    var url = serveWith(kibanaCa.otherHost());

    var code = run("--url", url, "--type", "space", "--ca-file", caFile().toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("TLS");
    assertThat(requests).isEmpty();
  }

  @Test
  void insecureSkipVerifyTrustsAnyCertificateAndHost() throws IOException {
    var url = serveWith(kibanaCa.otherHost());

    var code = run("--url", url, "--insecure-skip-verify", "--type", "space", "--id", "default");

    assertThat(code).as(stderr()).isZero();
    assertThat(stdout()).contains("name: \"default\"", "name: \"Default\"");
    assertThat(stdout()).doesNotContain("name: \"lab\"");
  }

  @Test
  void aCaFileThatCannotBeReadIsNamed() {
    var missing = dir.resolve("missing.pem").toString();

    var code = run("--url", "https://127.0.0.1:1", "--ca-file", missing);

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("cannot read --ca-file " + missing);
  }

  @Test
  void anIdNotFoundIsSaidOnStderr() throws IOException {
    var url = serveWith(kibanaCa.localhost());

    var code =
        run("--url", url, "--type", "space", "--id", "nowhere", "--ca-file", caFile().toString());

    assertThat(code).isZero();
    assertThat(stdout()).isEmpty();
    assertThat(stderr()).contains("export: no space with id nowhere");
  }

  @Test
  void withoutTypeVisualizationsAndDashboardsAreExported() {
    var options = ExportCommand.Options.parse(List.of("--url", "http://kibana:5601"));

    assertThat(ExportCommand.TYPES)
        .filteredOn(options::wants)
        .containsExactly("visualization", "dashboard");
    var roles =
        ExportCommand.Options.parse(
            List.of("--url", "http://kibana:5601", "--type", "role", "--type", "space"));
    assertThat(ExportCommand.TYPES).filteredOn(roles::wants).containsExactly("space", "role");
  }

  @Test
  void caFileAndInsecureSkipVerifyExcludeEachOther() {
    assertThatThrownBy(
            () ->
                ExportCommand.Options.parse(
                    List.of("--url", "https://k", "--ca-file", "ca.pem", "--insecure-skip-verify")))
        .hasMessageContaining("cannot be used together");
    assertThatThrownBy(
            () -> ExportCommand.Options.parse(List.of("--url", "https://k", "--type", "lens")))
        .hasMessageContaining("--type lens is not exported (one of space, role,");
    assertThat(ExportCommand.USAGE).contains("role|space", "--ca-file", "--insecure-skip-verify");
  }
}

package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class KibanaErrorsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Redactor REDACTOR = new Redactor(List.of("hunter2-secret"));

  private static OperatorException map(String method, String path, int status, String body) {
    return KibanaErrors.fromResponse(method, path, status, null, body, CLOCK);
  }

  private static String error(int status, String error, String message) {
    return "{\"statusCode\":"
        + status
        + ",\"error\":\""
        + error
        + "\",\"message\":\""
        + message
        + "\"}";
  }

  @Test
  void unauthorizedIsPermanentAndCarriesKibanasMessage() {
    var e =
        map(
            "GET",
            "/api/status",
            401,
            error(401, "Unauthorized", "unable to authenticate user [x]"));
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.getMessage()).contains("GET /api/status", "unable to authenticate user [x]");
  }

  @Test
  void forbiddenNamesTheMissingFeaturePrivilegeAndTheSpace() {
    var e =
        map(
            "POST",
            "/s/analytics/api/saved_objects/_import",
            403,
            error(403, "Forbidden", "Unable to bulk_create dashboard,visualization"));
    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("Unable to bulk_create dashboard,visualization")
        .contains("dashboard: all and visualize: all in space 'analytics'");

    var read =
        map(
            "POST",
            "/api/saved_objects/_bulk_get",
            403,
            error(403, "Forbidden", "Unable to bulk_get visualization"));
    assertThat(read.getMessage()).contains("visualize: read in space 'default'");

    var roles =
        map(
            "PUT",
            "/api/security/role/r",
            403,
            error(403, "Forbidden", "action [...] is unauthorized"));
    assertThat(roles.getMessage()).contains("manage_security");

    var noSpace =
        map("GET", "/s/x/api/saved_objects/_find", 403, error(403, "Forbidden", "Forbidden"));
    assertThat(noSpace.getMessage()).contains("no Kibana privilege in space 'x'");
  }

  @Test
  void conflictAndOtherClientErrors() {
    var conflict =
        map("POST", "/api/x", 409, error(409, "Conflict", "Saved object [v/1] conflict"));
    assertThat(conflict.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(conflict.isRetryable()).isFalse();

    var bad =
        map("POST", "/api/x", 400, error(400, "Bad Request", "[request body.kibana.0]: nope"));
    assertThat(bad.reason()).isEqualTo(Reason.KIBANA_ERROR);
    assertThat(bad.isRetryable()).isFalse();
    assertThat(bad.getMessage()).contains("400", "[request body.kibana.0]: nope");

    var notJson = map("GET", "/api/x", 413, "<html>Request Entity Too Large</html>");
    assertThat(notJson.getMessage()).contains("Request Entity Too Large");
  }

  @Test
  void transientStatusesAreRetryableWithRetryAfter() {
    for (var status : new int[] {429, 500, 502, 503, 504}) {
      var e = KibanaErrors.fromResponse("GET", "/api/x", status, "7", "", CLOCK);
      assertThat(e.reason()).as("status %d", status).isEqualTo(Reason.KIBANA_UNREACHABLE);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }
    assertThat(map("GET", "/api/x", 501, "").isRetryable()).isFalse();
  }

  @Test
  void theMessageQuotesRetryAfterAsSentSoItDoesNotChangeBetweenAttempts() {
    var date = "Sun, 22 Nov 2026 10:00:30 GMT";
    var first = KibanaErrors.fromResponse("GET", "/api/x", 503, date, "", CLOCK);
    var later =
        KibanaErrors.fromResponse(
            "GET", "/api/x", 503, date, "", Clock.offset(CLOCK, Duration.ofSeconds(20)));

    assertThat(first.getMessage()).isEqualTo(later.getMessage()).contains("retry at " + date);
    assertThat(first.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(later.retryAfter()).contains(Duration.ofSeconds(10));
    assertThat(KibanaErrors.fromResponse("GET", "/api/x", 429, "7", "", CLOCK).getMessage())
        .contains("retry after 7s");
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertThat(KibanaErrors.parseRetryAfter("120", CLOCK)).contains(Duration.ofMinutes(2));
    assertThat(KibanaErrors.parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", CLOCK))
        .contains(Duration.ofSeconds(30));
    assertThat(KibanaErrors.parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", CLOCK))
        .contains(Duration.ZERO);
    assertThat(KibanaErrors.parseRetryAfter("soon", CLOCK)).isEmpty();
    assertThat(KibanaErrors.parseRetryAfter(null, CLOCK)).isEmpty();
  }

  @Test
  void ioFailuresAreUnreachableAndSayWhatHappened() {
    var tls =
        KibanaErrors.fromIo(
            "GET",
            "/api/status",
            "kibana:443",
            new SSLHandshakeException("PKIX path building failed"),
            Duration.ofSeconds(30),
            REDACTOR);
    assertThat(tls.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(tls.isRetryable()).isTrue();
    assertThat(tls.getMessage()).contains("TLS", "kibana:443", "PKIX");

    var timeout =
        KibanaErrors.fromIo(
            "GET",
            "/api/status",
            "kibana:443",
            new InterruptedIOException("timeout"),
            Duration.ofSeconds(2),
            REDACTOR);
    assertThat(timeout.getMessage()).contains("PT2S");

    var refused =
        KibanaErrors.fromIo(
            "GET",
            "/api/status",
            "kibana:443",
            new ConnectException("Connection refused"),
            Duration.ofSeconds(2),
            REDACTOR);
    assertThat(refused.getMessage()).contains("cannot connect", "Connection refused");

    IOException reset = new SocketException("Connection reset");
    assertThat(
            KibanaErrors.fromIo("GET", "/p", "h:1", reset, Duration.ofSeconds(1), REDACTOR)
                .reason())
        .isEqualTo(Reason.KIBANA_UNREACHABLE);
  }
}

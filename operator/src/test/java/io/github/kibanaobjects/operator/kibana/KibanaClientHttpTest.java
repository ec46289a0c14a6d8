package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire, checked on a scripted server. */
class KibanaClientHttpTest {
  static final String STATUS_BODY =
      "{\"name\":\"kb\",\"version\":{\"number\":\"8.19.0\",\"build_flavor\":\"traditional\"},"
          + "\"status\":{\"overall\":{\"level\":\"available\"}}}";
  private static final String PASSWORD = "pw-Never-Shown-42";

  private MockWebServer server;
  private KibanaCredentials credentials;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    credentials = new KibanaCredentials.Basic("operator", PASSWORD);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private KibanaClient client() {
    return KibanaClient.create(KibanaEndpoint.of(server.url("/").toString(), credentials));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static ObjectNode visualization(String id) {
    var object = KibanaClient.JSON.createObjectNode().put("type", "visualization").put("id", id);
    object.put("managed", true).putObject("attributes").put("title", "T " + id);
    return object;
  }

  @Test
  void importIsAMultipartPostWithXsrfInTheSpace() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"success\":true,\"successCount\":2,\"successResults\":["
                + "{\"type\":\"visualization\",\"id\":\"a\"},"
                + "{\"type\":\"visualization\",\"id\":\"b\",\"overwrite\":true}]}"));

    var result =
        client()
            .savedObjects()
            .importObjects("team-a", List.of(visualization("a"), visualization("b")), true);

    assertThat(result.allWritten()).isTrue();
    var request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/s/team-a/api/saved_objects/_import?overwrite=true");
    assertThat(request.getHeader("kbn-xsrf")).isEqualTo("kibana-objects-operator");
    assertThat(request.getHeader("elastic-api-version")).isNull();
    assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(request.getHeader("Authorization")).isEqualTo(credentials.authorizationHeader());
    assertThat(request.getHeader("User-Agent")).startsWith("kibana-objects-operator/");
    var body = request.getBody().readUtf8();
    assertThat(body)
        .contains("name=\"file\"; filename=\"import.ndjson\"")
        .contains("Content-Type: application/ndjson")
        .contains("{\"type\":\"visualization\",\"id\":\"a\",\"managed\":true,")
        .contains("\"id\":\"b\"");
  }

  @Test
  void rolesUseTheVersionedApiAndXsrfOnlyOnWrites() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(204));
    server.enqueue(json(200, "{\"name\":\"a b/c\"}"));
    var roles = client().roles();

    roles.put("a b/c", KibanaClient.JSON.createObjectNode(), true);
    assertThat(roles.get("a b/c")).isPresent();

    var put = server.takeRequest();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getPath()).isEqualTo("/api/security/role/a%20b%2Fc?createOnly=true");
    assertThat(put.getHeader("elastic-api-version")).isEqualTo("2023-10-31");
    assertThat(put.getHeader("kbn-xsrf")).isEqualTo("kibana-objects-operator");
    assertThat(put.getHeader("Content-Type")).startsWith("application/json");
    var get = server.takeRequest();
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(get.getHeader("elastic-api-version")).isEqualTo("2023-10-31");
    assertThat(get.getHeader("kbn-xsrf")).isNull();
  }

  @Test
  void aBasePathAndTheDefaultSpaceAreHandled() throws Exception {
    server.enqueue(json(200, "")); // _export: nothing found
    var endpoint = KibanaEndpoint.of(server.url("/kibana/").toString(), credentials);

    var found =
        new SavedObjectsApi(KibanaClient.create(endpoint), false)
            .bulkGet("default", List.of(new SavedObjectRef("visualization", "x")));

    assertThat(found).isEmpty();
    assertThat(server.takeRequest().getPath()).isEqualTo("/kibana/api/saved_objects/_export");
  }

  /**
   * A server that echoes the request: every path that carries Kibana's answer (an error, an
   * import's per-object error, even a JSON-escaped or truncated echo) gets it redacted once, as it
   * arrives.
   */
  @Test
  void anEchoedAuthorizationHeaderIsRedactedOnEveryPathAsItArrives() {
    var header = credentials.authorizationHeader();
    var echo = "echo: Authorization: " + header + " password " + PASSWORD;
    server.enqueue(json(400, "{\"statusCode\":400,\"message\":\"" + echo + "\"}"));
    server.enqueue(
        json(
            200,
            "{\"success\":false,\"errors\":[{\"type\":\"visualization\",\"id\":\"v\","
                + "\"error\":{\"type\":\"unknown\",\"message\":\""
                + echo
                + "\"}}]}"));
    // the secret straddles the 600-character cut of a message
    server.enqueue(json(502, "x".repeat(590) + PASSWORD + " and more"));
    var client = client();

    var error = catchThrowableOfType(OperatorException.class, () -> client.status().status());
    var outcome = client.savedObjects().importObjects("default", List.of(visualization("v")), true);
    var cut = catchThrowableOfType(OperatorException.class, () -> client.status().status());

    var texts =
        List.of(
            error.getMessage(),
            outcome.outcomes().get(0).message(),
            outcome.outcomes().get(0).toException().getMessage(),
            cut.getMessage());
    for (var text : texts) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(header.substring(6));
    }
    assertThat(outcome.outcomes().get(0).message()).contains(Redactor.MASK);
    assertThat(cut.getMessage()).doesNotContain(PASSWORD.substring(0, 6));
  }

  @Test
  void aPasswordThatOccursInDataIsReadAsItIsAndMaskedInReports() {
    // a password someone chose can be a word Kibana's content holds too: data is not masked
    credentials = new KibanaCredentials.Basic("operator", "elastic");
    server.enqueue(json(200, "{\"title\":\"elastic-* errors\"}"));
    var client = client();

    var answer = client.send("GET", client.spaceUrl("default", "api").build(), null, false);

    assertThat(answer.body()).as("a 2xx answer is data").contains("elastic-* errors");
    assertThat(client.redactedAsReport(answer).body()).contains(Redactor.MASK + "-* errors");
  }

  @Test
  void aPasswordAsAJsonStringEscapesItIsStillRedacted() {
    var quoted = "pw\"with/slash\\and-quote";
    credentials = new KibanaCredentials.Basic("operator", quoted);
    server.enqueue(json(400, "{\"message\":\"bad pw\\\"with\\/slash\\\\and-quote\"}"));

    var error = catchThrowableOfType(OperatorException.class, () -> client().status().status());

    assertThat(error.getMessage()).doesNotContain(quoted).contains(Redactor.MASK);
  }

  @Test
  void redactedStatusMeansTheCredentialsWereNotUsed() {
    server.enqueue(json(200, "{\"status\":{\"overall\":{\"level\":\"available\"}}}"));

    var e = catchThrowableOfType(OperatorException.class, () -> client().status().status());

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("no version").doesNotContain(PASSWORD);
  }

  @Test
  void readsGoThroughExportOnEveryFlavourWithoutAskingWhichItIs() throws Exception {
    server.enqueue(json(200, "")); // _export: nothing found
    server.enqueue(json(200, ""));
    var client = client();

    assertThat(client.savedObjects().get("default", "visualization", "x")).isEmpty();
    assertThat(client.savedObjects().get("default", "visualization", "y")).isEmpty();

    assertThat(server.takeRequest().getPath()).isEqualTo("/api/saved_objects/_export");
    assertThat(server.takeRequest().getPath()).isEqualTo("/api/saved_objects/_export");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anObjectTheImportAnswerForgetsIsAnErrorNotASuccess() {
    server.enqueue(
        json(
            200,
            "{\"success\":true,\"successCount\":1,\"successResults\":["
                + "{\"type\":\"visualization\",\"id\":\"a\"}]}"));

    var result =
        client()
            .savedObjects()
            .importObjects("default", List.of(visualization("a"), visualization("b")), true);

    assertThat(result.allWritten()).isFalse();
    assertThat(result.outcome("visualization", "b").orElseThrow().status())
        .isEqualTo(ImportOutcome.Status.ERROR);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    var at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3600);
    server.enqueue(
        json(
                503,
                "{\"statusCode\":503,\"error\":\"Service Unavailable\",\"message\":\"License is not"
                    + " available.\"}")
            .setHeader(
                "Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(at)));

    var e = catchThrowableOfType(OperatorException.class, () -> client().status().status());

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("License is not available.");
    assertThat(e.retryAfter().orElseThrow())
        .isBetween(Duration.ofMinutes(50), Duration.ofMinutes(61));
  }

  @Test
  void aConnectionClosedWithoutAnswerIsRetryable() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
          }
        });

    var e = catchThrowableOfType(OperatorException.class, () -> client().status().status());

    assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("GET /api/status").doesNotContain(PASSWORD);
  }

  @Test
  void theRequestTimeoutIsHonoured() {
    // the server answers only once the client has given up: no delay to race against
    var gaveUp = new CountDownLatch(1);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            gaveUp.await(30, TimeUnit.SECONDS);
            return json(200, STATUS_BODY);
          }
        });
    var endpoint =
        KibanaEndpoint.of(server.url("/").toString(), credentials)
            .withRequestTimeout(Duration.ofMillis(300));

    try {
      var e =
          catchThrowableOfType(
              OperatorException.class, () -> KibanaClient.create(endpoint).status().status());

      assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
      assertThat(e.getMessage()).contains("request timeout of PT0.3S");
    } finally {
      gaveUp.countDown();
    }
  }

  @Test
  void inFlightRequestsNeverExceedTheBound() throws Exception {
    // Each request is held until the test lets one go; a third one arriving while two are held
    // would be over the bound, and would be seen (the test waits for every arrival it expects).
    var inFlight = new AtomicInteger();
    var highest = new AtomicInteger();
    var arrived = new Semaphore(0);
    var answer = new Semaphore(0);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            arrived.release();
            answer.tryAcquire(30, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            return json(200, STATUS_BODY);
          }
        });
    var client =
        KibanaClient.create(
            KibanaEndpoint.of(server.url("/").toString(), credentials)
                .withMaxConcurrentRequests(2));
    var pool = Executors.newFixedThreadPool(8);
    try {
      var calls = new ArrayList<Future<KibanaStatus>>();
      for (var i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> client.status().status()));
      }
      // two arrive at once; then each answer lets exactly one more in
      assertThat(arrived.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
      for (var answered = 1; answered <= 8; answered++) {
        answer.release();
        if (answered <= 6) {
          assertThat(arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      for (var call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS).version()).isEqualTo("8.19.0");
      }
    } finally {
      answer.release(8);
      pool.shutdownNow();
    }

    assertThat(server.getRequestCount()).isEqualTo(8);
    assertThat(highest.get()).isEqualTo(2);
  }

  @Test
  void theFactorySharesOneClientPerFingerprint() {
    try (var factory = new KibanaClientFactory()) {
      var endpoint = KibanaEndpoint.of(server.url("/").toString(), credentials);
      var first = factory.clientFor(endpoint);

      assertThat(factory.clientFor(KibanaEndpoint.of(server.url("/").toString(), credentials)))
          .isSameAs(first);
      var rotated =
          factory.clientFor(
              endpoint.withCredentials(new KibanaCredentials.Basic("operator", "rotated")));
      assertThat(rotated).isNotSameAs(first);
      assertThat(rotated.endpoint().credentials().authorizationHeader())
          .isNotEqualTo(first.endpoint().credentials().authorizationHeader());

      factory.evict(endpoint);
      assertThat(factory.clientFor(endpoint)).isNotSameAs(first);
    }
  }

  @Test
  void theFactoryDropsTheLeastRecentlyUsedClients() {
    try (var factory = new KibanaClientFactory(2, java.time.Clock.systemUTC())) {
      var url = server.url("/").toString();
      var a = factory.clientFor(KibanaEndpoint.of(url, new KibanaCredentials.Bearer("token-a")));
      factory.clientFor(KibanaEndpoint.of(url, new KibanaCredentials.Bearer("token-b")));
      factory.clientFor(KibanaEndpoint.of(url, new KibanaCredentials.Bearer("token-c")));

      assertThat(factory.size()).isEqualTo(2);
      assertThat(factory.clientFor(KibanaEndpoint.of(url, new KibanaCredentials.Bearer("token-a"))))
          .isNotSameAs(a);
    }
  }

  @Test
  void serverlessHasNoPublicDelete() {
    var api = new SavedObjectsApi(client(), true);

    assertThatThrownBy(() -> api.delete("default", "visualization", "x"))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.KIBANA_ERROR);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("serverless", "visualization 'x'");
            });
    assertThat(server.getRequestCount()).isZero();
  }
}

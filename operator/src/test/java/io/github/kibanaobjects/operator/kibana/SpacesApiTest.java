package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A burst of writes into one space asks Kibana once whether it exists, and only for a while. */
class SpacesApiTest {
  private MockWebServer server;
  private Instant now = Instant.parse("2026-12-03T07:00:00Z");
  private KibanaClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    var clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    client =
        new KibanaClient(
            KibanaEndpoint.of(
                server.url("/").toString(), new KibanaCredentials.Basic("operator", "secret")),
            new OkHttpClient(),
            clock,
            ImportBatching.defaults(),
            OperatorMetrics.none());
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static MockResponse space(String id) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody("{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}");
  }

  @Test
  void aSpaceThatAnsweredIsNotAskedAboutAgainWhileFresh() {
    server.enqueue(space("team-a"));
    assertThat(client.spaces().exists("team-a")).isTrue();
    assertThat(client.spaces().exists("team-a")).isTrue();
    now = now.plus(KnownSpaces.FRESH_FOR);
    assertThat(client.spaces().exists("team-a")).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);

    // past the freshness, Kibana is asked again, and a deleted space is seen as missing
    now = now.plus(Duration.ofMillis(1));
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"statusCode\":404}"));
    assertThat(client.spaces().exists("team-a")).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aMissingSpaceIsAskedAboutEveryTime() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"statusCode\":404}"));
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"statusCode\":404}"));
    assertThat(client.spaces().exists("team-b")).isFalse();
    assertThat(client.spaces().exists("team-b")).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSpaceTheOperatorDeletesIsForgotten() {
    server.enqueue(space("team-c"));
    server.enqueue(new MockResponse().setResponseCode(200));
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"statusCode\":404}"));
    assertThat(client.spaces().exists("team-c")).isTrue();
    client.spaces().delete("team-c");
    assertThat(client.spaces().exists("team-c")).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void theDefaultSpaceIsNeverAskedAbout() {
    assertThat(client.spaces().exists(SpacesApi.DEFAULT_SPACE)).isTrue();
    assertThat(server.getRequestCount()).isZero();
  }
}

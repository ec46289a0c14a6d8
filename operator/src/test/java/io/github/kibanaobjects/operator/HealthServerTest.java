package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersWhatTheSuppliersSayAtEachCall() throws Exception {
    var ready = new AtomicBoolean(false);
    try (var server = new HealthServer(0, () -> true, ready::get).start()) {
      assertThat(get(server, "/healthz")).isEqualTo(200);
      assertThat(get(server, "/readyz")).isEqualTo(503);

      ready.set(true);

      assertThat(get(server, "/readyz")).isEqualTo(200);
    }
  }

  private int get(HealthServer server, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}

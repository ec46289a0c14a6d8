package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.sim.KibanaSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The summary read over kibana-sim's HTTP API. */
class KibanaSummaryTest {

  private KibanaSim sim;

  @BeforeEach
  void start() {
    sim = KibanaSim.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void countsVisualizationsPerSpaceRolesAndTheRequestsBeforeItsOwnReads() throws Exception {
    send("POST", "/api/spaces/space", "{\"id\":\"analytics\",\"name\":\"Analytics\"}");
    send(
        "POST",
        "/s/analytics/api/saved_objects/visualization/cars",
        "{\"attributes\":{\"title\":\"Cars\",\"visState\":\"{}\"}}");
    send(
        "PUT",
        "/api/security/role/vega-publisher",
        "{\"elasticsearch\":{\"cluster\":[]},\"kibana\":[]}");

    var summary = KibanaSummary.read(sim.baseUrl(), "elastic", "changeme");

    assertThat(summary.visualizationsBySpace())
        .containsExactlyInAnyOrderEntriesOf(Map.of("default", 0L, "analytics", 1L));
    assertThat(summary.roles()).isEqualTo(List.of("vega-publisher"));
    assertThat(summary.requests()).isEqualTo(3);
    assertThat(summary.writes()).isEqualTo(3);
    assertThat(summary.format())
        .contains("  space analytics: 1 visualization\n")
        .contains("  space default: 0 visualizations\n");
  }

  private void send(String method, String path, String json) throws Exception {
    var auth =
        Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));
    var request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .header("Authorization", "Basic " + auth)
            .header("kbn-xsrf", "sandbox-test")
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build();
    var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 204);
  }
}

package io.github.kibanaobjects.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kibana holds, read over kibana-sim's HTTP API as the superuser: visualizations per space,
 * the roles that are not built in, and the request counters. Works against a simulator in this
 * process or in another one (the {@code apply} command).
 *
 * @param visualizationsBySpace space id to number of visualizations, in the simulator's order
 * @param roles names of the roles that are not reserved
 * @param requests Kibana API requests the simulator served before this summary was read
 * @param writes the non-GET ones among them
 */
record KibanaSummary(
    Map<String, Long> visualizationsBySpace, List<String> roles, long requests, long writes) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Reads the counters first, so the summary's own reads are not in them. */
  static KibanaSummary read(String baseUrl, String username, String password)
      throws IOException, InterruptedException {
    var http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    var auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    var counters = get(http, baseUrl + "/__sim/counters", auth);
    var bySpace = new LinkedHashMap<String, Long>();
    for (var space : get(http, baseUrl + "/api/spaces/space", auth)) {
      var id = space.path("id").asText();
      var found =
          get(
              http,
              baseUrl + spacePrefix(id) + "/api/saved_objects/_find?type=visualization&per_page=1",
              auth);
      bySpace.put(id, found.path("total").asLong());
    }
    var roles = new ArrayList<String>();
    for (var role : get(http, baseUrl + "/api/security/role", auth)) {
      if (!role.path("metadata").path("_reserved").asBoolean(false)) {
        roles.add(role.path("name").asText());
      }
    }
    return new KibanaSummary(
        bySpace, roles, counters.path("total").asLong(), counters.path("writes").asLong());
  }

  /** Printable lines, one fact each. */
  String format() {
    var text = new StringBuilder("Kibana now holds:\n");
    visualizationsBySpace.forEach(
        (space, count) ->
            text.append("  space ")
                .append(space)
                .append(": ")
                .append(plural(count, "visualization"))
                .append('\n'));
    text.append("  roles (not built in): ").append(roles.size());
    if (!roles.isEmpty()) {
      text.append(" (").append(String.join(", ", roles)).append(')');
    }
    text.append('\n');
    text.append("  requests served: ")
        .append(requests)
        .append(" Kibana API requests, ")
        .append(plural(writes, "write"))
        .append('\n');
    return text.toString();
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String spacePrefix(String space) {
    return "default".equals(space) ? "" : "/s/" + URLEncoder.encode(space, StandardCharsets.UTF_8);
  }

  private static JsonNode get(HttpClient http, String url, String auth)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .GET()
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}

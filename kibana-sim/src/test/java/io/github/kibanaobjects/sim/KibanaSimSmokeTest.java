package io.github.kibanaobjects.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KibanaSimSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KibanaSim sim;
  private static SimHttp elastic;

  @BeforeAll
  static void start() {
    sim = KibanaSim.start();
    elastic = new SimHttp(sim.baseUrl(), "elastic", "changeme");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.reset();
  }

  @Test
  void statusIsRedactedWithoutCredentialsAndFullWithThem() throws Exception {
    var anonymous = new SimHttp(sim.baseUrl(), null).get("/api/status");
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{\"status\":{\"overall\":{\"level\":\"available\"}}}");

    JsonNode full = JSON.readTree(elastic.get("/api/status").body());
    assertThat(full.at("/version/number").asText()).isEqualTo("8.19.0");
    assertThat(full.at("/version/build_flavor").asText()).isEqualTo("traditional");
  }

  @Test
  void leastPrivilegeRoleLetsANonSuperuserPublishAVegaVisualizationInItsSpaceOnly()
      throws Exception {
    assertThat(
            elastic
                .send("POST", "/api/spaces/space", "{\"id\":\"marketing\",\"name\":\"Marketing\"}")
                .statusCode())
        .isEqualTo(200);
    var put =
        elastic.send(
            "PUT",
            "/api/security/role/vega_publisher",
            "{\"kibana\":[{\"spaces\":[\"marketing\"],\"feature\":{\"visualize\":[\"all\"]}}]}");
    assertThat(put.statusCode()).isEqualTo(204);
    sim.addUser("publisher", "secret", "vega_publisher");
    var publisher = new SimHttp(sim.baseUrl(), "publisher", "secret");

    String vis =
        "{\"attributes\":{\"title\":\"Traffic\","
            + "\"visState\":\"{\\\"type\\\":\\\"vega\\\"}\"}}";
    var created =
        publisher.send("POST", "/s/marketing/api/saved_objects/visualization/traffic", vis);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(created.body()).get("version").asText()).isEqualTo("WzAsMV0=");
    assertThat(sim.savedObject("marketing", "visualization", "traffic")).isPresent();

    assertThat(
            elastic
                .send("POST", "/api/spaces/space", "{\"id\":\"sales\",\"name\":\"Sales\"}")
                .statusCode())
        .isEqualTo(200);
    var role =
        elastic.send(
            "PUT",
            "/api/security/role/vega_publisher",
            "{\"kibana\":[{\"spaces\":[\"marketing\"],\"feature\":{\"visualize\":[\"all\"]}},"
                + "{\"spaces\":[\"sales\"],\"feature\":{\"dashboard\":[\"read\"]}}]}");
    assertThat(role.statusCode()).isEqualTo(204);
    var denied = publisher.send("POST", "/s/sales/api/saved_objects/visualization/other", vis);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(denied.body()).get("message").asText())
        .isEqualTo("Unable to create visualization");

    var roleApi = publisher.send("PUT", "/api/security/role/sneaky", "{}");
    assertThat(roleApi.statusCode()).isEqualTo(403);
  }

  @Test
  void readsThatNameOtherSpacesAreAuthorizedPerSpace() throws Exception {
    elastic.send("POST", "/api/spaces/space", "{\"id\":\"m\",\"name\":\"M\"}");
    elastic.send(
        "POST",
        "/api/saved_objects/visualization/in-default",
        "{\"attributes\":{\"title\":\"D\"}}");
    elastic.send(
        "POST", "/s/m/api/saved_objects/visualization/in-m", "{\"attributes\":{\"title\":\"M\"}}");
    elastic.send(
        "PUT",
        "/api/security/role/m_reader",
        "{\"kibana\":[{\"spaces\":[\"m\"],\"feature\":{\"visualize\":[\"read\"]}}]}");
    sim.addUser("reader", "pw", "m_reader");
    var reader = new SimHttp(sim.baseUrl(), "reader", "pw");

    JsonNode found =
        JSON.readTree(
            reader.get("/s/m/api/saved_objects/_find?type=visualization&namespaces=*").body());
    assertThat(found.get("total").asInt()).isEqualTo(1);
    assertThat(found.at("/saved_objects/0/id").asText()).isEqualTo("in-m");

    var crossSpace =
        reader.send(
            "POST",
            "/s/m/api/saved_objects/_bulk_get",
            "[{\"type\":\"visualization\",\"id\":\"in-default\",\"namespaces\":[\"default\"]}]");
    assertThat(crossSpace.statusCode()).isEqualTo(403);
  }

  @Test
  void exportThenImportIntoAnotherSpaceRegeneratesTheId() throws Exception {
    elastic.send("POST", "/api/spaces/space", "{\"id\":\"b\",\"name\":\"B\"}");
    elastic.send(
        "POST", "/api/saved_objects/visualization/v1", "{\"attributes\":{\"title\":\"One\"}}");
    var export =
        elastic.send(
            "POST",
            "/api/saved_objects/_export",
            "{\"objects\":[{\"type\":\"visualization\",\"id\":\"v1\"}]}");
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type")).hasValue("application/ndjson");
    assertThat(export.body().lines()).hasSize(2);

    var imported =
        elastic.importNdjson("/s/b/api/saved_objects/_import", "export.ndjson", export.body());
    JsonNode result = JSON.readTree(imported.body());
    assertThat(result.get("success").asBoolean()).isTrue();
    String destination = result.at("/successResults/0/destinationId").asText();
    assertThat(destination).isNotEmpty().isNotEqualTo("v1");
    assertThat(
            sim.savedObject("b", "visualization", destination)
                .orElseThrow()
                .get("originId")
                .asText())
        .isEqualTo("v1");
  }

  @Test
  void resolveImportErrorsOverwritesOnlyTheRetriedObjects() throws Exception {
    String ndjson =
        "{\"type\":\"visualization\",\"id\":\"a\",\"attributes\":{\"title\":\"A2\"}}\n"
            + "{\"type\":\"visualization\",\"id\":\"b\",\"attributes\":{\"title\":\"B2\"}}\n";
    for (String id : new String[] {"a", "b"}) {
      elastic.send(
          "POST",
          "/api/saved_objects/visualization/" + id,
          "{\"attributes\":{\"title\":\"" + id.toUpperCase(java.util.Locale.ROOT) + "\"}}");
    }
    JsonNode conflicts =
        JSON.readTree(
            elastic.importNdjson("/api/saved_objects/_import", "x.ndjson", ndjson).body());
    assertThat(conflicts.get("errors")).hasSize(2);
    assertThat(conflicts.has("successResults")).isFalse();

    var response =
        elastic.importNdjson(
            "/api/saved_objects/_resolve_import_errors",
            "x.ndjson",
            ndjson,
            "[{\"type\":\"visualization\",\"id\":\"a\",\"overwrite\":true}]");
    JsonNode resolved = JSON.readTree(response.body());
    assertThat(resolved.get("successCount").asInt()).isEqualTo(1);
    assertThat(resolved.at("/successResults/0/overwrite").asBoolean()).isTrue();
    assertThat(
            sim.savedObject("default", "visualization", "a")
                .orElseThrow()
                .at("/attributes/title")
                .asText())
        .isEqualTo("A2");
    assertThat(
            sim.savedObject("default", "visualization", "b")
                .orElseThrow()
                .at("/attributes/title")
                .asText())
        .isEqualTo("B");
  }

  @Test
  void faultsAndCountersAreVisibleToTests() {
    sim.faults().errors("GET /api/saved_objects/{type}/{id}", 1.0, 503, Duration.ofSeconds(5));
    var failed = elastic.get("/s/x/api/saved_objects/visualization/v1");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(sim.counters().count("GET", "/api/saved_objects/{type}/{id}")).isEqualTo(1);

    sim.faults().clear();
    sim.faults().connectionReset("*", 1.0);
    assertThatThrownBy(() -> elastic.get("/api/status")).isInstanceOf(UncheckedIOException.class);
    // the JDK client retries a GET once after a reset, so count the attempts it made
    long resetAttempts = sim.counters().count("GET", "/api/status");
    assertThat(resetAttempts).isBetween(1L, 2L);
    sim.faults().clear();
    assertThat(elastic.get("/api/status").statusCode()).isEqualTo(200);
    assertThat(sim.counters().total()).isEqualTo(1 + resetAttempts + 1);
    assertThat(sim.counters().writes()).isZero();
  }

  @Test
  void writesCountOnlyRequestsThatCanChangeState() {
    elastic.send("POST", "/api/saved_objects/visualization/v", "{\"attributes\":{}}");
    elastic.get("/api/saved_objects/visualization/v");
    elastic.send(
        "POST", "/api/saved_objects/_bulk_get", "[{\"type\":\"visualization\",\"id\":\"v\"}]");
    elastic.send(
        "POST", "/api/saved_objects/_bulk_resolve", "[{\"type\":\"visualization\",\"id\":\"v\"}]");
    elastic.send("POST", "/api/saved_objects/_export", "{\"type\":\"visualization\"}");
    elastic.send("POST", "/api/security/role/_query", "{}");
    elastic.send("POST", "/api/no/such/route", "{}");
    elastic.send("DELETE", "/api/saved_objects/visualization/v", null);

    assertThat(sim.counters().total()).isEqualTo(8);
    assertThat(sim.counters().writes()).isEqualTo(2);
  }

  @Test
  void apiKeysAuthenticateUntilInvalidated() {
    String encoded = sim.createApiKey("elastic");
    var withKey = new SimHttp(sim.baseUrl(), "ApiKey " + encoded);
    assertThat(withKey.get("/api/features").statusCode()).isEqualTo(200);
    sim.invalidateApiKey(encoded);
    var rejected = withKey.get("/api/features");
    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(rejected.headers().allValues("WWW-Authenticate")).contains("ApiKey");
  }

  @Test
  void serverlessMakesCrudInternalButKeepsImportPublic() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var http = new SimHttp(serverless.baseUrl(), "elastic", "changeme");
      var crud = http.get("/api/saved_objects/visualization/v1");
      assertThat(crud.statusCode()).isEqualTo(400);
      assertThat(crud.body())
          .contains("exists but is not available with the current configuration");
      var imported =
          http.importNdjson(
              "/api/saved_objects/_import",
              "a.ndjson",
              "{\"type\":\"visualization\",\"id\":\"v\",\"attributes\":{\"title\":\"t\"}}\n");
      assertThat(imported.statusCode()).isEqualTo(200);
    }
  }
}

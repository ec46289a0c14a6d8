package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simulator's own surface (sim-api.md): admin endpoints, counters, faults, direct reads. */
class SimAdminContractTest extends SimContractBase {
  static final String VIS = "/api/saved_objects/visualization/";
  static final String GET_TEMPLATE = "/api/saved_objects/{type}/{id}";
  static final String CREATE_TEMPLATE = "/api/saved_objects/{type}/{id}";

  @Test
  void baseUrlIsLoopbackWithThePort() {
    assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
    assertThat(sim.port()).isPositive();
  }

  @Test
  void configuredSuperuserReplacesTheDefaultOne() {
    var config = new SimConfig(0, "8.19.0", false, "admin", "s3cret-pw");
    try (var other = KibanaSim.start(config)) {
      var client = new SimHttp(other.baseUrl());
      assertOk(client.get("/api/features").as("admin", "s3cret-pw").send());
      assertErrorShape(client.get("/api/features").send(), 401, "Unauthorized");
      assertOk(client.post("/__sim/reset").as("admin", "s3cret-pw").noXsrf().send());
    }
  }

  // ---- reset ----

  @Test
  void adminResetRestoresTheStartState() {
    createSpace("x", "Space X");
    createVis(null, "v1", "gone after reset");
    putRole("custom", baseRole(List.of("*"), "read"));
    sim.addUser("alice", "pw-alice", "viewer");

    var resp = http.post("/__sim/reset").noXsrf().send();
    assertThat(assertOk(resp)).isEqualTo(parse("{\"reset\":true}"));
    assertThat(sim.counters().total()).as("counters cleared, admin calls not counted").isZero();

    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
    assertThat(sim.role("custom")).isEmpty();
    assertThat(sim.role("superuser")).isPresent();
    assertErrorShape(http.get("/api/spaces/space/x").send(), 404, "Not Found");
    assertThat(assertOk(http.get("/api/spaces/space").send())).hasSize(1);
    assertErrorShape(
        http.get("/api/spaces/space").as("alice", "pw-alice").send(), 401, "Unauthorized");
  }

  @Test
  void libraryResetClearsCountersAndFaults() {
    createVis(null, "v1", "x");
    sim.faults().errors("*", 1.0, 500);
    sim.reset();
    assertThat(sim.counters().total()).isZero();
    assertThat(sim.counters().snapshot()).isEmpty();
    assertOk(http.get("/api/spaces/space").send());
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  // ---- users and api keys ----

  @Test
  void adminUsersAddsAUserWithRoles() {
    var resp =
        http.post("/__sim/users")
            .noXsrf()
            .json(Map.of("username", "bob", "password", "pw-bob", "roles", List.of("viewer")))
            .send();
    assertThat(resp.status()).as("%s", resp).isEqualTo(200);
    createVis(null, "v1", "readable");
    assertOk(http.get(VIS + "v1").as("bob", "pw-bob").send());
    assertError(
        http.post(VIS + "v2").as("bob", "pw-bob").json(createBody(visAttributes("n"))).send(),
        403,
        "Forbidden",
        "Unable to create visualization");
  }

  @Test
  void adminApiKeysCreateAndInvalidate() {
    var created =
        assertOk(http.post("/__sim/api_keys").noXsrf().json(Map.of("username", "elastic")).send());
    var id = created.path("id").asText();
    var secret = created.path("api_key").asText();
    var encoded = created.path("encoded").asText();
    assertThat(id).isNotBlank();
    assertThat(secret).isNotBlank();
    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo(id + ":" + secret);
    assertOk(http.get("/api/spaces/space").apiKey(encoded).send());

    var deleted = http.delete("/__sim/api_keys/" + id).noXsrf().send();
    assertThat(deleted.status()).as("%s", deleted).isBetween(200, 204);
    assertErrorShape(http.get("/api/spaces/space").apiKey(encoded).send(), 401, "Unauthorized");
  }

  @Test
  void adminRoutesNeedTheSuperuser() {
    assertThat(http.post("/__sim/reset").noAuth().noXsrf().send().status()).isEqualTo(401);
    sim.addUser("view", "pw-view", "viewer");
    assertThat(http.post("/__sim/reset").as("view", "pw-view").noXsrf().send().status())
        .isIn(401, 403);
    assertThat(http.post("/__sim/reset").as("elastic", "wrong").noXsrf().send().status())
        .isEqualTo(401);
    assertOk(http.get("/__sim/counters").as("elastic", "changeme").send());
  }

  // ---- counters ----

  @Test
  void countersCountTheObjectsEachBulkGetAskedFor() {
    createVis(null, "v1", "a");
    var three =
        List.of(
            Map.of("type", "visualization", "id", "v1"),
            Map.of("type", "visualization", "id", "v2"),
            Map.of("type", "visualization", "id", "v3"));
    assertOk(http.post("/api/saved_objects/_bulk_get").json(three).send());
    assertOk(http.post("/api/saved_objects/_bulk_get").json(List.of(three.get(0))).send());

    var counters = sim.counters();
    assertThat(counters.count("POST", "/api/saved_objects/_bulk_get")).isEqualTo(2);
    assertThat(counters.items("POST", "/api/saved_objects/_bulk_get")).isEqualTo(4);
    sim.reset();
    assertThat(counters.items("POST", "/api/saved_objects/_bulk_get")).isZero();
  }

  @Test
  void countersCountPerRouteTemplateAndMethod() {
    createSpace("x", "Space X");
    createVis(null, "v1", "a");
    createVis("x", "v2", "b");
    http.get(VIS + "v1").send();
    http.get(VIS + "v2").space("x").send();
    http.get(VIS + "missing").send();
    http.get("/api/saved_objects/_find?type=visualization").space("x").send();

    var counters = sim.counters();
    assertThat(counters.count("POST", CREATE_TEMPLATE)).isEqualTo(2);
    assertThat(counters.count("GET", GET_TEMPLATE)).isEqualTo(3);
    assertThat(counters.count("POST", "/api/spaces/space")).isEqualTo(1);
    assertThat(counters.count("DELETE", GET_TEMPLATE)).isZero();
    assertThat(counters.count("GET", "/api/saved_objects/_find")).isEqualTo(1);
    assertThat(counters.total()).isEqualTo(7);
    assertThat(counters.writes()).isEqualTo(3);
    assertThat(counters.snapshot())
        .containsEntry("GET " + GET_TEMPLATE, 3L)
        .containsEntry("POST " + CREATE_TEMPLATE, 2L)
        .containsEntry("POST /api/spaces/space", 1L);
  }

  @Test
  void countersOverHttpMatchAndCanBeReset() {
    createVis(null, "v1", "a");
    http.get(VIS + "v1").send();
    http.post("/api/saved_objects/_import")
        .importFile(
            "export.ndjson",
            "{\"type\":\"visualization\",\"id\":\"v9\",\"attributes\":{\"title\":\"t\"}}\n")
        .send();

    var counters = assertOk(http.get("/__sim/counters").send());
    assertThat(counters.path("total").asLong()).isEqualTo(3);
    assertThat(counters.path("writes").asLong()).isEqualTo(2);
    assertThat(counters.path("routes").path("GET " + GET_TEMPLATE).asLong()).isEqualTo(1);
    assertThat(counters.path("routes").path("POST /api/saved_objects/_import").asLong())
        .isEqualTo(1);
    assertThat(sim.counters().count("POST", "/api/saved_objects/_import")).isEqualTo(1);

    assertThat(http.delete("/__sim/counters").noXsrf().send().status()).isBetween(200, 204);
    assertThat(sim.counters().total()).isZero();
    var after = assertOk(http.get("/__sim/counters").send());
    assertThat(after.path("total").asLong()).isZero();
  }

  @Test
  void writesCountOnlyStateChangingRequests() {
    createVis(null, "v1", "a");
    putRole("r", baseRole(List.of("*"), "read"));
    sim.counters().reset();
    // read-only POSTs (lead's finding 9cbc353: writes() is not "every non-GET")
    http.post("/api/saved_objects/_bulk_get")
        .json(List.of(Map.of("type", "visualization", "id", "v1")))
        .send();
    http.post("/api/saved_objects/_export").json(Map.of("type", List.of("visualization"))).send();
    http.post("/api/saved_objects/_bulk_resolve")
        .json(List.of(Map.of("type", "visualization", "id", "v1")))
        .send();
    http.post("/api/security/role/_query").json(Map.of("from", 0, "size", 10)).send();
    http.post("/api/no/such/route").json(Map.of()).send();
    assertThat(sim.counters().writes()).isZero();
    for (var route :
        List.of(
            "/api/saved_objects/_bulk_get",
            "/api/saved_objects/_export",
            "/api/saved_objects/_bulk_resolve",
            "/api/security/role/_query")) {
      assertThat(sim.counters().count("POST", route)).as(route).isEqualTo(1);
    }

    http.put("/api/saved_objects/visualization/v1")
        .json(createBody(obj().put("title", "b")))
        .send();
    http.delete("/api/security/role/r").send();
    http.post("/api/saved_objects/_import")
        .importFile(
            "export.ndjson",
            "{\"type\":\"visualization\",\"id\":\"v2\",\"attributes\":{\"title\":\"t\"}}\n")
        .send();
    assertThat(sim.counters().writes()).isEqualTo(3);
    assertThat(assertOk(http.get("/__sim/counters").send()).path("writes").asLong()).isEqualTo(3);
  }

  @Test
  void countersAreExactUnderConcurrency() throws Exception {
    var statuses = parallel(24, i -> http.get("/api/spaces/space").send().status());
    assertThat(statuses).containsOnly(200);
    assertThat(sim.counters().count("GET", "/api/spaces/space")).isEqualTo(24);
    assertThat(sim.counters().total()).isEqualTo(24);
    assertThat(sim.counters().writes()).isZero();
  }

  @Test
  void directReadsAreNotCountedAndMatchGet() {
    createVis(null, "v1", "direct");
    var before = sim.counters().total();
    var direct = sim.savedObject("default", "visualization", "v1").orElseThrow();
    assertThat(sim.counters().total()).isEqualTo(before);
    var got = assertOk(http.get(VIS + "v1").send());
    assertThat(direct).isEqualTo(got);
  }

  // ---- faults ----

  @Test
  void latencyFaultDelaysMatchingRoutes() {
    createVis(null, "v1", "slow");
    sim.faults().latency("GET " + GET_TEMPLATE, Duration.ofMillis(400));
    var start = System.nanoTime();
    assertOk(http.get(VIS + "v1").send());
    var elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void errorFaultAnswersWithKibanaErrorShape() {
    createVis(null, "v1", "x");
    sim.faults().errors("GET " + GET_TEMPLATE, 1.0, 502);
    assertErrorShape(http.get(VIS + "v1").send(), 502, "Bad Gateway");
    assertOk(http.get("/api/spaces/space").send());
    sim.faults().clear();
    assertOk(http.get(VIS + "v1").send());
  }

  @Test
  void echoFaultRepeatsTheRequestHeadersBackAndFailsEveryImportedObjectWithThem() {
    sim.faults().echo("GET /api/spaces/space", 502).echo("POST /api/saved_objects/_import", 200);

    var error = http.get("/api/spaces/space").send();
    assertThat(error.status()).isEqualTo(502);
    assertThat(error.json().path("message").asText())
        .startsWith("echo: GET /api/spaces/space")
        .containsIgnoringCase("authorization: Basic ");

    var line = "{\"type\":\"visualization\",\"id\":\"v1\",\"attributes\":{\"title\":\"t\"}}";
    var imported =
        assertOk(http.post("/api/saved_objects/_import").importFile("x.ndjson", line).send());
    assertThat(imported.path("success").asBoolean()).isFalse();
    var item = imported.path("errors").get(0);
    assertThat(item.path("id").asText()).isEqualTo("v1");
    assertThat(item.path("error").path("type").asText()).isEqualTo("unknown");
    assertThat(item.path("error").path("message").asText()).containsIgnoringCase("authorization:");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void errorFaultWithZeroRateChangesNothing() {
    createVis(null, "v1", "x");
    sim.faults().errors("*", 0.0, 500);
    for (var i = 0; i < 5; i++) {
      assertOk(http.get(VIS + "v1").send());
    }
  }

  @Test
  void tooManyRequestsFaultCarriesRetryAfter() {
    sim.faults().errors("/api/spaces/space", 1.0, 429, Duration.ofSeconds(7));
    var resp = http.get("/api/spaces/space").send();
    assertErrorShape(resp, 429, "Too Many Requests");
    assertThat(resp.header("retry-after")).hasValue("7");
    // a template without a method matches every method
    var post = http.post("/api/spaces/space").json(Map.of("id", "s", "name", "S")).send();
    assertErrorShape(post, 429, "Too Many Requests");
    sim.faults().clear();
    assertErrorShape(http.get("/api/spaces/space/s").send(), 404, "Not Found");
  }

  @Test
  void methodSpecificFaultLeavesOtherMethodsAlone() {
    createVis(null, "v1", "x");
    sim.faults().errors("POST " + CREATE_TEMPLATE, 1.0, 503);
    assertErrorShape(
        http.post(VIS + "v2").json(createBody(visAttributes("n"))).send(),
        503,
        "Service Unavailable");
    assertThat(sim.savedObject("default", "visualization", "v2")).isEmpty();
    assertOk(http.get(VIS + "v1").send());
  }

  @Test
  void connectionResetSurfacesAsIOException() {
    sim.faults().connectionReset("/api/spaces/space", 1.0);
    assertThatThrownBy(() -> http.get("/api/spaces/space").sendOrThrow())
        .isInstanceOf(IOException.class);
    sim.faults().clear();
    assertOk(http.get("/api/spaces/space").send());
  }

  @Test
  void outageAnswers503OnKibanaRoutesUntilItsWindowEnds() {
    sim.faults().outage(Duration.ofMinutes(5));
    assertErrorShape(http.get("/api/spaces/space").send(), 503, "Service Unavailable");
    assertErrorShape(http.get("/api/status").send(), 503, "Service Unavailable");
    assertOk(http.get("/__sim/counters").send());
    // a window that is already over (SimFaultsTest ends one on a clock, without waiting)
    sim.faults().outage(Duration.ZERO);
    assertOk(http.get("/api/spaces/space").send());
  }

  // ---- holds ----

  @Test
  void aHoldParksMatchingRequestsUntilReleasedAndThenOtherFaultsApply() throws Exception {
    createVis(null, "v1", "held");
    var pool = Executors.newSingleThreadExecutor();
    try (var hold = sim.faults().hold("GET " + GET_TEMPLATE)) {
      sim.faults().errors("GET " + GET_TEMPLATE, 1.0, 502);
      var held = pool.submit(() -> http.get(VIS + "v1").send());

      hold.awaitArrived(1);
      assertThat(held).isNotDone();
      assertThat(sim.counters().count("GET", GET_TEMPLATE)).isEqualTo(1);
      // other routes go on: only the matching route waits
      assertOk(http.get("/api/spaces/space").send());
      assertThat(held).isNotDone();

      hold.release();
      assertErrorShape(held.get(30, TimeUnit.SECONDS), 502, "Bad Gateway");
      assertThat(hold.released()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHoldCountsEveryParkedRequestAndReleaseLetsAllOfThemAndLaterOnesThrough() throws Exception {
    var pool = Executors.newFixedThreadPool(3);
    try {
      var hold = sim.faults().hold("/api/spaces/space");
      var parked = new ArrayList<Future<SimHttp.Resp>>();
      for (var i = 0; i < 3; i++) {
        parked.add(pool.submit(() -> http.get("/api/spaces/space").send()));
      }

      assertThat(hold.awaitArrived(3).arrived()).isEqualTo(3);
      assertThat(parked).noneMatch(Future::isDone);
      hold.release();

      for (var request : parked) {
        assertOk(request.get(30, TimeUnit.SECONDS));
      }
      assertOk(http.get("/api/spaces/space").send());
      assertThat(hold.arrived()).as("a released hold parks nothing more").isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void clearingFaultsReleasesHolds() throws Exception {
    var pool = Executors.newSingleThreadExecutor();
    try {
      var hold = sim.faults().hold("*");
      var held = pool.submit(() -> http.get("/api/features").send());
      hold.awaitArrived(1);

      sim.faults().clear();

      assertOk(held.get(30, TimeUnit.SECONDS));
      assertThat(hold.released()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stoppingTheSimulatorReleasesWhatAHoldParked() throws Exception {
    var pool = Executors.newSingleThreadExecutor();
    try (var other = KibanaSim.start()) {
      var client = new SimHttp(other.baseUrl());
      var hold = other.faults().hold("*");
      var held = pool.submit(() -> client.get("/api/features").send());
      hold.awaitArrived(1);

      other.close();

      // answered or cut off, but not left hanging
      assertThat(hold.released()).isTrue();
      try {
        held.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException cutOff) {
        assertThat(cutOff.getCause()).isInstanceOf(RuntimeException.class);
      }
      assertThat(held).isDone();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitingForRequestsThatNeverCameFailsNamingTheHold() {
    try (var hold = sim.faults().hold("POST /api/saved_objects/_import")) {
      assertThatThrownBy(() -> hold.awaitArrived(1, Duration.ofMillis(50)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("POST /api/saved_objects/_import")
          .hasMessageContaining("0 of 1");
    }
  }

  @Test
  void faultsOverHttpApplyAndClear() {
    var set =
        http.post("/__sim/faults")
            .noXsrf()
            .json(Map.of("route", "*", "errorRate", 1.0, "status", 503, "retryAfterSeconds", 3))
            .send();
    assertThat(set.status()).as("%s", set).isEqualTo(200);
    var failed = http.get("/api/spaces/space").send();
    assertErrorShape(failed, 503, "Service Unavailable");
    assertThat(failed.header("retry-after")).hasValue("3");
    assertOk(http.get("/__sim/counters").send());

    assertThat(http.delete("/__sim/faults").noXsrf().send().status()).isBetween(200, 204);
    assertOk(http.get("/api/spaces/space").send());
  }

  @Test
  void outageAndConnectionResetOverHttpAndClearEndsThem() {
    var outage =
        http.post("/__sim/faults").noXsrf().json(Map.of("route", "*", "outageSeconds", 60)).send();
    assertThat(outage.status()).as("%s", outage).isEqualTo(200);
    assertErrorShape(http.get("/api/features").send(), 503, "Service Unavailable");
    assertThat(http.delete("/__sim/faults").noXsrf().send().status()).isBetween(200, 204);
    assertOk(http.get("/api/features").send());

    var reset =
        http.post("/__sim/faults")
            .noXsrf()
            .json(Map.of("route", "/api/features", "connectionResetRate", 1.0))
            .send();
    assertThat(reset.status()).as("%s", reset).isEqualTo(200);
    assertThatThrownBy(() -> http.get("/api/features").sendOrThrow())
        .isInstanceOf(IOException.class);
    assertOk(http.get("/api/spaces/space").send());
    sim.faults().clear();
    assertOk(http.get("/api/features").send());
  }

  @Test
  void latencyFaultOverHttp() {
    var set =
        http.post("/__sim/faults")
            .noXsrf()
            .json(Map.of("route", "/api/spaces/space", "latencyMs", 300))
            .send();
    assertThat(set.status()).as("%s", set).isEqualTo(200);
    var start = System.nanoTime();
    assertOk(http.get("/api/spaces/space").send());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }
}

package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.kibanaobjects.sim.KibanaSim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One default simulator (8.19.0, stateful, elastic/changeme) per test class, reset before every
 * test. Also the shared assertions on Kibana's error shape and a few builders for request bodies
 * that the contract defines (section 2.1 visualization attributes, section 4.1 roles).
 */
abstract class SimContractBase {
  static final String API_VERSION = "2023-10-31";
  static final String UUID_V4 =
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
  static final String ISO_MS_Z = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";

  static KibanaSim sim;
  static SimHttp http;

  @BeforeAll
  static void startSim() {
    sim = KibanaSim.start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterAll
  static void stopSim() {
    if (sim != null) {
      sim.close();
    }
  }

  @BeforeEach
  void resetSim() {
    sim.reset();
  }

  // ---- error shape (contract 0.3) ----

  /** Status, and the body's statusCode/error/message exactly. */
  static JsonNode assertError(SimHttp.Resp resp, int status, String error, String message) {
    var body = assertErrorShape(resp, status, error);
    assertThat(body.path("message").asText()).as("message of %s", resp).isEqualTo(message);
    return body;
  }

  /** Status and error phrase; the message must be a non-blank string (its text is [unsure]). */
  static JsonNode assertErrorShape(SimHttp.Resp resp, int status, String error) {
    assertThat(resp.status()).as("status of %s", resp).isEqualTo(status);
    var body = resp.json();
    assertThat(body.path("statusCode").isInt()).as("statusCode is an int in %s", resp).isTrue();
    assertThat(body.path("statusCode").asInt()).as("statusCode of %s", resp).isEqualTo(status);
    assertThat(body.path("error").asText()).as("error of %s", resp).isEqualTo(error);
    assertThat(body.path("message").isTextual()).as("message is text in %s", resp).isTrue();
    assertThat(body.path("message").asText()).as("message of %s", resp).isNotBlank();
    return body;
  }

  /** Status and error phrase, and the message contains every fragment. */
  static JsonNode assertErrorContaining(
      SimHttp.Resp resp, int status, String error, String... fragments) {
    var body = assertErrorShape(resp, status, error);
    assertThat(body.path("message").asText()).as("message of %s", resp).contains(fragments);
    return body;
  }

  static JsonNode assertOk(SimHttp.Resp resp) {
    assertThat(resp.status()).as("status of %s", resp).isEqualTo(200);
    return resp.json();
  }

  static void assertNoContent(SimHttp.Resp resp) {
    assertThat(resp.status()).as("status of %s", resp).isEqualTo(204);
    assertThat(resp.body()).as("204 body").isEmpty();
  }

  /** Runs n calls at once (released together) and returns their results in call order. */
  static List<Integer> parallel(int n, IntFunction<Integer> call) throws Exception {
    var pool = Executors.newFixedThreadPool(6);
    try {
      var gate = new CountDownLatch(1);
      var futures = new ArrayList<Future<Integer>>();
      for (var i = 0; i < n; i++) {
        var index = i;
        futures.add(
            pool.submit(
                () -> {
                  gate.await();
                  return call.apply(index);
                }));
      }
      gate.countDown();
      var out = new ArrayList<Integer>();
      for (var future : futures) {
        out.add(future.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- builders ----

  static TextNode text(String value) {
    return TextNode.valueOf(value);
  }

  static ObjectNode obj() {
    return SimHttp.JSON.createObjectNode();
  }

  static JsonNode parse(String json) {
    try {
      return SimHttp.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** Vega visualization attributes as the operator writes them (contract 2.1). */
  static ObjectNode visAttributes(String title) {
    var visState = obj().put("title", title).put("type", "vega");
    visState.putArray("aggs");
    visState
        .putObject("params")
        .put(
            "spec",
            "{\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\",\"mark\":\"bar\"}");
    var attrs =
        obj()
            .put("title", title)
            .put("description", "")
            .put("visState", SimHttp.toJson(visState))
            .put("uiStateJSON", "{}")
            .put("version", 1);
    attrs
        .putObject("kibanaSavedObjectMeta")
        .put(
            "searchSourceJSON",
            "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}");
    return attrs;
  }

  static ObjectNode createBody(ObjectNode attributes) {
    var body = obj();
    body.set("attributes", attributes);
    return body;
  }

  static ObjectNode reference(String name, String type, String id) {
    return obj().put("name", name).put("type", type).put("id", id);
  }

  static JsonNode createVis(String space, String id, String title) {
    var req = http.post("/api/saved_objects/visualization/" + id);
    if (space != null) {
      req.space(space);
    }
    return assertOk(req.json(createBody(visAttributes(title))).send());
  }

  static JsonNode createSpace(String id, String name) {
    return assertOk(http.post("/api/spaces/space").json(Map.of("id", id, "name", name)).send());
  }

  /** A role with one kibana entry: feature privileges in the given spaces. */
  static ObjectNode featureRole(List<String> spaces, String feature, String privilege) {
    var entry = obj();
    entry.set("spaces", SimHttp.JSON.valueToTree(spaces));
    entry.putArray("base");
    entry.putObject("feature").putArray(feature).add(privilege);
    return roleWith(entry);
  }

  static ObjectNode baseRole(List<String> spaces, String privilege) {
    var entry = obj();
    entry.set("spaces", SimHttp.JSON.valueToTree(spaces));
    entry.putArray("base").add(privilege);
    return roleWith(entry);
  }

  static ObjectNode roleWith(JsonNode... kibanaEntries) {
    var role = obj();
    role.putObject("elasticsearch").putArray("cluster");
    var kibana = role.putArray("kibana");
    for (var entry : kibanaEntries) {
      kibana.add(entry);
    }
    return role;
  }

  static void putRole(String name, JsonNode role) {
    assertNoContent(http.put("/api/security/role/" + name).json(role).send());
  }
}

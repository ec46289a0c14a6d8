package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import org.junit.jupiter.api.Test;

/** Contract section 5, status API (Kibana version detection). */
class StatusContractTest extends SimContractBase {
  static final String STATUS = "/api/status";

  @Test
  void authenticatedStatusReportsTheConfiguredVersion() {
    var body = assertOk(http.get(STATUS).send());
    var version = body.path("version");
    assertThat(version.path("number").asText()).isEqualTo("8.19.0");
    assertThat(version.path("build_flavor").asText()).isEqualTo("traditional");
    assertThat(version.path("build_snapshot").isBoolean()).isTrue();
    assertThat(version.path("build_snapshot").asBoolean()).isFalse();
    assertThat(body.path("name").isTextual()).isTrue();
    assertThat(body.path("uuid").isTextual()).isTrue();
    assertThat(body.path("status").path("overall").path("level").asText())
        .isIn("available", "degraded", "unavailable", "critical");
    assertThat(sim.kibanaVersion()).isEqualTo("8.19.0");
  }

  @Test
  void otherConfiguredVersionIsReported() {
    try (var other = KibanaSim.start(SimConfig.defaults().withKibanaVersion("9.1.3"))) {
      var body = assertOk(new SimHttp(other.baseUrl()).get(STATUS).send());
      assertThat(body.path("version").path("number").asText()).isEqualTo("9.1.3");
      assertThat(other.kibanaVersion()).isEqualTo("9.1.3");
    }
  }

  @Test
  void snapshotSuffixIsStrippedAndFlagged() {
    try (var other = KibanaSim.start(SimConfig.defaults().withKibanaVersion("9.2.0-SNAPSHOT"))) {
      var version = assertOk(new SimHttp(other.baseUrl()).get(STATUS).send()).path("version");
      assertThat(version.path("number").asText()).isEqualTo("9.2.0");
      assertThat(version.path("build_snapshot").asBoolean()).isTrue();
    }
  }

  @Test
  void serverlessReportsServerlessFlavor() {
    try (var other = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var body = assertOk(new SimHttp(other.baseUrl()).get(STATUS).send());
      assertThat(body.path("version").path("build_flavor").asText()).isEqualTo("serverless");
    }
  }

  @Test
  void unauthenticatedStatusIsRedacted() {
    var resp = http.get(STATUS).noAuth().send();
    assertThat(assertOk(resp))
        .isEqualTo(parse("{\"status\":{\"overall\":{\"level\":\"available\"}}}"));
  }

  @Test
  void apiKeyAuthenticatesStatusToo() {
    var key = sim.createApiKey("elastic");
    var body = assertOk(http.get(STATUS).apiKey(key).send());
    assertThat(body.path("version").path("number").asText()).isEqualTo("8.19.0");
  }

  @Test
  void v7AndV8FormatTogetherAreRejected() {
    assertErrorShape(http.get(STATUS + "?v7format=true&v8format=true").send(), 400, "Bad Request");
  }
}

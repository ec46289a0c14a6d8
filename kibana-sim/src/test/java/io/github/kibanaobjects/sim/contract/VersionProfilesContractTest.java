package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What each version profile does differently (kibana-sim README, "Version profiles"). */
@ParameterizedClass
@EnumSource(SimProfile.class)
class VersionProfilesContractTest {
  static final String ROLE = "/api/security/role/";

  @Parameter SimProfile profile;
  static KibanaSim sim;
  static SimHttp http;

  /** One simulator per profile, shared by that profile's tests. */
  @BeforeParameterizedClassInvocation
  static void start(SimProfile profile) {
    sim = KibanaSim.start(profile);
    http = new SimHttp(sim.baseUrl());
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.reset();
  }

  boolean v2() {
    return profile != SimProfile.KIBANA_8_11;
  }

  static List<String> ids(JsonNode features) {
    var ids = new ArrayList<String>();
    features.forEach(f -> ids.add(f.path("id").asText()));
    return ids;
  }

  @Test
  void statusReportsTheProfilesVersionAndFlavour() {
    var version = http.get("/api/status").send().json().path("version");

    assertThat(version.path("number").asText()).isEqualTo(profile.version());
    assertThat(version.path("build_flavor").asText())
        .isEqualTo(profile.serverless() ? "serverless" : "traditional");
  }

  @Test
  void v2FeaturesExistFrom818AndTheOldOnesAreMarkedDeprecated() {
    var features = http.get("/api/features").send().json();

    if (v2()) {
      assertThat(ids(features)).contains("dashboard_v2", "discover_v2", "visualize_v2", "maps_v2");
      var dashboard = features.get(ids(features).indexOf("dashboard"));
      assertThat(dashboard.path("deprecated").path("replacedBy").get(0).asText())
          .isEqualTo("dashboard_v2");
    } else {
      assertThat(ids(features)).doesNotContain("dashboard_v2").contains("dashboard");
      assertThat(features.findValues("deprecated")).isEmpty();
    }
  }

  @Test
  void aRoleDescriptionIsTakenFrom815Only() {
    var answer =
        http.put(ROLE + "described")
            .header("elastic-api-version", "2023-10-31")
            .body("application/json", "{\"description\":\"Publishes charts\"}".getBytes())
            .send();
    if (profile == SimProfile.KIBANA_8_11) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json().path("message").asText())
          .contains("[request body.description]: definition for this key is missing");
    } else {
      assertThat(answer.status()).isEqualTo(204);
      assertThat(http.get(ROLE + "described").send().json().path("description").asText())
          .isEqualTo("Publishes charts");
    }
  }

  @Test
  void roleGetReplacesDeprecatedPrivilegesOnlyWhenAskedAndWhereItCan() {
    var body =
        "{\"kibana\":[{\"spaces\":[\"*\"],\"feature\":{\"dashboard\":[\"read\",\"url_create\"],"
            + "\"visualize\":[\"all\"]}}]}";
    assertThat(
            http.put(ROLE + "legacy")
                .header("elastic-api-version", "2023-10-31")
                .body("application/json", body.getBytes())
                .send()
                .status())
        .isEqualTo(204);

    var asStored = http.get(ROLE + "legacy").send().json().path("kibana").get(0).path("feature");
    assertThat(asStored.has("dashboard")).isTrue();

    var replaced = http.get(ROLE + "legacy?replaceDeprecatedPrivileges=true").send();
    if (v2()) {
      var feature = replaced.json().path("kibana").get(0).path("feature");
      assertThat(feature.has("dashboard")).isFalse();
      assertThat(feature.path("dashboard_v2").toString()).isEqualTo("[\"read\",\"url_create\"]");
      assertThat(feature.path("visualize_v2").toString()).isEqualTo("[\"all\"]");
      assertThat(feature.path("savedQueryManagement").toString()).isEqualTo("[\"read\",\"all\"]");
      var listed = http.get("/api/security/role?replaceDeprecatedPrivileges=true").send().json();
      assertThat(listed.findValues("dashboard")).isEmpty();
    } else {
      assertThat(replaced.status()).isEqualTo(400);
      assertThat(replaced.json().path("message").asText())
          .contains("replaceDeprecatedPrivileges]: definition for this key is missing");
    }
  }

  @Test
  void deprecatedSavedObjectRoutesWarnFrom817AndAreInternalOnServerless() {
    var get = http.get("/api/saved_objects/config/any").send();

    if (profile.serverless()) {
      assertThat(get.status()).isEqualTo(400);
      assertThat(get.json().path("message").asText())
          .isEqualTo(
              "uri [/api/saved_objects/config/any] with method [get] exists but is not available"
                  + " with the current configuration");
    } else {
      assertThat(get.status()).isEqualTo(404);
    }
    var warning = get.header("warning");
    if (profile == SimProfile.KIBANA_8_11) {
      assertThat(warning).isEmpty();
    } else {
      assertThat(warning)
          .hasValue("299 Kibana-" + profile.version() + " \"This%20endpoint%20is%20deprecated\"");
    }
    var export =
        http.post("/api/saved_objects/_export")
            .json(java.util.Map.of("type", List.of("visualization")))
            .send();
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.header("warning")).isEmpty();
  }

  @Test
  void internalRoutesNeedTheOriginHeaderFrom90() {
    var plain = http.get("/internal/security/me").send();
    var withOrigin =
        http.get("/internal/security/me").header("x-elastic-internal-origin", "test").send();

    boolean restricted = profile == SimProfile.KIBANA_9_1 || profile == SimProfile.SERVERLESS;
    assertThat(plain.status()).isEqualTo(restricted ? 400 : 200);
    assertThat(withOrigin.status()).isEqualTo(200);
    assertThat(withOrigin.json().path("username").asText()).isEqualTo("elastic");
  }

  @Test
  void serverlessRefusesRunAsAndSpaceSolutions() {
    var runAs =
        http.put(ROLE + "impersonator")
            .header("elastic-api-version", "2023-10-31")
            .body("application/json", "{\"elasticsearch\":{\"run_as\":[\"someone\"]}}".getBytes())
            .send();
    var space =
        http.post("/api/spaces/space")
            .header("elastic-api-version", "2023-10-31")
            .json(java.util.Map.of("id", "sol", "name", "sol", "solution", "es"))
            .send();

    if (profile.serverless()) {
      assertThat(runAs.status()).isEqualTo(400);
      assertThat(space.status()).isEqualTo(400);
      assertThat(space.json().path("message").asText()).contains("forbidden in serverless");
    } else {
      assertThat(runAs.status()).isEqualTo(204);
      assertThat(space.status()).isEqualTo(profile == SimProfile.KIBANA_8_11 ? 400 : 200);
    }
  }
}

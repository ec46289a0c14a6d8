package io.github.kibanaobjects.sim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import org.junit.jupiter.api.Test;

class RolePayloadsTest {

  private static JsonNode json(String text) {
    return Json.parseOrNull(text);
  }

  private static String rejection(String body) {
    try {
      RolePayloads.toStoredRole("r", json(body), "request body");
    } catch (KibanaError e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + body);
  }

  @Test
  void getFormHasEveryServerAddedField() {
    var role =
        RolePayloads.toStoredRole(
            "r",
            json(
                "{\"elasticsearch\":{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}]},"
                    + "\"kibana\":[{\"feature\":{\"visualize\":[\"all\"]}}]}"),
            "request body");
    assertThat(role.toString())
        .isEqualTo(
            "{\"name\":\"r\",\"metadata\":{},"
                + "\"transient_metadata\":{\"enabled\":true},\"elasticsearch\":{\"cluster\":[],"
                + "\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"],"
                + "\"allow_restricted_indices\":false}],\"run_as\":[]},\"kibana\":[{\"base\":[],"
                + "\"feature\":{\"visualize\":[\"all\"]},\"spaces\":[\"*\"]}],\"_transform_error\":[],"
                + "\"_unrecognized_applications\":[]}");
  }

  @Test
  void rejectsWithKibanaMessages() {
    assertThat(rejection("{\"kibana\":[{\"spaces\":[\"a\"]}]}"))
        .isEqualTo(
            "[request body.kibana.0]: either [base] or [feature] is expected, but none of them"
                + " specified");
    assertThat(
            rejection("{\"kibana\":[{\"base\":[\"all\"],\"feature\":{\"visualize\":[\"all\"]}}]}"))
        .isEqualTo(
            "[request body.kibana.0]: definition of [feature] isn't allowed when non-empty"
                + " [base] is defined.");
    assertThat(rejection("{\"kibana\":[{\"spaces\":[\"a\"],\"base\":[\"foo\"]}]}"))
        .isEqualTo(
            "[request body.kibana.0.base.0]: unknown space privilege \"foo\", must be one of"
                + " [all,read]");
    assertThat(rejection("{\"kibana\":[{\"feature\":{\"!foo\":[\"all\"]}}]}"))
        .isEqualTo(
            "[request body.kibana.0.feature.key(\"!foo\")]: only a-z, A-Z, 0-9, '_', and '-' are"
                + " allowed");
    assertThat(rejection("{\"kibana\":[{\"spaces\":[\"*\",\"a\"],\"base\":[\"all\"]}]}"))
        .contains("types that failed validation");
    assertThat(
            rejection(
                "{\"kibana\":[{\"base\":[\"read\"]},{\"spaces\":[\"*\"],\"base\":[\"all\"]}]}"))
        .isEqualTo(
            "[request body.kibana]: more than one privilege is applied to the following"
                + " spaces: [*]");
    assertThat(rejection("{\"kibana\":[{\"base\":[\"all\"],\"_reserved\":[\"x\"]}]}"))
        .isEqualTo("[request body.kibana.0._reserved]: definition for this key is missing");
  }

  @Test
  void knownFeatureRulesAreReportedAsValidationErrors() {
    var role =
        RolePayloads.toStoredRole(
            "r",
            json(
                "{\"kibana\":[{\"spaces\":[\"a\"],\"feature\":{\"fleetv2\":[\"all\"],"
                    + "\"filesManagement\":[\"read\"],\"unknownFeature\":[\"all\"]}}]}"),
            "request body");
    assertThat(RolePayloads.privilegeErrors(role))
        .containsExactly(
            "Feature privilege [fleetv2.all] requires all spaces to be selected but received [a]",
            "Feature [filesManagement] does not support privilege [read].");
  }

  @Test
  void roleNamesFollowElasticsearchRules() {
    RolePayloads.checkName("vega_publisher");
    assertThatThrownBy(() -> RolePayloads.checkName(" padded"))
        .hasMessageStartingWith("Validation Failed: 1: Role names must be at least 1");
  }
}

package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KibanaRoutesTest {
  @Test
  void idsSpacesTypesAndNamesBecomePlaceholders() {
    assertThat(KibanaRoutes.template("/s/analytics/api/saved_objects/visualization/cars"))
        .isEqualTo("/s/{space}/api/saved_objects/{type}/{id}");
    assertThat(KibanaRoutes.template("/api/saved_objects/dashboard/board"))
        .isEqualTo("/api/saved_objects/{type}/{id}");
    assertThat(KibanaRoutes.template("/api/security/role/vega-publisher"))
        .isEqualTo("/api/security/role/{name}");
    assertThat(KibanaRoutes.template("/api/spaces/space/analytics"))
        .isEqualTo("/api/spaces/space/{id}");
  }

  @Test
  void kibanasOwnOperationsAndCollectionsStay() {
    assertThat(KibanaRoutes.template("/s/team-a/api/saved_objects/_import"))
        .isEqualTo("/s/{space}/api/saved_objects/_import");
    assertThat(KibanaRoutes.template("/api/saved_objects/_bulk_get"))
        .isEqualTo("/api/saved_objects/_bulk_get");
    assertThat(KibanaRoutes.template("/api/security/role")).isEqualTo("/api/security/role");
    assertThat(KibanaRoutes.template("/api/spaces/space")).isEqualTo("/api/spaces/space");
    assertThat(KibanaRoutes.template("/api/status")).isEqualTo("/api/status");
    assertThat(KibanaRoutes.template("")).isEqualTo("/");
  }

  @Test
  void anUnknownRouteKeepsNoSegmentThatCouldBeAnId() {
    assertThat(KibanaRoutes.template("/api/fleet/agents/3f2a")).isEqualTo("/api/{id}/{id}/{id}");
  }
}

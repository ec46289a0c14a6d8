package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replacements as oss_features.ts and maps/server/plugin.ts declare them. */
class FeaturePrivilegesTest {
  @Test
  void allAndReadBecomeTheV2PrivilegePlusSavedQueryManagement() {
    var replaced =
        FeaturePrivileges.replaceDeprecated(
            Map.of("dashboard", List.of("all"), "discover", List.of("read")));

    assertThat(replaced)
        .isEqualTo(
            Map.of(
                "dashboard_v2", Set.of("all"),
                "discover_v2", Set.of("read"),
                "savedQueryManagement", Set.of("all", "read")));
  }

  @Test
  void minimalPrivilegesStayMinimalAndSubFeaturePrivilegesKeepTheirIds() {
    var replaced =
        FeaturePrivileges.replaceDeprecated(
            Map.of("visualize", List.of("minimal_read", "url_create", "generate_report")));

    assertThat(replaced)
        .isEqualTo(
            Map.of(
                "visualize_v2", Set.of("minimal_read", "url_create", "generate_report"),
                "savedQueryManagement", Set.of("minimal_read")));
  }

  @Test
  void mapsAllIsOneListForDefaultAndMinimal() {
    assertThat(FeaturePrivileges.replaceDeprecated(Map.of("maps", List.of("minimal_all"))))
        .isEqualTo(Map.of("maps_v2", Set.of("all"), "savedQueryManagement", Set.of("all")));
  }

  @Test
  void otherFeaturesAndV2IdsAreKept() {
    var feature = Map.of("dashboard_v2", List.of("read"), "dev_tools", List.of("all"));

    assertThat(FeaturePrivileges.replaceDeprecated(feature))
        .isEqualTo(Map.of("dashboard_v2", Set.of("read"), "dev_tools", Set.of("all")));
    assertThat(FeaturePrivileges.deprecatedIn(feature)).isEmpty();
    assertThat(FeaturePrivileges.deprecatedIn(Map.of("maps", List.of(), "visualize", List.of())))
        .containsExactly("maps", "visualize");
  }
}

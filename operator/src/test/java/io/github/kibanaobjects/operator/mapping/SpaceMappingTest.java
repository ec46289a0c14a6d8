package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpaceMappingTest {
  static JsonNode json(String text) {
    try {
      return JsonTrees.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static KibanaSpaceSpec spec() {
    var spec = new KibanaSpaceSpec();
    spec.setName("Analytics");
    return spec;
  }

  @Test
  void theBodyHasOnlyWhatIsSetAndAlwaysDisabledFeatures() {
    var spec = spec();
    spec.setColor("#1BA9F5");
    spec.setDescription("");

    assertThat(SpaceMapper.toBody(spec, "analytics"))
        .isEqualTo(
            json(
                "{\"id\":\"analytics\",\"name\":\"Analytics\",\"color\":\"#1BA9F5\","
                    + "\"disabledFeatures\":[]}"));
  }

  @Test
  void aResourceNameThatIsNoSpaceIdIsInvalidSpec() {
    assertThatThrownBy(() -> SpaceMapper.toBody(spec(), "team.analytics"))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("set spec.id")
        .satisfies(
            e -> assertThat(((OperatorException) e).reason()).isEqualTo(Reason.INVALID_SPEC));
  }

  @Test
  void serverlessGetsNoSolution() {
    var spec = spec();
    spec.setSolution("es");
    var body = SpaceMapper.toBody(spec, "search");

    assertThat(SpaceMapper.forKibana(body, false).has("solution")).isFalse();
    assertThat(SpaceMapper.forKibana(body, true).path("solution").asText()).isEqualTo("es");
    assertThat(body.has("solution")).as("the input is left alone").isTrue();
  }

  @Test
  void theLinkOpensTheSpaceAndDefaultHasNoPrefix() {
    assertThat(SpaceMapper.kibanaUrl("https://kb:5601/", "analytics"))
        .isEqualTo("https://kb:5601/s/analytics/app/home");
    assertThat(SpaceMapper.kibanaUrl("https://kb:5601", "default"))
        .isEqualTo("https://kb:5601/app/home");
  }

  @Test
  void serverFieldsOrderAndEmptyValuesAreNotDrift() {
    var desired = json("{\"id\":\"a\",\"name\":\"A\",\"disabledFeatures\":[\"ml\",\"dev_tools\"]}");
    var actual =
        json(
            "{\"id\":\"a\",\"name\":\"A\",\"description\":\"\",\"_reserved\":false,"
                + "\"projectRouting\":\"x\",\"disabledFeatures\":[\"dev_tools\",\"ml\"]}");

    assertThat(SpaceNormalizer.equivalent(desired, actual, true)).isTrue();
    assertThat(SpaceNormalizer.diff(desired, json("{\"id\":\"a\",\"name\":\"B\"}"), true))
        .containsExactlyInAnyOrder("name", "disabledFeatures");
  }

  @Test
  void featuresASolutionAddsAreNotDriftButMissingOnesAre() {
    var desired =
        json("{\"id\":\"s\",\"name\":\"S\",\"solution\":\"es\",\"disabledFeatures\":[\"ml\"]}");
    var withAdded =
        json(
            "{\"id\":\"s\",\"name\":\"S\",\"solution\":\"es\","
                + "\"disabledFeatures\":[\"ml\",\"apm\",\"siemV3\"]}");
    var withoutMl =
        json("{\"id\":\"s\",\"name\":\"S\",\"solution\":\"es\",\"disabledFeatures\":[\"apm\"]}");

    assertThat(SpaceNormalizer.equivalent(desired, withAdded, false)).isTrue();
    assertThat(SpaceNormalizer.equivalent(desired, withAdded, true))
        .as("compared exactly right after a spec change")
        .isFalse();
    assertThat(SpaceNormalizer.equivalent(desired, withoutMl, false)).isFalse();
    var noSolution = json("{\"id\":\"s\",\"name\":\"S\",\"disabledFeatures\":[\"ml\"]}");
    assertThat(SpaceNormalizer.equivalent(noSolution, withAdded.deepCopy(), false))
        .as("without a solution every feature counts")
        .isFalse();
  }

  @Test
  void theHashIgnoresFeatureOrder() {
    var a = json("{\"id\":\"a\",\"name\":\"A\",\"disabledFeatures\":[\"ml\",\"dev_tools\"]}");
    var b = json("{\"id\":\"a\",\"name\":\"A\",\"disabledFeatures\":[\"dev_tools\",\"ml\"]}");
    assertThat(DesiredStateHash.ofSpace(a)).isEqualTo(DesiredStateHash.ofSpace(b));
    assertThat(List.of(DesiredStateHash.ofSpace(a)))
        .doesNotContain(DesiredStateHash.ofSpace(json("{\"id\":\"a\",\"name\":\"B\"}")));
  }
}

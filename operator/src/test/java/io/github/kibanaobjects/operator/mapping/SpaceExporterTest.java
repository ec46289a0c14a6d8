package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import org.junit.jupiter.api.Test;

class SpaceExporterTest {
  static ObjectNode json(String text) {
    return (ObjectNode) JsonTrees.parseOrNull(text);
  }

  /** The body the operator would send for the exported resource. */
  static ObjectNode body(KibanaSpace resource) {
    return SpaceMapper.toBody(
        resource.getSpec(), resource.getSpec().idOr(resource.getMetadata().getName()));
  }

  @Test
  void aSpaceMapsBackToTheSameSpaceAndExportingThatAgainChangesNothing() {
    var space =
        json(
            """
            {"id": "data_science", "name": "Data science", "description": "Charts",
             "color": "#1BA9F5", "initials": "DS", "imageUrl": "",
             "disabledFeatures": ["ml", "dev_tools"], "solution": "es"}
            """);

    var exported = SpaceExporter.space(space, "prod");

    var spec = exported.getSpec();
    assertThat(exported.getMetadata().getName()).isEqualTo("data-science");
    assertThat(spec.getId()).as("_ is no part of a resource name").isEqualTo("data_science");
    assertThat(spec.getAdopt()).isTrue();
    assertThat(spec.getConnectionRef().getName()).isEqualTo("prod");
    assertThat(spec.getImageUrl()).isNull();
    assertThat(spec.getDisabledFeatures()).containsExactly("ml", "dev_tools");
    assertThat(spec.getSolution()).isEqualTo("es");
    assertThat(spec.getDeletionPolicy()).as("Orphan, the kind's default").isNull();

    assertThat(SpaceNormalizer.diff(body(exported), space, true)).isEmpty();
    assertThat(Serialization.asYaml(SpaceExporter.space(body(exported), "prod")))
        .isEqualTo(Serialization.asYaml(exported));
  }

  @Test
  void aPlainSpaceHasOnlyItsName() {
    var space = json("{\"id\": \"lab\", \"name\": \"Lab\", \"disabledFeatures\": []}");

    var spec = SpaceExporter.space(space, "kibana").getSpec();

    assertThat(spec.getId()).isNull();
    assertThat(spec.getName()).isEqualTo("Lab");
    assertThat(spec.getDescription()).isNull();
    assertThat(spec.getColor()).isNull();
    assertThat(spec.getDisabledFeatures()).isNull();
    assertThat(spec.getSolution()).isNull();
    assertThat(SpaceNormalizer.diff(SpaceMapper.toBody(spec, "lab"), space, true)).isEmpty();
  }

  @Test
  void theDefaultSpaceIsReserved() {
    assertThat(SpaceExporter.isReserved(json("{\"id\": \"default\", \"_reserved\": true}")))
        .isTrue();
    assertThat(SpaceExporter.isReserved(json("{\"id\": \"lab\"}"))).isFalse();
  }
}

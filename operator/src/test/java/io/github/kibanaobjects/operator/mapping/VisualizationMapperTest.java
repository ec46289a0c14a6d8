package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class VisualizationMapperTest {
  private static final String CARS_DESCRIPTION =
      "Horsepower against miles per gallon, by origin (Altair export)";

  private static JsonNode carsResourceSpec() {
    var spec = JsonTrees.MAPPER.createObjectNode();
    spec.putObject("connectionRef").put("name", "kibana");
    spec.put("title", "Cars");
    spec.put("description", CARS_DESCRIPTION);
    spec.set("vegaLite", Fixtures.json("fixtures/cars.vl.json"));
    return spec;
  }

  @Test
  void carsChartMapsExactlyToTheGoldenSavedObject() {
    var resource = Fixtures.visualization(carsResourceSpec().toString());
    var specText = VegaSpecResolver.resolve(resource.getSpec(), null);

    var savedObject = VisualizationMapper.toSavedObject(resource, specText);

    var golden = Fixtures.json("golden/cars-visualization.json");
    assertThat(savedObject).isEqualTo(golden);
  }

  @Test
  void carsVisStateCarriesTheChartUnchangedAsPrettyText() {
    var resource = Fixtures.visualization(carsResourceSpec().toString());
    var savedObject =
        VisualizationMapper.toSavedObject(
            resource, VegaSpecResolver.resolve(resource.getSpec(), null));

    var visState = JsonTrees.parseOrNull(savedObject.at("/attributes/visState").textValue());
    assertThat(visState.get("title").textValue()).isEqualTo("Cars");
    assertThat(visState.get("type").textValue()).isEqualTo("vega");
    assertThat(visState.get("aggs")).isEmpty();
    var specText = visState.at("/params/spec").textValue();
    assertThat(JsonTrees.canonical(JsonTrees.parseOrNull(specText)))
        .isEqualTo(JsonTrees.canonical(Fixtures.json("fixtures/cars.vl.json")));
    // Altair writes json.dumps(indent=2); so does Kibana's editor: the text must be identical.
    assertThat(specText).isEqualTo(Fixtures.text("fixtures/cars.vl.json").stripTrailing());
    assertThat(specText).contains("\n  \"mark\": {\n    \"type\": \"point\"\n  },");
  }

  @Test
  void idDefaultsToTheResourceNameAndManagedToTrue() {
    var spec = (ObjectNode) carsResourceSpec();
    var resource = Fixtures.visualization(spec.toString());

    var savedObject = VisualizationMapper.toSavedObject(resource, "{}");

    assertThat(savedObject.get("id").textValue()).isEqualTo("cars-scatter");
    assertThat(savedObject.get("managed").booleanValue()).isTrue();
  }

  @Test
  void explicitIdAndUnmanagedAreRespected() {
    var spec = (ObjectNode) carsResourceSpec();
    spec.put("id", "0b7c6a3e-cars").put("managed", false);
    var resource = Fixtures.visualization(spec.toString());

    var savedObject = VisualizationMapper.toSavedObject(resource, "{}");

    assertThat(savedObject.get("id").textValue()).isEqualTo("0b7c6a3e-cars");
    assertThat(savedObject.get("managed").booleanValue()).isFalse();
  }

  @Test
  void missingDescriptionIsWrittenAsEmptyString() {
    var object = VisualizationMapper.toSavedObject("v", "T", null, "{}", true);

    assertThat(object.at("/attributes/description").textValue()).isEmpty();
  }

  @Test
  void attributesHaveExactlyTheContractShape() {
    var object = VisualizationMapper.toSavedObject("v", "T", "d", "{\"$schema\":\"x\"}", true);

    assertThat(object.fieldNames())
        .toIterable()
        .containsExactly(
            "type",
            "id",
            "attributes",
            "references",
            "managed",
            "coreMigrationVersion",
            "typeMigrationVersion");
    assertThat(object.get("attributes").fieldNames())
        .toIterable()
        .containsExactly(
            "title", "description", "visState", "uiStateJSON", "version", "kibanaSavedObjectMeta");
    assertThat(object.at("/attributes/version").intValue()).isEqualTo(1);
    assertThat(object.at("/attributes/uiStateJSON").textValue()).isEqualTo("{}");
    assertThat(
            JsonTrees.parseOrNull(
                object.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").textValue()))
        .isEqualTo(
            JsonTrees.parseOrNull(
                "{\"query\":{\"query\":\"\",\"language\":\"kuery\"},\"filter\":[]}"));
    assertThat(object.at("/attributes/visState").textValue())
        .isEqualTo(
            "{\"title\":\"T\",\"type\":\"vega\",\"aggs\":[],"
                + "\"params\":{\"spec\":\"{\\\"$schema\\\":\\\"x\\\"}\"}}");
    assertThat(object.get("references")).isEmpty();
    assertThat(object.get("coreMigrationVersion").textValue()).isEqualTo("8.8.0");
    assertThat(object.get("typeMigrationVersion").textValue()).isEqualTo("8.5.0");
  }

  @Test
  void hjsonSpecTextIsStoredVerbatim() {
    var hjson = "{\n  // a comment\n  $schema: https://vega.github.io/schema/vega/v5.json\n}";
    var object = VisualizationMapper.toSavedObject("v", "T", "", hjson, true);

    var visState = JsonTrees.parseOrNull(object.at("/attributes/visState").textValue());
    assertThat(visState.at("/params/spec").textValue()).isEqualTo(hjson);
  }

  @Test
  void seedBarChartAsVegaIsEquivalentToTheKibana812Export() {
    var exported = Fixtures.ndjson("fixtures/seed-export.ndjson").get(0);
    var chart = Fixtures.json("fixtures/seed-bar.vega.json");
    var specText = VegaSpecResolver.fromObject(chart, VegaSpecResolver.Library.VEGA, null);

    var desired =
        VisualizationMapper.toSavedObject(
            exported.get("id").textValue(), "TEST_VISUAL_PLZ_WORK", "", specText, false);

    assertThat(SavedObjectNormalizer.diff(desired, exported)).isEmpty();
    assertThat(SavedObjectNormalizer.equivalent(desired, exported)).isTrue();
    // Not a trivial match: the export spells the JSON strings differently.
    assertThat(exported.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").textValue())
        .isNotEqualTo(desired.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").textValue());
    assertThat(exported.at("/attributes/visState").textValue())
        .isNotEqualTo(desired.at("/attributes/visState").textValue());
  }

  @Test
  void seedBarChartWithAnotherTitleDiffersInBothTitles() {
    var exported = Fixtures.ndjson("fixtures/seed-export.ndjson").get(0);
    var specText =
        VegaSpecResolver.fromObject(
            Fixtures.json("fixtures/seed-bar.vega.json"), VegaSpecResolver.Library.VEGA, null);

    var desired =
        VisualizationMapper.toSavedObject(
            exported.get("id").textValue(), "Seed bars", "", specText, false);

    assertThat(SavedObjectNormalizer.equivalent(desired, exported)).isFalse();
    assertThat(SavedObjectNormalizer.diff(desired, exported))
        .containsExactly("attributes.title", "attributes.visState.title");
  }

  @Test
  void seedBarChartManagedDiffersFromTheUnmanagedExportOnlyInManaged() {
    var exported = Fixtures.ndjson("fixtures/seed-export.ndjson").get(0);
    var specText =
        VegaSpecResolver.fromObject(
            Fixtures.json("fixtures/seed-bar.vega.json"), VegaSpecResolver.Library.VEGA, null);

    var desired =
        VisualizationMapper.toSavedObject(
            exported.get("id").textValue(), "TEST_VISUAL_PLZ_WORK", "", specText, true);

    assertThat(SavedObjectNormalizer.diff(desired, exported)).containsExactly("managed");
  }

  @Test
  void seedSpecTextMatchesTheExportedTextExactly() {
    var exported = Fixtures.ndjson("fixtures/seed-export.ndjson").get(0);
    var exportedSpec =
        JsonTrees.parseOrNull(exported.at("/attributes/visState").textValue())
            .at("/params/spec")
            .textValue();

    var specText =
        VegaSpecResolver.fromObject(
            Fixtures.json("fixtures/seed-bar.vega.json"), VegaSpecResolver.Library.VEGA, null);

    assertThat(specText).isEqualTo(exportedSpec);
  }

  @Test
  void kibanaUrlHasTheSpacePrefixOnlyOutsideTheDefaultSpace() {
    assertThat(VisualizationMapper.kibanaUrl("https://kb.example.com:5601/", "default", "cars"))
        .isEqualTo("https://kb.example.com:5601/app/visualize#/edit/cars");
    assertThat(VisualizationMapper.kibanaUrl("https://kb.example.com/kibana", "analytics", "cars"))
        .isEqualTo("https://kb.example.com/kibana/s/analytics/app/visualize#/edit/cars");
  }
}

package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SavedObjectNormalizerTest {
  private static final String SPEC =
      "{\n  \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\",\n"
          + "  \"mark\": \"bar\",\n  \"encoding\": {\"x\": {\"field\": \"a\"}}\n}";

  private static ObjectNode desired() {
    return VisualizationMapper.toSavedObject("cars", "Cars", "About cars", SPEC, true);
  }

  /** What Kibana returns for the object: everything desired plus what the server adds. */
  private static ObjectNode asKibanaReturnsIt() {
    var actual = desired();
    actual.putArray("namespaces").add("default");
    actual.put("updated_at", "2026-11-22T17:04:32.085Z");
    actual.put("created_at", "2026-11-22T17:04:32.085Z");
    actual.put("created_by", "u_123");
    actual.put("updated_by", "u_123");
    actual.put("version", "WzYxOTQsMl0=");
    actual.putObject("migrationVersion").put("visualization", "8.5.0");
    actual.put("coreMigrationVersion", "8.8.0");
    actual.put("typeMigrationVersion", "10.1.0");
    actual.put("originId", "0b7c6a3e");
    actual.put("score", 1.0);
    actual.putArray("sort").add(1).add("x");
    return actual;
  }

  private static void setVisState(ObjectNode object, JsonNode visState) {
    ((ObjectNode) object.get("attributes")).put("visState", JsonTrees.compact(visState));
  }

  private static ObjectNode visState(ObjectNode object) {
    return (ObjectNode) JsonTrees.parseOrNull(object.at("/attributes/visState").textValue());
  }

  @Test
  void everyServerAddedFieldIsIgnored() {
    assertThat(SavedObjectNormalizer.equivalent(desired(), asKibanaReturnsIt())).isTrue();
    assertThat(SavedObjectNormalizer.diff(desired(), asKibanaReturnsIt())).isEmpty();
  }

  @Test
  void normalFormKeepsOnlyTheComparedFields() {
    var normal = SavedObjectNormalizer.normalize(asKibanaReturnsIt());

    assertThat(normal.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("type", "id", "attributes", "references", "managed");
    assertThat(normal.at("/attributes/visState/params/spec/mark").textValue()).isEqualTo("bar");
    assertThat(normal.at("/attributes/uiStateJSON").isObject()).isTrue();
    assertThat(
            normal
                .at("/attributes/kibanaSavedObjectMeta/searchSourceJSON/query/language")
                .textValue())
        .isEqualTo("kuery");
  }

  @Test
  void keyOrderAndWhitespaceInsideJsonStringsAreIgnored() {
    var actual = asKibanaReturnsIt();
    var attributes = (ObjectNode) actual.get("attributes");
    attributes.put("uiStateJSON", " { } ");
    ((ObjectNode) attributes.get("kibanaSavedObjectMeta"))
        .put(
            "searchSourceJSON",
            "{\"filter\": [], \"query\": {\"language\": \"kuery\", \"query\": \"\"}}");
    var visState = visState(actual);
    var reordered = JsonTrees.MAPPER.createObjectNode();
    reordered.set("params", visState.get("params"));
    reordered.set("aggs", visState.get("aggs"));
    reordered.set("type", visState.get("type"));
    reordered.set("title", visState.get("title"));
    attributes.put("visState", JsonTrees.pretty(reordered));

    assertThat(SavedObjectNormalizer.diff(desired(), actual)).isEmpty();
  }

  @Test
  void specTextComparesAsJsonWhateverTheFormatting() {
    var actual = asKibanaReturnsIt();
    var visState = visState(actual);
    ((ObjectNode) visState.get("params"))
        .put(
            "spec",
            "{\"encoding\":{\"x\":{\"field\":\"a\"}},\"mark\":\"bar\","
                + "\"$schema\":\"https://vega.github.io/schema/vega-lite/v5.json\"}");
    setVisState(actual, visState);

    assertThat(SavedObjectNormalizer.equivalent(desired(), actual)).isTrue();
  }

  @Test
  void numbersCompareByValue() {
    var withInt = VisualizationMapper.toSavedObject("c", "C", "", "{\"width\": 300}", true);
    var withDouble = VisualizationMapper.toSavedObject("c", "C", "", "{\"width\": 300.0}", true);
    var withExponent = VisualizationMapper.toSavedObject("c", "C", "", "{\"width\": 3e2}", true);

    assertThat(SavedObjectNormalizer.equivalent(withInt, withDouble)).isTrue();
    assertThat(SavedObjectNormalizer.equivalent(withInt, withExponent)).isTrue();
    var other = VisualizationMapper.toSavedObject("c", "C", "", "{\"width\": 300.5}", true);
    assertThat(SavedObjectNormalizer.diff(withInt, other))
        .containsExactly("attributes.visState.params.spec.width");
  }

  @Test
  void hjsonSpecComparesAsText() {
    var hjson = "{ $schema: https://vega.github.io/schema/vega/v5.json }";
    var same = VisualizationMapper.toSavedObject("c", "C", "", hjson, true);
    var spaced = VisualizationMapper.toSavedObject("c", "C", "", hjson + " ", true);

    assertThat(
            SavedObjectNormalizer.equivalent(
                same, VisualizationMapper.toSavedObject("c", "C", "", hjson, true)))
        .isTrue();
    assertThat(SavedObjectNormalizer.diff(same, spaced))
        .containsExactly("attributes.visState.params.spec");
  }

  @Test
  void changedTitleIsDetected() {
    var actual = asKibanaReturnsIt();
    ((ObjectNode) actual.get("attributes")).put("title", "Cars (edited in Kibana)");

    assertThat(SavedObjectNormalizer.diff(desired(), actual)).containsExactly("attributes.title");
  }

  @Test
  void changedSpecValueIsDetectedAtItsPath() {
    var actual = asKibanaReturnsIt();
    var visState = visState(actual);
    ((ObjectNode) visState.get("params")).put("spec", SPEC.replace("\"bar\"", "\"line\""));
    setVisState(actual, visState);

    assertThat(SavedObjectNormalizer.diff(desired(), actual))
        .containsExactly("attributes.visState.params.spec.mark");
  }

  @Test
  void changedNestedSpecValueIsDetectedAtItsPath() {
    var actual = asKibanaReturnsIt();
    var visState = visState(actual);
    ((ObjectNode) visState.get("params")).put("spec", SPEC.replace("\"a\"", "\"b\""));
    setVisState(actual, visState);

    assertThat(SavedObjectNormalizer.diff(desired(), actual))
        .containsExactly("attributes.visState.params.spec.encoding.x.field");
  }

  @Test
  void changedDescriptionIsDetected() {
    var actual = asKibanaReturnsIt();
    ((ObjectNode) actual.get("attributes")).put("description", "");

    assertThat(SavedObjectNormalizer.diff(desired(), actual))
        .containsExactly("attributes.description");
  }

  @Test
  void missingDescriptionEqualsEmptyString() {
    var withEmpty = VisualizationMapper.toSavedObject("c", "C", "", SPEC, true);
    var without = withEmpty.deepCopy();
    ((ObjectNode) without.get("attributes")).remove("description");
    var withNull = withEmpty.deepCopy();
    ((ObjectNode) withNull.get("attributes")).putNull("description");

    assertThat(SavedObjectNormalizer.equivalent(withEmpty, without)).isTrue();
    assertThat(SavedObjectNormalizer.equivalent(withEmpty, withNull)).isTrue();
  }

  @Test
  void changedManagedFlagIsDetectedAndAbsentMeansFalse() {
    var actual = asKibanaReturnsIt();
    actual.put("managed", false);
    assertThat(SavedObjectNormalizer.diff(desired(), actual)).containsExactly("managed");

    actual.remove("managed");
    assertThat(SavedObjectNormalizer.diff(desired(), actual)).containsExactly("managed");

    var unmanaged = VisualizationMapper.toSavedObject("cars", "Cars", "About cars", SPEC, false);
    assertThat(SavedObjectNormalizer.equivalent(unmanaged, actual)).isTrue();
  }

  @Test
  void addedReferenceIsDetected() {
    var actual = asKibanaReturnsIt();
    ((ArrayNode) actual.get("references"))
        .addObject()
        .put("name", "kibanaSavedObjectMeta.searchSourceJSON.index")
        .put("type", "index-pattern")
        .put("id", "logs");

    assertThat(SavedObjectNormalizer.diff(desired(), actual)).containsExactly("references");
  }

  @Test
  void changedReferenceIdIsDetectedAtItsPath() {
    var desired = desired();
    ((ArrayNode) desired.get("references"))
        .addObject()
        .put("name", "a")
        .put("type", "visualization")
        .put("id", "1");
    var actual = desired.deepCopy();
    ((ObjectNode) actual.get("references").get(0)).put("id", "2");

    assertThat(SavedObjectNormalizer.diff(desired, actual)).containsExactly("references[0].id");
  }

  @Test
  void referencesCompareInAnyOrderAndMissingMeansEmpty() {
    var desired = desired();
    var references = (ArrayNode) desired.get("references");
    for (var name : new String[] {"1:panel_1", "0:panel_0", "2:panel_2"}) {
      references.addObject().put("name", name).put("type", "visualization").put("id", "v" + name);
    }
    var reversed = desired.deepCopy();
    var items = new ArrayList<JsonNode>();
    reversed.get("references").forEach(items::add);
    Collections.reverse(items);
    ((ArrayNode) reversed.get("references")).removeAll().addAll(items);
    assertThat(SavedObjectNormalizer.equivalent(desired, reversed)).isTrue();

    var noReferences = desired();
    noReferences.remove("references");
    assertThat(SavedObjectNormalizer.equivalent(desired(), noReferences)).isTrue();
  }

  @Test
  void changedIdOrTypeIsDetected() {
    var actual = asKibanaReturnsIt();
    actual.put("id", "other");
    actual.put("type", "lens");

    assertThat(SavedObjectNormalizer.diff(desired(), actual)).containsExactly("id", "type");
  }

  @Test
  void dashboardJsonStringAttributesCompareParsed() {
    var desired = JsonTrees.MAPPER.createObjectNode().put("type", "dashboard").put("id", "d");
    desired
        .putObject("attributes")
        .put("title", "D")
        .put(
            "panelsJSON",
            "[{\"panelIndex\":\"1\",\"gridData\":{\"x\":0,\"y\":0,\"w\":24,\"h\":15,\"i\":\"1\"}}]")
        .put("optionsJSON", "{\"useMargins\":true,\"hidePanelTitles\":false}");
    var actual = desired.deepCopy();
    ((ObjectNode) actual.get("attributes"))
        .put(
            "panelsJSON",
            "[ {\"gridData\": {\"i\": \"1\", \"h\": 15, \"w\": 24, \"y\": 0, \"x\": 0},"
                + " \"panelIndex\": \"1\"} ]")
        .put("optionsJSON", "{\"hidePanelTitles\": false, \"useMargins\": true}");
    assertThat(SavedObjectNormalizer.equivalent(desired, actual)).isTrue();

    ((ObjectNode) actual.get("attributes"))
        .put(
            "panelsJSON",
            "[{\"panelIndex\":\"1\",\"gridData\":{\"x\":0,\"y\":0,\"w\":12,\"h\":15,\"i\":\"1\"}}]");
    assertThat(SavedObjectNormalizer.diff(desired, actual))
        .containsExactly("attributes.panelsJSON[0].gridData.w");
  }

  @Test
  void carsSurvivesAnExportRoundTrip() {
    // Kibana's _export writes keys sorted; visState comes back re-serialised by Kibana.
    var desired = Fixtures.json("golden/cars-visualization.json");
    var exported = (ObjectNode) JsonTrees.canonical(desired);
    var visState = visState(exported);
    ((ObjectNode) visState.get("params"))
        .put(
            "spec",
            JsonTrees.canonicalString(
                JsonTrees.parseOrNull(visState.at("/params/spec").textValue())));
    setVisState(exported, JsonTrees.canonical(visState));
    exported.put("updated_at", "2026-11-22T18:00:00.000Z").put("version", "WzEyLDNd");
    exported.put("typeMigrationVersion", "10.2.0");
    exported.putArray("namespaces").add("analytics");

    assertThat(SavedObjectNormalizer.diff(desired, exported)).isEmpty();
  }

  @Test
  void jsonStringAttributeThatDoesNotParseComparesAsText() {
    var desired = VisualizationMapper.toSavedObject("c", "C", "", SPEC, true);
    var broken = desired.deepCopy();
    ((ObjectNode) broken.get("attributes")).put("visState", "{not json");

    assertThat(SavedObjectNormalizer.normalize(broken).at("/attributes/visState").textValue())
        .isEqualTo("{not json");
    assertThat(SavedObjectNormalizer.diff(desired, broken)).containsExactly("attributes.visState");
  }

  @Test
  void missingActualDiffersEverywhere() {
    assertThat(SavedObjectNormalizer.diff(desired(), null))
        .containsExactly("attributes", "id", "managed", "references", "type");
    assertThat(SavedObjectNormalizer.equivalent(desired(), JsonTrees.MAPPER.createObjectNode()))
        .isFalse();
  }

  @Test
  void inputsAreNotModified() {
    var desired = desired();
    var copy = desired.deepCopy();

    SavedObjectNormalizer.normalize(desired);
    SavedObjectNormalizer.diff(desired, asKibanaReturnsIt());

    assertThat(desired).isEqualTo(copy);
  }

  @Test
  void shuffledKeysAndServerFieldsAreAlwaysEquivalent() {
    var random = new Random(20261122L);
    var desired =
        VisualizationMapper.toSavedObject(
            "cars", "Cars", "d", Fixtures.text("fixtures/seed-bar.vega.json"), true);
    for (int round = 0; round < 50; round++) {
      var actual = (ObjectNode) shuffleKeys(asKibanaReturnsIt(desired), random);
      var visState = shuffleKeys(visState(actual), random);
      var params = (ObjectNode) visState.get("params");
      params.put(
          "spec",
          JsonTrees.compact(
              shuffleKeys(JsonTrees.parseOrNull(params.get("spec").textValue()), random)));
      setVisState(actual, visState);

      assertThat(SavedObjectNormalizer.diff(desired, actual)).as("round %d", round).isEmpty();
      assertThat(DesiredStateHash.ofSavedObject(actual))
          .isEqualTo(DesiredStateHash.ofSavedObject(desired));
    }
  }

  private static ObjectNode asKibanaReturnsIt(ObjectNode desired) {
    var actual = desired.deepCopy();
    actual.put("updated_at", "2026-01-01T00:00:00.000Z").put("version", "WzEsMV0=");
    actual.putArray("namespaces").add("default");
    return actual;
  }

  /** A copy with every object's keys in a random order (array order kept). */
  private static JsonNode shuffleKeys(JsonNode node, Random random) {
    if (node.isObject()) {
      var keys = new ArrayList<String>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.shuffle(keys, random);
      var out = JsonTrees.MAPPER.createObjectNode();
      keys.forEach(k -> out.set(k, shuffleKeys(node.get(k), random)));
      return out;
    }
    if (node.isArray()) {
      var out = JsonTrees.MAPPER.createArrayNode();
      node.forEach(item -> out.add(shuffleKeys(item, random)));
      return out;
    }
    return node.deepCopy();
  }
}

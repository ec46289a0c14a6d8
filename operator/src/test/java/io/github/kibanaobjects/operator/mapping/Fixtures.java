package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test resources, read from the classpath. */
final class Fixtures {
  private Fixtures() {}

  static String text(String resource) {
    try (var in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String resource) {
    var node = JsonTrees.parseOrNull(text(resource));
    if (node == null) {
      throw new IllegalArgumentException(resource + " is not JSON");
    }
    return node;
  }

  /** The non-empty lines of an NDJSON resource, parsed. */
  static List<JsonNode> ndjson(String resource) {
    return text(resource).lines().filter(l -> !l.isBlank()).map(JsonTrees::parseOrNull).toList();
  }

  /**
   * A KibanaVisualization as the operator receives it: JSON text deserialised by fabric8, the way
   * the informer does it.
   */
  static KibanaVisualization visualization(String specJson) {
    var resource =
        "{\"apiVersion\":\"kibanaobjects.github.io/v1alpha1\",\"kind\":\"KibanaVisualization\","
            + "\"metadata\":{\"name\":\"cars-scatter\",\"namespace\":\"data-science\","
            + "\"generation\":1},"
            + "\"spec\":"
            + specJson
            + "}";
    return Serialization.unmarshal(resource, KibanaVisualization.class);
  }

  /** A KibanaDashboard as the informer gives it (see {@link #visualization}). */
  static KibanaDashboard dashboard(String specJson) {
    var resource =
        "{\"apiVersion\":\"kibanaobjects.github.io/v1alpha1\",\"kind\":\"KibanaDashboard\","
            + "\"metadata\":{\"name\":\"cars\",\"namespace\":\"data-science\","
            + "\"generation\":1},"
            + "\"spec\":"
            + specJson
            + "}";
    return Serialization.unmarshal(resource, KibanaDashboard.class);
  }
}

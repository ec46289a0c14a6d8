package io.github.kibanaobjects.operator.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of {@code src/test/resources/bad-input/operator-cases.yaml}: a resource the operator
 * must refuse with {@code Ready=False}, this reason and this message.
 *
 * @param number the case's position in the file, from 1 (its resource is named {@code case-N})
 */
record OperatorCase(
    int number, String kind, JsonNode setup, JsonNode spec, String reason, String message) {
  static final String FILE = "/bad-input/operator-cases.yaml";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode file() {
    try (var in = OperatorCase.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is not on the test class path");
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<OperatorCase> load() {
    var cases = new ArrayList<OperatorCase>();
    for (var node : file().path("cases")) {
      cases.add(
          new OperatorCase(
              cases.size() + 1,
              node.path("kind").asText(),
              node.path("setup"),
              node.path("spec"),
              node.path("reason").asText(),
              node.path("message").asText()));
    }
    return cases;
  }

  /** The kind's base spec of the file. */
  static JsonNode base(String kind) {
    return file().path("bases").path(kind);
  }

  String name() {
    return "case-" + number;
  }

  @Override
  public String toString() {
    return "#%d %s: %s %s".formatted(number, kind, reason, message);
  }
}

package io.github.kibanaobjects.operator.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of docs/bad-input.md, made from the case files the tests run: {@code
 * admission/cel-cases.yaml} (CelRulesTest), {@code admission/schema-cases.yaml} (SchemaRulesTest),
 * both on a real API server, and {@code bad-input/operator-cases.yaml} (OperatorRefusalsTest). A
 * row exists exactly when its test does.
 */
final class BadInputCatalogue {
  /** Everything after this line of docs/bad-input.md is generated. */
  static final String MARKER =
      "<!-- Generated from the case files by BadInputCatalogueTest: do not edit below. -->";

  record Row(String source, String kind, String input, String refusedBy, String message) {}

  static List<Row> rows() {
    var rows = new ArrayList<Row>();
    admission(rows, "cel-cases.yaml", "admission (CEL rule)");
    admission(rows, "schema-cases.yaml", "admission (OpenAPI schema)");
    for (var c : OperatorCase.load()) {
      var raw = OperatorCase.file().path("cases").get(c.number() - 1);
      var text = code(raw.path("spec").toString());
      if (!raw.path("setup").isMissingNode()) {
        text += " with " + code(raw.path("setup").toString());
      }
      rows.add(
          new Row(
              "operator-cases #" + c.number(),
              c.kind(),
              text,
              "operator: `Ready=False` `" + c.reason() + "`",
              c.message()));
    }
    return rows;
  }

  private static void admission(List<Row> rows, String file, String refusedBy) {
    int number = 0;
    for (var node : read("/admission/" + file)) {
      number++;
      var refuse = code(node.path("refuse").toString());
      var input =
          node.has("update")
              ? "update " + code(node.path("update").toString()) + " to " + refuse
              : refuse;
      rows.add(
          new Row(
              file.replace(".yaml", "") + " #" + number,
              node.path("kind").asText(),
              input,
              refusedBy,
              node.path("message").asText()));
    }
  }

  /** The generated part of docs/bad-input.md: the marker, a count and the table. */
  static String markdown() {
    var rows = rows();
    var out = new StringBuilder(MARKER).append("\n\n");
    out.append(rows.size()).append(" refusals.\n\n");
    out.append(
        "| Case | Kind | Input (a change to the kind's smallest valid spec) | Refused by | Message |\n");
    out.append("|---|---|---|---|---|\n");
    for (var row : rows) {
      out.append("| ")
          .append(
              String.join(
                  " | ",
                  row.source(),
                  row.kind(),
                  cell(row.input()),
                  row.refusedBy(),
                  cell(row.message())))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String code(String text) {
    return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`";
  }

  /** A table cell: a pipe would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static JsonNode read(String resource) {
    try (var in = BadInputCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test class path");
      }
      return OperatorCase.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BadInputCatalogue() {}
}

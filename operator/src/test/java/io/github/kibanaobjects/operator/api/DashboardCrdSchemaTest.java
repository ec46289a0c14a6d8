package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The KibanaDashboard schema as generated: names, columns, bounds and rules. That the API server
 * accepts the CRD and enforces the rules is proven on a real one ({@code DashboardAdmissionTest}).
 */
class DashboardCrdSchemaTest {
  private static JSONSchemaProps at(String path) {
    var node =
        CrdSchemaTest.crd(CrdSchemaTest.DASHBOARDS)
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema();
    for (var segment : path.split("\\.")) {
      node = segment.equals("[]") ? node.getItems().getSchema() : node.getProperties().get(segment);
      assertThat(node).as("schema at %s", path).isNotNull();
    }
    return node;
  }

  private static List<String> messages(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null
        ? List.of()
        : schema.getXKubernetesValidations().stream().map(ValidationRule::getMessage).toList();
  }

  @Test
  void kindShortNameAndColumns() {
    var crd = CrdSchemaTest.crd(CrdSchemaTest.DASHBOARDS);
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("KibanaDashboard");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("kdash");
    Map<String, String> columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
            .collect(Collectors.toMap(c -> c.getName(), c -> c.getJsonPath()));
    assertThat(columns)
        .containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].status")
        .containsEntry("Reason", ".status.conditions[?(@.type=='Ready')].reason")
        .containsEntry("ID", ".status.id")
        .containsEntry("Space", ".status.space")
        .containsEntry("Age", ".metadata.creationTimestamp");
  }

  @Test
  void requiredFieldsAndDefaults() {
    assertThat(at("spec").getRequired()).containsExactlyInAnyOrder("connectionRef", "title");
    assertThat(at("spec.panels.[]").getRequired()).containsExactlyInAnyOrder("x", "y");
    assertThat(at("spec.panels.[].savedObject").getRequired())
        .containsExactlyInAnyOrder("type", "id");
    assertThat(at("spec.space").getDefault().asText()).isEqualTo("default");
    assertThat(at("spec.timeRestore").getDefault().asBoolean()).isFalse();
    assertThat(at("spec.panels.[].w").getDefault().asInt()).isEqualTo(24);
    assertThat(at("spec.panels.[].h").getDefault().asInt()).isEqualTo(15);
    assertThat(at("spec.query.language").getEnum())
        .extracting(n -> n.asText())
        .containsExactly("kuery", "lucene");
  }

  @Test
  void theGridIsFortyEightColumns() {
    assertThat(at("spec.panels.[].x").getMinimum()).isEqualTo(0.0);
    assertThat(at("spec.panels.[].x").getMaximum()).isEqualTo(47.0);
    assertThat(at("spec.panels.[].w").getMinimum()).isEqualTo(1.0);
    assertThat(at("spec.panels.[].w").getMaximum()).isEqualTo(48.0);
    assertThat(at("spec.panels.[].y").getMinimum()).isEqualTo(0.0);
    assertThat(at("spec.panels.[].h").getMinimum()).isEqualTo(1.0);
    assertThat(messages(at("spec.panels.[]")))
        .containsExactlyInAnyOrder(
            "set exactly one of visualization and savedObject",
            "a panel must fit the dashboard's 48 columns: x + w <= 48");
    assertThat(messages(at("spec")))
        .contains(
            "panel names must be unique",
            "timeRestore: true needs timeFrom and timeTo",
            "id is immutable: delete and recreate the resource to move the dashboard to a new id");
  }

  /** Unbounded lists and strings make CEL rules exceed the API server's cost budget. */
  @Test
  void everyListAndStringUnderSpecIsBounded() {
    var unbounded = new ArrayList<String>();
    walk(at("spec"), "spec", unbounded);
    assertThat(unbounded).isEmpty();
  }

  private static void walk(JSONSchemaProps schema, String path, List<String> unbounded) {
    if ("array".equals(schema.getType()) && schema.getMaxItems() == null) {
      unbounded.add(path);
    }
    if ("string".equals(schema.getType())
        && schema.getMaxLength() == null
        && schema.getEnum() == null
        && schema.getPattern() == null) {
      unbounded.add(path);
    }
    if ("integer".equals(schema.getType()) && schema.getMaximum() == null) {
      unbounded.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> walk(child, path + "." + name, unbounded));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walk(schema.getItems().getSchema(), path + ".[]", unbounded);
    }
  }
}

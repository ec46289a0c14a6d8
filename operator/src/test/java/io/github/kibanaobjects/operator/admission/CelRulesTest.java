package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule in {@code crds/} on a real API server: a resource it must refuse, with its
 * message, and one it must accept (cases in {@code admission/cel-cases.yaml}).
 */
class CelRulesTest {
  private static final String CASES = "cel-cases.yaml";

  static Stream<AdmissionCase> cases() {
    return AdmissionCase.load(CASES).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWhatTheRuleForbidsAndAcceptsTheRest(AdmissionCase c) {
    c.prove();
  }

  @Test
  void everyCelRuleInCrdsHasACase() throws IOException {
    var covered =
        AdmissionCase.load(CASES).stream()
            .map(c -> c.kind() + ": " + c.message())
            .collect(Collectors.toSet());
    var rules = new TreeSet<String>();
    try (Stream<Path> files = Files.list(Path.of("..", "crds"))) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        var crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        var kind = crd.getSpec().getNames().getKind();
        for (var version : crd.getSpec().getVersions()) {
          collect(kind, version.getSchema().getOpenAPIV3Schema(), rules);
        }
      }
    }
    assertThat(rules).as("CEL rules found in crds/").isNotEmpty();
    assertThat(covered)
        .as("every CEL rule in crds/ needs a case in src/test/resources/admission/" + CASES)
        .containsAll(rules);
  }

  private static void collect(String kind, JSONSchemaProps schema, Set<String> rules) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      schema.getXKubernetesValidations().forEach(r -> rules.add(kind + ": " + r.getMessage()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(child -> collect(kind, child, rules));
    }
    if (schema.getItems() != null) {
      collect(kind, schema.getItems().getSchema(), rules);
    }
    if (schema.getAdditionalProperties() != null) {
      collect(kind, schema.getAdditionalProperties().getSchema(), rules);
    }
  }
}

package io.github.kibanaobjects.operator.admission;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs' OpenAPI schema on a real API server: patterns, enums, required fields, integer ranges,
 * lengths and list sizes, each with a resource it must refuse and one it must accept (cases in
 * {@code admission/schema-cases.yaml}).
 */
class SchemaRulesTest {
  static Stream<AdmissionCase> cases() {
    return AdmissionCase.load("schema-cases.yaml").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWhatTheSchemaForbidsAndAcceptsTheRest(AdmissionCase c) {
    c.prove();
  }
}

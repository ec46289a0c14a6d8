package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.JsonLimits;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import org.junit.jupiter.api.Test;

/**
 * A spec the operator cannot use is read anyway, with every problem named, by the mapper any
 * Fabric8 client uses: one exception in an informer would stop the operator for every resource.
 */
class LenientSpecTest {
  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  private static KibanaVisualization visualization(String specLines) {
    return FABRIC8.unmarshal(
        """
        apiVersion: kibanaobjects.github.io/v1alpha1
        kind: KibanaVisualization
        metadata: {name: cars, namespace: data-science}
        spec:
          connectionRef: {name: kibana}
          title: Cars
          vegaLite: {mark: bar}
        %s
        """
            .formatted(specLines.indent(2)),
        KibanaVisualization.class);
  }

  @Test
  void aValidSpecHasNoProblems() {
    var vis =
        visualization("elasticsearchData: {index: cars, size: 10000}\ndeletionPolicy: Orphan");

    assertThat(vis.getSpec().problems()).isEmpty();
    assertThat(vis.getSpec().getElasticsearchData().getSize()).isEqualTo(10000);
    assertThat(vis.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
  }

  @Test
  void anIntegerBeyondJavasRangeIsOutOfTheFieldsRange() {
    var vis = visualization("elasticsearchData: {index: cars, size: 3000000000}");

    assertThat(vis.getSpec().problems())
        .containsExactly("spec.elasticsearchData.size: 3000000000 is out of range 1..10000");
    assertThat(vis.getSpec().getElasticsearchData().getSize()).isNull();
    assertThat(vis.getSpec().getElasticsearchData().getIndex()).isEqualTo("cars");
  }

  @Test
  void integersOutsideTheCrdBoundsAreProblemsToo() {
    assertThat(visualization("elasticsearchData: {index: cars, size: 0}").getSpec().problems())
        .containsExactly("spec.elasticsearchData.size: 0 is out of range 1..10000");
    assertThat(visualization("elasticsearchData: {index: cars, size: 10001}").getSpec().problems())
        .containsExactly("spec.elasticsearchData.size: 10001 is out of range 1..10000");
    assertThat(visualization("elasticsearchData: {index: cars, size: 2.5}").getSpec().problems())
        .containsExactly("spec.elasticsearchData.size: expected an integer, got 2.5");
    assertThat(visualization("elasticsearchData: {index: cars, size: lots}").getSpec().problems())
        .containsExactly("spec.elasticsearchData.size: expected an integer, got \"lots\"");
  }

  @Test
  void theConnectionsIntegerIsBoundedAsItsCrdSays() {
    var connection =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaConnection
            metadata: {name: kibana, namespace: data-science}
            spec:
              url: https://kibana.example.com
              auth: {apiKeySecretRef: {name: key}}
              maxConcurrentRequests: 3000000000
            """,
            KibanaConnection.class);

    assertThat(connection.getSpec().problems())
        .containsExactly("spec.maxConcurrentRequests: 3000000000 is out of range 1..64");
    assertThat(connection.getSpec().getUrl()).isEqualTo("https://kibana.example.com");
  }

  @Test
  void anUnknownEnumValueNamesTheValuesThisVersionKnows() {
    assertThat(visualization("deletionPolicy: Archive").getSpec().problems())
        .containsExactly(
            "spec.deletionPolicy: unknown value \"Archive\"; expected Delete or Orphan");
    assertThat(visualization("deletionPolicy: 1").getSpec().problems())
        .containsExactly("spec.deletionPolicy: unknown value 1; expected Delete or Orphan");
  }

  @Test
  void unknownFieldsAreNamedWhereverTheyAre() {
    var vis =
        visualization(
            "foo: bar\nbar: {nested: [1, 2]}\nelasticsearchData: {index: cars, sise: 10}");

    assertThat(vis.getSpec().problems())
        .containsExactly(
            "spec.foo: unknown field",
            "spec.bar: unknown field",
            "spec.elasticsearchData.sise: unknown field");
    // what follows an unknown field is still read
    assertThat(vis.getSpec().getElasticsearchData().getIndex()).isEqualTo("cars");
  }

  @Test
  void aValueOfTheWrongJsonTypeNamesWhatWasExpected() {
    var vis = visualization("specFrom: kibana\ndescription: {text: Cars}\nmanaged: maybe");

    assertThat(vis.getSpec().problems())
        .containsExactlyInAnyOrder(
            "spec.specFrom: expected an object, got a string",
            "spec.description: expected a string, got an object",
            "spec.managed: expected true or false, got \"maybe\"");
  }

  @Test
  void listsAndTheirItemsArePlacedByIndex() {
    var role =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaRole
            metadata: {name: publisher, namespace: data-science}
            spec:
              connectionRef: {name: kibana}
              elasticsearch: {cluster: monitor}
              kibana:
                - spaces: [analytics]
                  base: [read]
                - spaces: analytics
                  feature: {visualize: [all]}
                  colour: blue
            """,
            KibanaRole.class);

    assertThat(role.getSpec().problems())
        .containsExactly(
            "spec.elasticsearch.cluster: expected a list, got a string",
            "spec.kibana[1].spaces: expected a list, got a string",
            "spec.kibana[1].colour: unknown field");
    assertThat(role.getSpec().getKibana().get(0).getBase()).containsExactly("read");
  }

  @Test
  void aMissingOrNullOrNonObjectSpecIsAProblemNotAnException() {
    var header = "apiVersion: kibanaobjects.github.io/v1alpha1\nkind: KibanaVisualization\n";
    var none = FABRIC8.unmarshal(header + "metadata: {name: a}\n", KibanaVisualization.class);
    var nulled =
        FABRIC8.unmarshal(header + "metadata: {name: b}\nspec: null\n", KibanaVisualization.class);
    var text =
        FABRIC8.unmarshal(header + "metadata: {name: c}\nspec: chart\n", KibanaVisualization.class);

    assertThat(none.getSpec().problems()).containsExactly("spec: missing");
    assertThat(nulled.getSpec().problems()).containsExactly("spec: missing");
    assertThat(text.getSpec().problems()).containsExactly("spec: expected an object, got a string");
  }

  @Test
  void aStatusFieldFromAnotherOperatorVersionIsIgnored() {
    var vis =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaVisualization
            metadata: {name: cars}
            spec: {connectionRef: {name: kibana}, title: Cars, vegaLite: {}}
            status: {id: cars, addedInV2: {any: thing}}
            """,
            KibanaVisualization.class);

    assertThat(vis.getStatus().getId()).isEqualTo("cars");
    assertThat(vis.getSpec().problems()).isEmpty();
  }

  @Test
  void aPlainObjectMapperReadsLenientlyToo() throws Exception {
    var vis =
        new ObjectMapper()
            .readValue(
                "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"connectionRef\":{\"name\":\"k\"},"
                    + "\"title\":\"A\",\"deletionPolicy\":\"x\"}}",
                KibanaVisualization.class);

    assertThat(vis.getSpec().getTitle()).isEqualTo("A");
    assertThat(vis.getSpec().problems())
        .containsExactly("spec.deletionPolicy: unknown value \"x\"; expected Delete or Orphan");
  }

  @Test
  void scalarsOfTheWrongJsonTypeAreNotCoerced() {
    var vis =
        visualization(
            "description: 1\nmanaged: \"true\"\nelasticsearchData: {index: cars, size: \"8\"}");

    assertThat(vis.getSpec().problems())
        .containsExactlyInAnyOrder(
            "spec.description: expected a string, got 1",
            "spec.managed: expected true or false, got \"true\"",
            "spec.elasticsearchData.size: expected an integer, got \"8\"");
    assertThat(vis.getSpec().getDescription()).isNull();
    assertThat(vis.getSpec().getManaged()).isNull();
  }

  @Test
  void aNumberForABooleanInANestedObjectIsNamed() {
    var connection =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaConnection
            metadata: {name: kibana, namespace: data-science}
            spec:
              url: https://kibana.example.com
              auth: {apiKeySecretRef: {name: key}}
              tls: {insecureSkipVerify: 1}
            """,
            KibanaConnection.class);

    assertThat(connection.getSpec().problems())
        .containsExactly("spec.tls.insecureSkipVerify: expected true or false, got 1");
    assertThat(connection.getSpec().getTls().insecureSkipVerifyOrDefault()).isFalse();
  }

  @Test
  void aListItemOfTheWrongTypeIsPlacedByIndex() {
    var role =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaRole
            metadata: {name: publisher, namespace: data-science}
            spec:
              connectionRef: {name: kibana}
              kibana: [{spaces: [analytics, 7], base: [read]}]
            """,
            KibanaRole.class);

    assertThat(role.getSpec().problems())
        .containsExactly("spec.kibana[0].spaces[1]: expected a string, got 7");
  }

  @Test
  void anEmptyEnumValueNamesTheFieldAndKeepsTheRestOfTheSpec() {
    var vis = visualization("deletionPolicy: \"\"");

    assertThat(vis.getSpec().problems())
        .containsExactly("spec.deletionPolicy: unknown value \"\"; expected Delete or Orphan");
    assertThat(vis.getSpec().getTitle()).isEqualTo("Cars");
    assertThat(vis.getSpec().getConnectionRef().getName()).isEqualTo("kibana");
  }

  @Test
  void missingRequiredFieldsAreNamedWhereverTheyAre() {
    var header =
        "apiVersion: kibanaobjects.github.io/v1alpha1\nkind: KibanaVisualization\n"
            + "metadata: {name: a}\n";
    var noRef = FABRIC8.unmarshal(header + "spec: {title: A}\n", KibanaVisualization.class);
    var emptyRef =
        FABRIC8.unmarshal(
            header + "spec: {title: A, connectionRef: {}, elasticsearchData: {size: 5}}\n",
            KibanaVisualization.class);
    var role =
        FABRIC8.unmarshal(
            """
            apiVersion: kibanaobjects.github.io/v1alpha1
            kind: KibanaRole
            metadata: {name: publisher}
            spec:
              connectionRef: {name: kibana}
              elasticsearch: {indices: [{names: [logs]}]}
            """,
            KibanaRole.class);

    assertThat(noRef.getSpec().problems()).containsExactly("spec.connectionRef: required");
    assertThat(emptyRef.getSpec().problems())
        .containsExactlyInAnyOrder(
            "spec.connectionRef.name: required", "spec.elasticsearchData.index: required");
    assertThat(role.getSpec().problems())
        .containsExactly("spec.elasticsearch.indices[0].privileges: required");
  }

  @Test
  void freeFormContentIsBoundedInDepth() {
    var atLimit = visualization("vega: " + nested(JsonLimits.MAX_SPEC_DEPTH));
    var beyond = visualization("vega: " + nested(JsonLimits.MAX_SPEC_DEPTH + 1));

    assertThat(atLimit.getSpec().problems()).isEmpty();
    assertThat(beyond.getSpec().problems())
        .containsExactly(
            "spec.vega: nested more than 500 levels deep, more than the operator reads");
    var vega = beyond.getSpec().getVega();
    assertThat(vega == null || vega.isNull()).as("dropped").isTrue();
    assertThat(beyond.getSpec().getTitle()).isEqualTo("Cars");
  }

  /** A JSON object {@code levels} deep: {"a":{"a":...{}}}. */
  static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  @Test
  void problemsAreNotWrittenBack() {
    var vis = visualization("foo: bar\ndeletionPolicy: Archive");

    assertThat(FABRIC8.asJson(vis)).doesNotContain("problems").doesNotContain("unknown");
  }
}

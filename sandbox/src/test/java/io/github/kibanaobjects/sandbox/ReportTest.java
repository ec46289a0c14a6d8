package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the operator's status, the table, the summary and the exit code decision. */
class ReportTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void readsTheReadyConditionAndTheKibanaIdOfEachKind() {
    var visualization =
        ResourceState.of(
            resource(
                "KibanaVisualization",
                "cars",
                2,
                """
        observedGeneration: 2
        id: cars-scatter
        url: http://127.0.0.1:5601/app/visualize#/edit/cars-scatter
        conditions:
        - {type: Ready, status: "True", reason: Synced, message: ""}
        """));
    var role =
        ResourceState.of(
            resource(
                "KibanaRole",
                "publisher",
                1,
                """
        observedGeneration: 1
        name: vega-publisher
        conditions: [{type: Ready, status: "True", reason: Synced}]
        """));
    var connection =
        ResourceState.of(
            resource(
                "KibanaConnection",
                "kibana",
                1,
                """
        observedGeneration: 1
        kibanaVersion: 8.19.0
        conditions: [{type: Ready, status: "True", reason: Connected}]
        """));

    assertThat(visualization.isReady()).isTrue();
    assertThat(visualization.kibanaId()).isEqualTo("cars-scatter");
    assertThat(visualization.link()).endsWith("#/edit/cars-scatter");
    assertThat(role.kibanaId()).isEqualTo("vega-publisher");
    assertThat(connection.kibanaId()).isEqualTo("8.19.0");
    assertThat(connection.name()).isEqualTo("demo/kibana");
  }

  @Test
  void aStatusForAnOlderGenerationIsNotReady() {
    var state =
        ResourceState.of(
            resource(
                "KibanaVisualization",
                "cars",
                3,
                """
        observedGeneration: 2
        conditions: [{type: Ready, status: "True", reason: Synced}]
        """));
    assertThat(state.isReady()).isFalse();
    assertThat(state.isSettled()).isFalse();
    assertThat(state.describeFailure()).isEqualTo("KibanaVisualization/demo/cars: Synced");
  }

  @Test
  void aFailureSettlesUnlessItsReasonIsOneThatWaits() {
    var missing =
        ResourceState.of(
            resource(
                "KibanaVisualization",
                "orphan",
                1,
                """
        observedGeneration: 1
        conditions:
        - {type: Ready, status: "False", reason: ConnectionNotFound, message: "no connection nope"}
        """));
    var waiting =
        ResourceState.of(
            resource(
                "KibanaVisualization",
                "later",
                1,
                """
        observedGeneration: 1
        conditions: [{type: Ready, status: "False", reason: ConnectionNotReady}]
        """));
    var noStatus = ResourceState.of(resource("KibanaRole", "fresh", 1, null));

    assertThat(missing.isSettled()).isTrue();
    assertThat(missing.describeFailure())
        .isEqualTo("KibanaVisualization/demo/orphan: ConnectionNotFound: no connection nope");
    assertThat(waiting.isSettled()).isFalse();
    assertThat(noStatus.ready()).isEqualTo("Unknown");
    assertThat(noStatus.isSettled()).isFalse();
    assertThat(noStatus.describeFailure()).isEqualTo("KibanaRole/demo/fresh: not reconciled yet");
  }

  @Test
  void alignsTheTableColumns() {
    var table =
        StatusTable.format(
            List.of(
                new ResourceState(
                    "KibanaConnection", "demo/kibana", "True", "Connected", "", "8.19.0", "", true),
                new ResourceState(
                    "KibanaVisualization",
                    "demo/cars",
                    "False",
                    "KibanaError",
                    "",
                    "cars",
                    "http://x/cars",
                    true)));

    assertThat(table)
        .isEqualTo(
            """
        KIND                 NAMESPACE/NAME  READY  REASON       KIBANA ID  LINK
        KibanaConnection     demo/kibana     True   Connected    8.19.0
        KibanaVisualization  demo/cars       False  KibanaError  cars       http://x/cars
        """);
  }

  @Test
  void exitsZeroWhenAllAreReadyAndOneNamingEachFailureOtherwise() {
    var ready = new ResourceState("KibanaRole", "demo/a", "True", "Synced", "", "a", "", true);
    var failed =
        new ResourceState(
            "KibanaVisualization",
            "demo/b",
            "False",
            "ConnectionNotFound",
            "KibanaConnection demo/nope does not exist",
            "",
            "",
            true);
    var summary = new KibanaSummary(Map.of("default", 1L), List.of("a"), 12, 3);

    var okOut = new ByteArrayOutputStream();
    assertThat(Report.print(List.of(ready), () -> summary, print(okOut)))
        .isEqualTo(Report.ALL_READY);
    assertThat(text(okOut))
        .contains("All 1 resources are Ready.")
        .contains("  space default: 1 visualization\n")
        .contains("  roles (not built in): 1 (a)\n")
        .contains("  requests served: 12 Kibana API requests, 3 writes\n");

    var failedOut = new ByteArrayOutputStream();
    assertThat(Report.print(List.of(ready, failed), () -> summary, print(failedOut)))
        .isEqualTo(Report.NOT_READY);
    assertThat(text(failedOut))
        .contains(
            "1 of 2 resources are not Ready:\n"
                + "  KibanaVisualization/demo/b: ConnectionNotFound: KibanaConnection demo/nope does"
                + " not exist\n");
  }

  @Test
  void aSummaryThatCannotBeReadDoesNotHideTheTable() {
    var ready = new ResourceState("KibanaRole", "demo/a", "True", "Synced", "", "a", "", true);
    var out = new ByteArrayOutputStream();

    var exitCode =
        Report.print(
            List.of(ready),
            () -> {
              throw new IOException("connection refused");
            },
            print(out));

    assertThat(exitCode).isEqualTo(Report.ALL_READY);
    assertThat(text(out))
        .contains("KibanaRole  demo/a")
        .contains("Could not read what Kibana holds: connection refused");
  }

  static GenericKubernetesResource resource(
      String kind, String name, long generation, String statusYaml) {
    var resource =
        SERIALIZATION.unmarshal(
            "apiVersion: kibanaobjects.github.io/v1alpha1\nkind: "
                + kind
                + "\nmetadata: {name: "
                + name
                + ", namespace: demo, generation: "
                + generation
                + "}\n",
            GenericKubernetesResource.class);
    if (statusYaml != null) {
      resource
          .getAdditionalProperties()
          .put("status", SERIALIZATION.unmarshal(statusYaml, Map.class));
    }
    return resource;
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

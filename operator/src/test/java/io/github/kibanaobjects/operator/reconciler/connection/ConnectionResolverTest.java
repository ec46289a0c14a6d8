package io.github.kibanaobjects.operator.reconciler.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;
import io.github.kibanaobjects.operator.kibana.KibanaClientFactory;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which connections a resource may write through, decided before any Secret is read. */
class ConnectionResolverTest {
  // no Kubernetes client: a connection that is refused must be refused before its Secrets are read
  private final ConnectionResolver resolver =
      new ConnectionResolver(null, new KibanaClientFactory());

  /** A connection in {@code data-science} whose last check succeeded. */
  private static KibanaConnection readyConnection() {
    var connection = new KibanaConnection();
    connection.getMetadata().setName("kibana");
    connection.getMetadata().setNamespace("data-science");
    connection.getMetadata().setGeneration(2L);
    var spec = new KibanaConnectionSpec();
    spec.setUrl("https://kibana.example.com");
    var auth = new ConnectionAuth();
    auth.setApiKeySecretRef(new SecretKeyRef("kibana-key", null));
    spec.setAuth(auth);
    connection.setSpec(spec);
    var status = new KibanaConnectionStatus();
    Conditions.setReady(
        status,
        null,
        Conditions.ready(true, Reason.CONNECTED, "Kibana 8.15.0 answered", 1L, Instant.EPOCH));
    connection.setStatus(status);
    return connection;
  }

  @Test
  void aConnectionEditedIntoSomethingTheOperatorCannotReadIsNotUsedWhileItsStatusIsStillReady() {
    var connection = readyConnection();
    // edited since its last check: a field of another CRD version, read leniently
    connection
        .getSpec()
        .recordProblems(List.of("spec.tls.insecureSkipVerify: expected true or false, got 1"));
    var vis = new KibanaVisualization();
    vis.getMetadata().setNamespace("data-science");

    assertThat(Conditions.isReady(connection.getStatus())).as("status not yet rewritten").isTrue();
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    vis,
                    new ConnectionRef("kibana", null),
                    Optional.of(connection),
                    ConnectionPolicy.Use.SAVED_OBJECTS))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CONNECTION_NOT_READY);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "KibanaConnection data-science/kibana is not ready (InvalidSpec:"
                          + " spec.tls.insecureSkipVerify: expected true or false, got 1)");
            });
  }

  @Test
  void aMissingConnectionIsNamedWithTheNamespaceItWasLookedUpIn() {
    var vis = new KibanaVisualization();
    vis.getMetadata().setNamespace("data-science");

    assertThatThrownBy(
            () ->
                resolver.resolve(
                    vis,
                    new ConnectionRef("kibana", "shared"),
                    Optional.empty(),
                    ConnectionPolicy.Use.SAVED_OBJECTS))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CONNECTION_NOT_FOUND);
              assertThat(e.getMessage()).isEqualTo("KibanaConnection shared/kibana not found");
            });
  }
}

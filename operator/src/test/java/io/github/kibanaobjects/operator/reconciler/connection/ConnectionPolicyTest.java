package io.github.kibanaobjects.operator.reconciler.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.NamespaceSpaces;
import io.github.kibanaobjects.operator.status.OperatorException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionPolicyTest {
  private static KibanaConnection shared(List<NamespaceSpaces> allowedSpaces) {
    var connection = new KibanaConnection();
    connection.getMetadata().setName("shared");
    connection.getMetadata().setNamespace("platform");
    var spec = new KibanaConnectionSpec();
    spec.setAllowedNamespaces(List.of("*"));
    spec.setAllowedSpaces(allowedSpaces);
    connection.setSpec(spec);
    return connection;
  }

  @Test
  void withoutAllowedSpacesEverySpaceIsAllowed() {
    assertThat(ConnectionPolicy.allowsSpace(shared(null), "team-a", "team-b")).isTrue();
    assertThat(ConnectionPolicy.allowsSpace(shared(List.of()), "team-a", "*")).isTrue();
  }

  @Test
  void eachNamespaceKeepsToItsSpacesAndPatterns() {
    var connection =
        shared(
            List.of(
                new NamespaceSpaces("team-a", List.of("team-a", "team-a-*")),
                new NamespaceSpaces("team-b", List.of("team-b"))));
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "team-a")).isTrue();
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "team-a-dev")).isTrue();
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "team-b")).isFalse();
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "xteam-a-dev")).isFalse();
    // a role's grant in every space is a space of its own: only "*" allows it
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "*")).isFalse();
    // a namespace no entry names may write to no space; the connection's own namespace to any
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-c", "default")).isFalse();
    assertThat(ConnectionPolicy.allowsSpace(connection, "platform", "team-b")).isTrue();
  }

  @Test
  void theStarEntryCoversNamespacesNoOtherEntryNames() {
    var connection =
        shared(
            List.of(
                new NamespaceSpaces("*", List.of("sandbox")),
                new NamespaceSpaces("team-a", List.of("*"))));
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-c", "sandbox")).isTrue();
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-c", "default")).isFalse();
    assertThat(ConnectionPolicy.allowsSpace(connection, "team-a", "*")).isTrue();
    assertThat(ConnectionPolicy.matches("a.b", "axb")).as("only * is special").isFalse();
  }

  @Test
  void aRefusalNamesTheSpaceAndWhatIsAllowed() {
    var connection = shared(List.of(new NamespaceSpaces("team-a", List.of("team-a"))));
    assertThatThrownBy(
            () -> ConnectionPolicy.requireSpaces(connection, "team-a", List.of("team-a", "team-b")))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("does not allow namespace team-a to write to space team-b")
        .hasMessageContaining("it allows team-a")
        .extracting(e -> ((OperatorException) e).reason().value())
        .isEqualTo("ConnectionNotAllowed");
  }
}

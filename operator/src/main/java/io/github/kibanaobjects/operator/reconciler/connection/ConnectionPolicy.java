package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.NamespaceSpaces;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may use a KibanaConnection. A connection carries credentials, so by default only resources in
 * its own namespace may use it (as ECK and grafana-operator do); roles are global in Kibana, so
 * managing them through a connection is a separate, narrower grant. Within Kibana, {@code
 * spec.allowedSpaces} keeps each namespace to its own spaces, so two teams can share one connection
 * without writing into each other's spaces.
 */
public final class ConnectionPolicy {
  /** What a resource wants to do through the connection. */
  public enum Use {
    SAVED_OBJECTS,
    ROLES,
    /** Spaces are global in Kibana too, so they take the same grant as roles. */
    SPACES;

    /** Whether the objects are global in Kibana (allowed by spec.allowedRoleNamespaces). */
    boolean global() {
      return this != SAVED_OBJECTS;
    }
  }

  private ConnectionPolicy() {}

  public static boolean allows(KibanaConnection connection, String namespace, Use use) {
    var own = connection.getMetadata().getNamespace();
    if (own.equals(namespace)) {
      return true;
    }
    var spec = connection.getSpec();
    List<String> allowed =
        use.global() ? spec.getAllowedRoleNamespaces() : spec.getAllowedNamespaces();
    return allowed != null && (allowed.contains("*") || allowed.contains(namespace));
  }

  /**
   * @throws OperatorException {@link Reason#CONNECTION_NOT_ALLOWED} naming the field to edit
   */
  public static void require(KibanaConnection connection, String namespace, Use use) {
    if (!allows(connection, namespace, use)) {
      var field = use.global() ? "spec.allowedRoleNamespaces" : "spec.allowedNamespaces";
      throw new OperatorException(
          Reason.CONNECTION_NOT_ALLOWED,
          "KibanaConnection %s/%s does not allow namespace %s to %s; add it to %s"
              .formatted(
                  connection.getMetadata().getNamespace(),
                  connection.getMetadata().getName(),
                  namespace,
                  switch (use) {
                    case ROLES -> "manage roles";
                    case SPACES -> "manage spaces";
                    case SAVED_OBJECTS -> "use it";
                  },
                  field));
    }
  }

  /**
   * Whether resources of {@code namespace} may write to {@code space} (a space id, or {@code *} for
   * a role's all-spaces grant) through the connection.
   */
  public static boolean allowsSpace(KibanaConnection connection, String namespace, String space) {
    var rules = connection.getSpec().getAllowedSpaces();
    if (rules == null
        || rules.isEmpty()
        || connection.getMetadata().getNamespace().equals(namespace)) {
      return true;
    }
    return spacesOf(rules, namespace).stream().anyMatch(pattern -> matches(pattern, space));
  }

  /**
   * @throws OperatorException {@link Reason#CONNECTION_NOT_ALLOWED} naming the first space refused
   *     and the spaces the namespace may use
   */
  public static void requireSpaces(
      KibanaConnection connection, String namespace, Collection<String> spaces) {
    for (var space : spaces) {
      if (!allowsSpace(connection, namespace, space)) {
        var allowed = spacesOf(connection.getSpec().getAllowedSpaces(), namespace);
        throw new OperatorException(
            Reason.CONNECTION_NOT_ALLOWED,
            "KibanaConnection %s/%s does not allow namespace %s to write to space %s (%s); see its spec.allowedSpaces"
                .formatted(
                    connection.getMetadata().getNamespace(),
                    connection.getMetadata().getName(),
                    namespace,
                    space,
                    allowed.isEmpty()
                        ? "it allows this namespace no space"
                        : "it allows " + String.join(", ", allowed)));
      }
    }
  }

  /** The patterns of the entry naming the namespace, else of the {@code *} entry, else none. */
  private static List<String> spacesOf(List<NamespaceSpaces> rules, String namespace) {
    Optional<NamespaceSpaces> own =
        rules.stream().filter(r -> namespace.equals(r.getNamespace())).findFirst();
    return own.or(() -> rules.stream().filter(r -> "*".equals(r.getNamespace())).findFirst())
        .map(NamespaceSpaces::getSpaces)
        .filter(spaces -> spaces != null)
        .orElse(List.of());
  }

  /** A space pattern: {@code *} stands for any characters, everything else for itself. */
  static boolean matches(String pattern, String space) {
    var regex =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    return Pattern.matches(regex, space);
  }
}

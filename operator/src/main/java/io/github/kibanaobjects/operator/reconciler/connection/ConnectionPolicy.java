package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;

/**
 * Who may use a KibanaConnection. A connection carries credentials, so by default only resources in
 * its own namespace may use it (as ECK and grafana-operator do); roles are global in Kibana, so
 * managing them through a connection is a separate, narrower grant.
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
}

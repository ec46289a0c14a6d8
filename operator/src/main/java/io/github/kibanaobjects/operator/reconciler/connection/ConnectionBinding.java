package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Which connection a resource's Kibana object belongs to. An object is owned only in the Kibana it
 * was written to: pointing the resource at another connection would otherwise take over (and later
 * delete) an object there that nobody created.
 */
public final class ConnectionBinding {
  private ConnectionBinding() {}

  /** The connection the spec names. */
  public static ResourceID ofSpec(ConnectionRef ref, String resourceNamespace) {
    return new ResourceID(ref.getName(), ref.namespaceOr(resourceNamespace));
  }

  /** How the status records a connection: {@code namespace/name}. */
  public static String key(ResourceID connection) {
    return IndexKeys.of(connection);
  }

  /** The connection the resource's object was written through, or else the spec's. */
  public static ResourceID recordedOrSpec(
      SyncStatus status, ConnectionRef ref, String resourceNamespace) {
    var recorded = status == null ? null : status.getConnection();
    if (recorded == null || !recorded.contains("/")) {
      return ofSpec(ref, resourceNamespace);
    }
    var slash = recorded.indexOf('/');
    return new ResourceID(recorded.substring(slash + 1), recorded.substring(0, slash));
  }

  /**
   * @throws OperatorException {@link Reason#INVALID_SPEC} when the spec names another connection
   *     than the one the resource's object was written through (admission rejects that change; this
   *     guards resources that skipped it)
   */
  public static void requireUnchanged(SyncStatus status, ResourceID specConnection) {
    var recorded = status == null ? null : status.getConnection();
    if (recorded != null && !recorded.equals(key(specConnection))) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "spec.connectionRef cannot change: this resource's object lives in the Kibana of"
              + " KibanaConnection "
              + recorded
              + "; put connectionRef back, or delete the resource (its deletionPolicy decides"
              + " what happens to the object) and create it again");
    }
  }
}

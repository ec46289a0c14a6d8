package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which Secrets a KibanaConnection holds with {@link ConnectionSecrets#FINALIZER}: those its spec
 * names, from its first reconcile until it is gone and its users have cleaned up. {@code kubectl
 * delete namespace} then deletes the Secret last, whenever the operator gets to the clean-up, even
 * after a restart.
 *
 * <p>The finalizer is one name on the Secret, whichever connections name it: a connection lets a
 * Secret go only when no other connection of the namespace still needs it (one that is not being
 * deleted, or is being deleted with users left). Two connections that finish their clean-up at the
 * same time both see the other as done, so the last of them never waits on the first.
 */
final class SecretHolds {
  private SecretHolds() {}

  /**
   * Holds every Secret the connection names (missing ones are held once they exist: their creation
   * moves the revision, which reconciles the connection again).
   *
   * @return whether a Secret was patched, so the revision read before is stale
   */
  static boolean hold(ConnectionSecrets secrets, KibanaConnection connection) {
    var namespace = connection.getMetadata().getNamespace();
    boolean patched = false;
    for (var name : ConnectionResolver.secretNames(connection)) {
      secrets.recordHold(connection, name);
      patched |= secrets.hold(namespace, name);
    }
    return patched;
  }

  /**
   * Lets go of what the connection held and needs no more: everything, once it is being deleted and
   * has no users left; otherwise the Secrets its last check read (its status), or it held since the
   * operator started, that its spec no longer names.
   */
  static void releaseUnneeded(
      ConnectionSecrets secrets, KibanaConnection connection, Context<KibanaConnection> context) {
    var names = new TreeSet<>(ConnectionResolver.secretNamesOf(recordedRevision(connection)));
    names.addAll(secrets.heldBy(connection));
    if (connection.getMetadata().getDeletionTimestamp() == null) {
      names.removeAll(ConnectionResolver.secretNames(connection));
    } else {
      names.addAll(ConnectionResolver.secretNames(connection));
    }
    var namespace = connection.getMetadata().getNamespace();
    for (var name : names) {
      if (!neededByAnother(connection, name, context)) {
        secrets.release(namespace, name);
        secrets.recordRelease(connection, name);
      }
    }
  }

  private static boolean neededByAnother(
      KibanaConnection connection, String secret, Context<KibanaConnection> context) {
    var namespace = connection.getMetadata().getNamespace();
    return context
        .getPrimaryCache()
        .list(namespace)
        .filter(
            other ->
                !Objects.equals(other.getMetadata().getUid(), connection.getMetadata().getUid()))
        .filter(other -> ConnectionResolver.secretNames(other).contains(secret))
        .anyMatch(
            other ->
                other.getMetadata().getDeletionTimestamp() == null
                    || !ConnectionUsers.of(
                            context.getClient(),
                            other,
                            context.getControllerConfiguration().getEffectiveNamespaces())
                        .isEmpty());
  }

  private static String recordedRevision(KibanaConnection connection) {
    return connection.getStatus() == null ? null : connection.getStatus().getCredentialsRevision();
  }
}

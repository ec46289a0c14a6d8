package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A connection's endpoint (URL, credentials, CA) kept per connection and the revision of the
 * Secrets it was read from, so a reconcile does not GET the Secrets each time: they are read again
 * only when the revision ({@code name@resourceVersion} of each Secret, see {@link
 * ConnectionResolver#credentialsRevision}) or the connection's spec changes. Where the revision
 * comes from is the caller's business (the Secret informer's cache for the connection's own check,
 * the connection's status for the resources that use it), so another way of learning about rotated
 * Secrets plugs in here without touching the callers. A failed read is not kept.
 */
final class ConnectionCredentials {
  private record Entry(String uid, Long generation, String revision, KibanaEndpoint endpoint) {
    boolean fits(KibanaConnection connection, String revision) {
      var meta = connection.getMetadata();
      return java.util.Objects.equals(uid, meta.getUid())
          && java.util.Objects.equals(generation, meta.getGeneration())
          && this.revision.equals(revision);
    }
  }

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * The endpoint last read for this connection at this revision, else what {@code read} gives now.
   *
   * @param revision the Secrets' revision, or null when unknown (then the Secrets are read and the
   *     result is not kept)
   */
  KibanaEndpoint endpoint(
      KibanaConnection connection, String revision, Supplier<KibanaEndpoint> read) {
    if (revision == null) {
      return read.get();
    }
    var key = connection.getMetadata().getNamespace() + "/" + connection.getMetadata().getName();
    var entry = entries.get(key);
    if (entry != null && entry.fits(connection, revision)) {
      return entry.endpoint();
    }
    var endpoint = read.get();
    var meta = connection.getMetadata();
    entries.put(key, new Entry(meta.getUid(), meta.getGeneration(), revision, endpoint));
    return endpoint;
  }
}

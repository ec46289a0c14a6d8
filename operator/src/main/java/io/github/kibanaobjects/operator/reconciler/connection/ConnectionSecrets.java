package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The only place the operator reads Secrets and keeps what it read from them: named GETs of the
 * Secrets a KibanaConnection names, never a list or a watch, so the operator needs {@code get} on
 * Secrets (and {@code patch}, for the finalizer below) and no other Secret of the cluster ever
 * reaches it.
 *
 * <p>Two things are kept. The endpoint (URL, credentials, CA) built for each connection, per its
 * uid, generation and the revision of its Secrets ({@code name@resourceVersion} of each, see {@link
 * ConnectionResolver#credentialsRevision}), so a reconcile does not read the Secrets: the revision
 * comes from the connection's periodic named GETs (its own check) or its status (the resources that
 * use it), and only a new revision or spec builds the endpoint again, from the copies those GETs
 * read. And the last copy read of each Secret, for cleaning up after it was deleted together with
 * everything else in its namespace ({@code kubectl delete namespace}) while the resources that used
 * it still have Kibana objects to remove. Only Secrets that connections name are kept, and {@link
 * #forget} drops them when their connection is gone.
 *
 * <p>The one write: the finalizer {@link #FINALIZER}, put on and taken off ({@link #hold}, {@link
 * #release}) the Secrets connections name, so that a namespace deleted at once keeps them until the
 * clean-up no longer needs them, even across an operator restart (the copy kept in memory does not
 * survive one).
 */
public final class ConnectionSecrets {
  /**
   * Keeps a Secret that a KibanaConnection reads while the connection (or its clean-up) needs it.
   */
  public static final String FINALIZER = "kibanaobjects.github.io/connection-credentials";

  /** Finalizer patches that find the Secret changed under them are tried again this often. */
  private static final int PATCH_ATTEMPTS = 3;

  private record Entry(String uid, Long generation, String revision, KibanaEndpoint endpoint) {
    boolean fits(KibanaConnection connection, String revision) {
      var meta = connection.getMetadata();
      return Objects.equals(uid, meta.getUid())
          && Objects.equals(generation, meta.getGeneration())
          && this.revision.equals(revision);
    }
  }

  private final KubernetesClient kubernetes;

  /** What the latest named GET of each Secret found (empty: it did not exist). */
  private final Map<ResourceID, Optional<Secret>> latest = new ConcurrentHashMap<>();

  /** The last copy that existed, for the clean-up of a connection being deleted. */
  private final Map<ResourceID, Secret> lastRead = new ConcurrentHashMap<>();

  private final Map<ResourceID, Entry> endpoints = new ConcurrentHashMap<>();

  /**
   * The Secrets each connection held since this operator started: its status names only those of
   * its last successful check, and a spec edited twice before the next one would leave the one in
   * between held for ever.
   */
  private final Map<ResourceID, Set<String>> heldFor = new ConcurrentHashMap<>();

  public ConnectionSecrets(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** The Secret as the API server has it now (a named GET), or empty when it does not exist. */
  public Optional<Secret> get(String namespace, String name) {
    var id = new ResourceID(name, namespace);
    var secret =
        Optional.ofNullable(kubernetes.secrets().inNamespace(namespace).withName(name).get());
    latest.put(id, secret);
    secret.ifPresent(s -> lastRead.put(id, s));
    return secret;
  }

  /**
   * The Secret as the latest named GET found it (the connection's periodic read, whose revision the
   * caller builds for), read now only when it was never read.
   */
  public Optional<Secret> latest(String namespace, String name) {
    var known = latest.get(new ResourceID(name, namespace));
    return known != null ? known : get(namespace, name);
  }

  /**
   * The Secret now, or, when it is gone, the copy last read: for a connection that is being
   * deleted, whose users still need its credentials to clean up.
   */
  public Optional<Secret> getOrLastRead(String namespace, String name) {
    return get(namespace, name)
        .or(() -> Optional.ofNullable(lastRead.get(new ResourceID(name, namespace))));
  }

  /**
   * The endpoint last built for this connection at this revision, else what {@code build} gives now
   * (kept unless it fails).
   *
   * @param revision the Secrets' revision, or null when unknown (then it is built and not kept)
   */
  public KibanaEndpoint endpoint(
      KibanaConnection connection, String revision, Supplier<KibanaEndpoint> build) {
    if (revision == null) {
      return build.get();
    }
    var id = ResourceID.fromResource(connection);
    var entry = endpoints.get(id);
    if (entry != null && entry.fits(connection, revision)) {
      return entry.endpoint();
    }
    var endpoint = build.get();
    var meta = connection.getMetadata();
    endpoints.put(id, new Entry(meta.getUid(), meta.getGeneration(), revision, endpoint));
    return endpoint;
  }

  /**
   * Puts {@link #FINALIZER} on the Secret unless it is missing, carries it already, or is being
   * deleted (Kubernetes refuses a new finalizer then).
   *
   * @return whether the Secret was patched (its resourceVersion moved)
   */
  public boolean hold(String namespace, String name) {
    return setFinalizer(namespace, name, true);
  }

  /** Takes {@link #FINALIZER} off the Secret, if it exists and carries it. */
  public void release(String namespace, String name) {
    setFinalizer(namespace, name, false);
  }

  /** Records that the connection holds the Secret (see {@link #heldBy}). */
  void recordHold(KibanaConnection connection, String name) {
    heldFor
        .computeIfAbsent(ResourceID.fromResource(connection), id -> ConcurrentHashMap.newKeySet())
        .add(name);
  }

  /** Records that the connection let the Secret go. */
  void recordRelease(KibanaConnection connection, String name) {
    var held = heldFor.get(ResourceID.fromResource(connection));
    if (held != null) {
      held.remove(name);
    }
  }

  /** The Secrets the connection held since this operator started and has not let go. */
  Set<String> heldBy(KibanaConnection connection) {
    return Set.copyOf(heldFor.getOrDefault(ResourceID.fromResource(connection), Set.of()));
  }

  /**
   * A JSON merge patch of the finalizer list, with the resourceVersion it was computed from: a
   * Secret changed meanwhile (another finalizer, a rotation) is a 409, read again and patched
   * again, so no one else's finalizer is ever dropped.
   */
  private boolean setFinalizer(String namespace, String name, boolean present) {
    var secret = latest(namespace, name);
    for (int attempt = 1; ; attempt++) {
      if (secret.isEmpty()) {
        return false;
      }
      var meta = secret.get().getMetadata();
      var finalizers =
          new ArrayList<String>(meta.getFinalizers() == null ? List.of() : meta.getFinalizers());
      if (finalizers.contains(FINALIZER) == present
          || (present && meta.getDeletionTimestamp() != null)) {
        return false;
      }
      if (present) {
        finalizers.add(FINALIZER);
      } else {
        finalizers.remove(FINALIZER);
      }
      var patch = JsonTrees.MAPPER.createObjectNode();
      var metadata = patch.putObject("metadata").put("resourceVersion", meta.getResourceVersion());
      if (finalizers.isEmpty()) {
        // null, not []: both clear the list on an API server, but not every test double
        metadata.putNull("finalizers");
      } else {
        finalizers.forEach(metadata.putArray("finalizers")::add);
      }
      try {
        var patched =
            kubernetes
                .secrets()
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        var id = new ResourceID(name, namespace);
        latest.put(id, Optional.of(patched));
        lastRead.put(id, patched);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          latest.put(new ResourceID(name, namespace), Optional.empty());
          return false;
        }
        if (e.getCode() != 409 || attempt == PATCH_ATTEMPTS) {
          throw e;
        }
      }
      secret = get(namespace, name);
    }
  }

  /** Drops everything kept for the connection (it is gone). */
  public void forget(KibanaConnection connection) {
    endpoints.remove(ResourceID.fromResource(connection));
    heldFor.remove(ResourceID.fromResource(connection));
    var namespace = connection.getMetadata().getNamespace();
    for (var name : ConnectionResolver.secretNames(connection)) {
      var id = new ResourceID(name, namespace);
      latest.remove(id);
      lastRead.remove(id);
    }
  }
}

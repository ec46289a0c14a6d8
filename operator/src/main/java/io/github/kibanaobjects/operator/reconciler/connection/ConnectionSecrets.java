package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only place the operator reads Secrets: named GETs of the Secrets a KibanaConnection names,
 * never a list or a watch, so the operator needs {@code get} on Secrets and nothing more, and no
 * other Secret of the cluster ever reaches it.
 *
 * <p>The last copy read of each is kept for one purpose: cleaning up after the Secret was deleted
 * together with everything else in its namespace ({@code kubectl delete namespace}), while the
 * resources that used it still have Kibana objects to remove. Only Secrets that connections name
 * are kept, and {@link #forget} drops them when their connection is gone.
 */
public final class ConnectionSecrets {
  private final KubernetesClient kubernetes;
  private final Map<ResourceID, Secret> lastRead = new ConcurrentHashMap<>();

  public ConnectionSecrets(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** The Secret as the API server has it now (a named GET), or empty when it does not exist. */
  public Optional<Secret> get(String namespace, String name) {
    var id = new ResourceID(name, namespace);
    var secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
    if (secret != null) {
      lastRead.put(id, secret);
    }
    return Optional.ofNullable(secret);
  }

  /**
   * The Secret now, or, when it is gone, the copy last read: for a connection that is being
   * deleted, whose users still need its credentials to clean up.
   */
  public Optional<Secret> getOrLastRead(String namespace, String name) {
    return get(namespace, name)
        .or(() -> Optional.ofNullable(lastRead.get(new ResourceID(name, namespace))));
  }

  /** Drops the kept copy (the connection that named it is gone). */
  public void forget(String namespace, String name) {
    lastRead.remove(new ResourceID(name, namespace));
  }
}

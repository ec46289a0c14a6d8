package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * The Secret informer's cache, holding only what tells a Secret apart and when it changed. The
 * operator watches Secrets to notice rotations and reads a Secret's content from the API when it
 * needs it, so there is no reason to keep every Secret of the watched namespaces in memory: Helm
 * keeps whole releases in Secrets, and {@code kubectl apply} copies a Secret's data into an
 * annotation.
 */
final class SecretMetadataStore implements ItemStore<Secret> {
  private final BasicItemStore<Secret> delegate = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  /** The Secret reduced to its identity, version and labels: no data, annotations or fields. */
  static Secret metadataOnly(Secret secret) {
    var meta = secret.getMetadata();
    return new SecretBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(meta.getName())
                .withNamespace(meta.getNamespace())
                .withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .withCreationTimestamp(meta.getCreationTimestamp())
                .withDeletionTimestamp(meta.getDeletionTimestamp())
                .withLabels(meta.getLabels())
                .build())
        .withType(secret.getType())
        .build();
  }

  @Override
  public String getKey(Secret secret) {
    return delegate.getKey(secret);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return delegate.put(key, metadataOnly(secret));
  }

  @Override
  public Secret remove(String key) {
    return delegate.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return delegate.keySet();
  }

  @Override
  public Stream<Secret> values() {
    return delegate.values();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Secret get(String key) {
    return delegate.get(key);
  }
}

package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer cache that keeps resources without {@code metadata.managedFields}. The operator never
 * reads them, and for a chart they list every key of it as nested maps: at 1,000 visualizations
 * they were the largest part of the heap after the charts themselves. Writes are unaffected: status
 * and finalizer patches carry no managedFields, which leaves the API server's as they are. Used
 * only where one informer fills it ({@link InformerStores}).
 */
public class ManagedFieldsFreeStore<R extends HasMetadata> extends BasicItemStore<R> {
  public ManagedFieldsFreeStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  /**
   * Cleared in place: the informer's copy was read from its own watch, and its handlers are given
   * it only after it is stored.
   */
  @Override
  public R put(String key, R resource) {
    if (resource.getMetadata() != null) {
      resource.getMetadata().setManagedFields(null);
    }
    return super.put(key, resource);
  }
}

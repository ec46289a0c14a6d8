package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.function.Supplier;

/**
 * Where a leaner informer cache ({@link ManagedFieldsFreeStore}) may be used. JOSDK hands the one
 * store of a configuration to the informer of every watched namespace, and each informer's list
 * then removes from it what its own namespace does not hold: with two namespaces the resources of
 * one vanished from the cache (and were never reconciled again). So a store is only given to a
 * single informer (all namespaces, or one); with several, Fabric8's own store is kept.
 */
public final class InformerStores {
  private InformerStores() {}

  /**
   * @param informers how many informers the configuration makes (one per namespace watched, one
   *     when all are)
   * @return the store, or null for Fabric8's default
   */
  public static <R extends HasMetadata> ItemStore<R> ifOneInformer(
      int informers, Supplier<? extends ItemStore<R>> store) {
    return informers == 1 ? store.get() : null;
  }

  /**
   * As {@link #ifOneInformer}, for an event source that inherits its controller's namespaces
   * ({@code withNamespacesInheritedFromController}); a source with namespaces of its own must count
   * them itself.
   */
  public static <R extends HasMetadata> ItemStore<R> forSourceOf(
      EventSourceContext<?> context, Supplier<? extends ItemStore<R>> store) {
    // JOSDK names "all namespaces" by one entry of its own
    return ifOneInformer(
        context.getControllerConfiguration().getInformerConfig().getNamespaces().size(), store);
  }
}

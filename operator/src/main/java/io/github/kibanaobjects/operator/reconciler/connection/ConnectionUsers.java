package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.OwnedObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resources that still need a connection to clean up: those that name it (or wrote through it)
 * and carry the operator's finalizer. Read from the API, not from a cache of every visualization,
 * because it is asked only while a connection is being deleted.
 */
final class ConnectionUsers {
  private ConnectionUsers() {}

  /**
   * @param namespaces the namespaces the operator watches (JOSDK's "all namespaces" marker too)
   * @return {@code Kind namespace/name} of each user, sorted
   */
  static List<String> of(
      KubernetesClient client, KibanaConnection connection, Set<String> namespaces) {
    var users = new ArrayList<String>();
    collect(client, KibanaVisualization.class, connection, namespaces, users);
    collect(client, KibanaDashboard.class, connection, namespaces, users);
    collect(client, KibanaRole.class, connection, namespaces, users);
    collect(client, KibanaSpace.class, connection, namespaces, users);
    users.sort(null);
    return users;
  }

  private static <T extends CustomResource<? extends OwnedObjectSpec, ? extends SyncStatus>>
      void collect(
          KubernetesClient client,
          Class<T> kind,
          KibanaConnection connectionResource,
          Set<String> namespaces,
          List<String> users) {
    var connection = ResourceID.fromResource(connectionResource);
    var items =
        InformerConfiguration.allNamespacesWatched(namespaces)
            ? client.resources(kind).inAnyNamespace().list().getItems()
            : namespaces.stream()
                .flatMap(ns -> client.resources(kind).inNamespace(ns).list().getItems().stream())
                .toList();
    for (var item : items) {
      var meta = item.getMetadata();
      if (item.getSpec() == null
          || item.getSpec().getConnectionRef() == null
          || !meta.getFinalizers().contains(KibanaObjectsOperator.FINALIZER)) {
        continue;
      }
      var uses =
          ConnectionBinding.recordedOrSpec(
              item.getStatus(), item.getSpec().getConnectionRef(), meta.getNamespace());
      // One the connection does not (or no longer) allow lets go by itself on deletion.
      if (uses.equals(connection)
          && ConnectionPolicy.allows(connectionResource, meta.getNamespace(), useOf(item))) {
        users.add(item.getKind() + " " + meta.getNamespace() + "/" + meta.getName());
      }
    }
  }

  private static ConnectionPolicy.Use useOf(CustomResource<?, ?> resource) {
    if (resource instanceof KibanaRole) {
      return ConnectionPolicy.Use.ROLES;
    }
    return resource instanceof KibanaSpace
        ? ConnectionPolicy.Use.SPACES
        : ConnectionPolicy.Use.SAVED_OBJECTS;
  }
}

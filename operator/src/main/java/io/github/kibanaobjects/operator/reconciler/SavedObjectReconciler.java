package io.github.kibanaobjects.operator.reconciler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.github.kibanaobjects.operator.api.v1alpha1.common.OwnedObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.github.kibanaobjects.operator.kibana.ExpectedUpsert;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionPolicy;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import io.github.kibanaobjects.operator.reconciler.visualization.SavedObjectTarget;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kinds kept as one saved object each (visualizations, dashboards): written with {@code
 * _import}, read from the connection's polled exports, deleted by type and id. What differs between
 * them (the desired object, its reference, the space checks) stays in the kind's reconciler.
 */
public abstract class SavedObjectReconciler<
        R extends CustomResource<S, T>, S extends OwnedObjectSpec, T extends SyncStatus>
    extends KibanaObjectReconciler<R, S, T> {

  protected SavedObjectReconciler(
      ConnectionResolver connections, ReconcileSupport support, Supplier<T> emptyStatus) {
    super(connections, support, ConnectionPolicy.Use.SAVED_OBJECTS, emptyStatus);
  }

  @Override
  protected String hash(ObjectNode desired) {
    return DesiredStateHash.ofSavedObject(desired);
  }

  @Override
  protected ObjectSync.Target target(
      KibanaClient client,
      KibanaObjectRef object,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner) {
    return new SavedObjectTarget(client.savedObjects(), object.space(), desired, state, owner);
  }

  @Override
  protected ExpectedUpsert expectWrite(KibanaClient client, KibanaObjectRef object) {
    return client.savedObjects().expectUpsert(object.space());
  }

  @Override
  protected Optional<String> stateCollection(KibanaObjectRef object) {
    return Optional.of(SavedObjectTarget.collection(object.space(), object.type()));
  }

  @Override
  protected boolean exists(KibanaClient client, KibanaObjectRef object) {
    return client.savedObjects().get(object.space(), object.type(), object.id()).isPresent();
  }

  @Override
  protected void delete(KibanaClient client, KibanaObjectRef object) {
    client.savedObjects().delete(object.space(), object.type(), object.id());
  }
}

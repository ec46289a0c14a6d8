package io.github.kibanaobjects.operator.reconciler.space;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceStatus;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.SpaceMapper;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectReconciler;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionPolicy;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.Collection;
import java.util.List;

/**
 * Keeps one Kibana space equal to a KibanaSpace. Spaces are global in Kibana, so, as for roles, the
 * connection must list the resource's namespace in {@code allowedRoleNamespaces} (its own namespace
 * always may). Deleting a space deletes everything in it: the deletion policy defaults to Orphan.
 */
@ControllerConfiguration(name = KibanaSpaceReconciler.NAME)
public class KibanaSpaceReconciler
    extends KibanaObjectReconciler<KibanaSpace, KibanaSpaceSpec, KibanaSpaceStatus> {
  public static final String NAME = "kibanaspace";
  static final String TYPE = "space";

  public KibanaSpaceReconciler(ConnectionResolver connections, ReconcileSupport support) {
    super(connections, support, ConnectionPolicy.Use.SPACES, KibanaSpaceStatus::new);
  }

  @Override
  protected boolean dependsOnSpaces() {
    return false;
  }

  @Override
  protected KibanaObjectRef objectRef(KibanaSpace space, KibanaSpaceSpec spec) {
    return KibanaObjectRef.global(TYPE, spec.idOr(space.getMetadata().getName()));
  }

  /** A space resource writes the space itself. */
  @Override
  protected Collection<String> spacesWritten(KibanaSpace space) {
    return List.of(space.getSpec().idOr(space.getMetadata().getName()));
  }

  @Override
  protected KibanaObjectRef recorded(KibanaSpaceStatus status) {
    return status.getId() == null ? null : KibanaObjectRef.global(TYPE, status.getId());
  }

  @Override
  protected void record(
      KibanaSpaceStatus status, KibanaObjectRef object, ResolvedConnection connection) {
    status.setId(object.id());
    status.setUrl(SpaceMapper.kibanaUrl(connection.url(), object.id()));
  }

  @Override
  protected ObjectNode desired(
      KibanaSpace space, KibanaSpaceSpec spec, KibanaObjectRef object, Context<KibanaSpace> ctx) {
    return SpaceMapper.toBody(spec, object.id());
  }

  @Override
  protected String hash(ObjectNode desired) {
    return DesiredStateHash.ofSpace(desired);
  }

  @Override
  protected ObjectSync.Target target(
      KibanaClient client,
      KibanaObjectRef object,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner) {
    return new SpaceTarget(
        client.spaces(),
        object.id(),
        SpaceMapper.forKibana(desired, client.capabilities().spaceSolution()));
  }

  @Override
  protected boolean exists(KibanaClient client, KibanaObjectRef object) {
    return client.spaces().get(object.id()).isPresent();
  }

  @Override
  protected void delete(KibanaClient client, KibanaObjectRef object) {
    client.spaces().delete(object.id());
  }
}

package io.github.kibanaobjects.operator.reconciler.role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.RoleMapper;
import io.github.kibanaobjects.operator.mapping.RoleNames;
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
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.Collection;
import java.util.List;

/**
 * Keeps one Kibana role equal to a KibanaRole. Roles are global in Kibana, so the connection must
 * list the resource's namespace in {@code allowedRoleNamespaces} (its own namespace always may).
 */
@ControllerConfiguration(name = KibanaRoleReconciler.NAME)
public class KibanaRoleReconciler
    extends KibanaObjectReconciler<KibanaRole, KibanaRoleSpec, KibanaRoleStatus> {
  public static final String NAME = "kibanarole";

  /** Event reason when a spec uses feature privileges Kibana has deprecated. */
  public static final String DEPRECATED_PRIVILEGES = "DeprecatedPrivileges";

  static final String TYPE = "role";
  // advice given, per resource uid (kept in memory: an operator restart may repeat it once)
  private final java.util.Set<String> advised = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public KibanaRoleReconciler(ConnectionResolver connections, ReconcileSupport support) {
    super(connections, support, ConnectionPolicy.Use.ROLES, KibanaRoleStatus::new);
  }

  @Override
  protected KibanaObjectRef objectRef(KibanaRole role, KibanaRoleSpec spec) {
    return KibanaObjectRef.global(
        TYPE, RoleNames.requireManageable(spec.nameOr(role.getMetadata().getName())));
  }

  @Override
  protected void beforeSync(KibanaRole role, KibanaRoleSpec spec, KibanaClient client) {
    var capabilities = client.capabilities();
    RoleMapper.requireSupported(spec, capabilities);
    RoleMapper.deprecationAdvice(spec, capabilities)
        .filter(advice -> advised.add(role.getMetadata().getUid() + ":" + advice))
        .ifPresent(advice -> support.events().warning(role, DEPRECATED_PRIVILEGES, advice));
  }

  @Override
  public DeleteControl cleanup(KibanaRole role, Context<KibanaRole> context) {
    var uid = role.getMetadata().getUid() + ":";
    advised.removeIf(key -> key.startsWith(uid));
    return super.cleanup(role, context);
  }

  /** The spaces the role grants privileges in. */
  @Override
  protected Collection<String> spacesNamed(KibanaRole role) {
    var kibana = role.getSpec().getKibana();
    if (kibana == null) {
      return List.of();
    }
    return kibana.stream()
        .filter(entry -> entry.getSpaces() != null)
        .flatMap(entry -> entry.getSpaces().stream())
        .toList();
  }

  @Override
  protected KibanaObjectRef recorded(KibanaRoleStatus status) {
    return status.getName() == null ? null : KibanaObjectRef.global(TYPE, status.getName());
  }

  @Override
  protected void record(
      KibanaRoleStatus status, KibanaObjectRef object, ResolvedConnection connection) {
    status.setName(object.id());
  }

  @Override
  protected ObjectNode desired(
      KibanaRole role, KibanaRoleSpec spec, KibanaObjectRef object, Context<KibanaRole> context) {
    return RoleMapper.toPutBody(spec);
  }

  @Override
  protected String hash(ObjectNode desired) {
    return DesiredStateHash.ofRole(desired);
  }

  @Override
  protected ObjectSync.Target target(
      KibanaClient client,
      KibanaObjectRef object,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner) {
    return new RoleTarget(
        client.roles(),
        object.id(),
        RoleMapper.forKibana(desired, client.capabilities().roleDescription()),
        state,
        owner);
  }

  @Override
  protected java.util.Optional<String> stateCollection(KibanaObjectRef object) {
    return java.util.Optional.of(RoleTarget.COLLECTION);
  }

  @Override
  protected boolean exists(KibanaClient client, KibanaObjectRef object) {
    return client.roles().get(object.id()).isPresent();
  }

  @Override
  protected void delete(KibanaClient client, KibanaObjectRef object) {
    client.roles().delete(object.id());
  }
}

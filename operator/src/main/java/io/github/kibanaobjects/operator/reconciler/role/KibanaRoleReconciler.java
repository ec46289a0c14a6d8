package io.github.kibanaobjects.operator.reconciler.role;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.RoleMapper;
import io.github.kibanaobjects.operator.mapping.RoleNames;
import io.github.kibanaobjects.operator.reconciler.EventAnnouncer;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionBinding;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionEventSources;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionPolicy;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Keeps one Kibana role equal to a KibanaRole. Roles are global in Kibana, so the connection must
 * list the resource's namespace in {@code allowedRoleNamespaces} (its own namespace always may).
 */
@ControllerConfiguration(name = KibanaRoleReconciler.NAME)
public class KibanaRoleReconciler implements Reconciler<KibanaRole>, Cleaner<KibanaRole> {
  public static final String NAME = "kibanarole";
  /** Event reason when a spec uses feature privileges Kibana has deprecated. */
  public static final String DEPRECATED_PRIVILEGES = "DeprecatedPrivileges";

  private final ConnectionResolver connections;
  private final ReconcileSupport support;
  private final java.util.Set<String> advised = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public KibanaRoleReconciler(ConnectionResolver connections, ReconcileSupport support) {
    this.connections = connections;
    this.support = support;
  }

  @Override
  public List<EventSource<?, KibanaRole>> prepareEventSources(
      EventSourceContext<KibanaRole> context) {
    return List.of(
        ConnectionEventSources.forUsersOf(context, role -> role.getSpec().getConnectionRef()));
  }

  @Override
  public UpdateControl<KibanaRole> reconcile(KibanaRole role, Context<KibanaRole> context) {
    try (var ignored = support.logContext(role)) {
      var spec = support.readableSpec(role);
      var resync = support.resyncPeriod(spec.getResyncPeriod());
      var name = RoleNames.requireManageable(spec.nameOr(role.getMetadata().getName()));
      var connectionId =
          ConnectionBinding.ofSpec(spec.getConnectionRef(), role.getMetadata().getNamespace());
      ConnectionBinding.requireUnchanged(role.getStatus(), connectionId);
      var desired = RoleMapper.toPutBody(spec);
      var connection = resolve(role, context);
      var capabilities = connection.client().capabilities();
      RoleMapper.requireSupported(spec, capabilities);
      var api = connection.client().roles();

      var previous = role.getStatus();
      boolean owned = previous != null && name.equals(previous.getName());
      if (previous != null && previous.getName() != null && !owned) {
        support.removeRenamed(
            role,
            RoleTarget.describe(previous.getName()),
            spec.deletionPolicyOrDefault(),
            () -> {
              if (api.get(previous.getName()).isEmpty()) {
                return false;
              }
              api.delete(previous.getName());
              return true;
            });
      }
      var hash = DesiredStateHash.ofRole(desired);
      boolean specChanged = previous == null || !hash.equals(previous.getLastAppliedHash());
      // once per resource and advice (kept in memory: an operator restart may repeat it once)
      RoleMapper.deprecationAdvice(spec, capabilities)
          .filter(advice -> advised.add(role.getMetadata().getUid() + ":" + advice))
          .ifPresent(advice -> support.events().warning(role, DEPRECATED_PRIVILEGES, advice));
      var target =
          new RoleTarget(
              api, name, desired, support.recentEnough(previous, owned, specChanged, resync));
      var result =
          ObjectSync.sync(
              target,
              support.ownership(role, owned, context, KibanaRoleStatus::new),
              specChanged,
              spec.adoptOrDefault());
      EventAnnouncer.announce(support.events(), role, target.describe(), result);

      var status = new KibanaRoleStatus();
      status.setName(name);
      status.setConnection(ConnectionBinding.key(connectionId));
      status.setLastAppliedHash(hash);
      status.setLastSyncTime(
          result.wrote() || previous == null
              ? Conditions.timestamp(support.clock().instant())
              : previous.getLastSyncTime());
      return support.ready(
          role, status, Reason.SYNCED, target.describe() + " is in sync", resync, context);
    }
  }

  @Override
  public ErrorStatusUpdateControl<KibanaRole> updateErrorStatus(
      KibanaRole role, Context<KibanaRole> context, Exception e) {
    try (var ignored = support.logContext(role)) {
      return support.failed(
          role,
          e,
          support.resyncPeriodOrDefault(role.getSpec().getResyncPeriod()),
          KibanaRoleStatus::new);
    }
  }

  @Override
  public DeleteControl cleanup(KibanaRole role, Context<KibanaRole> context) {
    try (var ignored = support.logContext(role)) {
      var uid = role.getMetadata().getUid() + ":";
      advised.removeIf(key -> key.startsWith(uid));
      var status = role.getStatus();
      var written = status != null && status.getName() != null;
      return support.cleanup(
          role,
          written ? RoleTarget.describe(status.getName()) : null,
          role.getSpec().deletionPolicyOrDefault(),
          () ->
              connections
                  .resolveRecorded(
                      role,
                      status,
                      role.getSpec().getConnectionRef(),
                      context,
                      ConnectionPolicy.Use.ROLES)
                  .client()
                  .roles()
                  .delete(status.getName()),
          support.resyncPeriodOrDefault(role.getSpec().getResyncPeriod()),
          KibanaRoleStatus::new);
    }
  }

  private ResolvedConnection resolve(KibanaRole role, Context<KibanaRole> context) {
    return connections.resolve(
        role,
        role.getSpec().getConnectionRef(),
        context.getSecondaryResource(KibanaConnection.class),
        ConnectionPolicy.Use.ROLES);
  }
}

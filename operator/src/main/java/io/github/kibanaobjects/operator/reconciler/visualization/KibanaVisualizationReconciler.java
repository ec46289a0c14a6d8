package io.github.kibanaobjects.operator.reconciler.visualization;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import io.github.kibanaobjects.operator.mapping.VisualizationMapper;
import io.github.kibanaobjects.operator.reconciler.EventAnnouncer;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionBinding;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionEventSources;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionPolicy;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps one Vega visualization saved object in Kibana equal to a KibanaVisualization. The
 * mapping and the diff are pure ({@code mapping}); this class wires them to Kubernetes and Kibana.
 */
@ControllerConfiguration(name = KibanaVisualizationReconciler.NAME)
public class KibanaVisualizationReconciler
    implements Reconciler<KibanaVisualization>, Cleaner<KibanaVisualization> {
  public static final String NAME = "kibanavisualization";
  static final String TYPE = "visualization";
  private static final String CONFIG_MAP_INDEX = "by-spec-configmap";

  private final ConnectionResolver connections;
  private final ReconcileSupport support;

  public KibanaVisualizationReconciler(ConnectionResolver connections, ReconcileSupport support) {
    this.connections = connections;
    this.support = support;
  }

  @Override
  public List<EventSource<?, KibanaVisualization>> prepareEventSources(
      EventSourceContext<KibanaVisualization> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            CONFIG_MAP_INDEX,
            vis -> configMapId(vis).map(id -> List.of(IndexKeys.of(id))).orElse(List.of()));
    // Editing the chart file in its ConfigMap re-publishes the chart.
    var configMaps =
        InformerEventSourceConfiguration.from(ConfigMap.class, KibanaVisualization.class)
            .withPrimaryToSecondaryMapper(
                (PrimaryToSecondaryMapper<KibanaVisualization>)
                    vis -> configMapId(vis).map(Set::of).orElse(Set.of()))
            .withSecondaryToPrimaryMapper(
                configMap ->
                    context
                        .getPrimaryCache()
                        .byIndex(CONFIG_MAP_INDEX, IndexKeys.of(ResourceID.fromResource(configMap)))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(
        ConnectionEventSources.forUsersOf(context, vis -> vis.getSpec().getConnectionRef()),
        new InformerEventSource<>(configMaps, context));
  }

  @Override
  public UpdateControl<KibanaVisualization> reconcile(
      KibanaVisualization vis, Context<KibanaVisualization> context) {
    try (var ignored = support.logContext(vis)) {
      var spec = support.readableSpec(vis);
      var resync = support.resyncPeriod(spec.getResyncPeriod());
      var id = spec.idOr(vis.getMetadata().getName());
      var space = spec.spaceOrDefault();
      var connectionId =
          ConnectionBinding.ofSpec(spec.getConnectionRef(), vis.getMetadata().getNamespace());
      ConnectionBinding.requireUnchanged(vis.getStatus(), connectionId);
      var specText = VegaSpecResolver.resolve(spec, chartFile(vis, context));
      var desired = VisualizationMapper.toSavedObject(vis, specText);
      var connection = resolve(vis, context);
      var api = connection.client().savedObjects();

      var previous = vis.getStatus();
      boolean owned =
          previous != null && id.equals(previous.getId()) && space.equals(previous.getSpace());
      if (previous != null && previous.getId() != null && !owned) {
        var orphan = spec.deletionPolicyOrDefault() == DeletionPolicy.Orphan;
        if (orphan && id.equals(previous.getId())) {
          // Kibana keeps a visualization id in one space only: the new one could never be written.
          throw new OperatorException(
              Reason.INVALID_SPEC,
              "cannot move visualization \"%s\" from space \"%s\" to \"%s\" with deletionPolicy:"
                  .formatted(id, previous.getSpace(), space)
                  + " Orphan: Kibana keeps an id in one space only; use deletionPolicy: Delete,"
                  + " or delete the old object in Kibana first");
        }
        support.removeRenamed(
            vis,
            SavedObjectTarget.describe(TYPE, previous.getId(), previous.getSpace()),
            spec.deletionPolicyOrDefault(),
            () -> {
              if (api.get(previous.getSpace(), TYPE, previous.getId()).isEmpty()) {
                return false;
              }
              api.delete(previous.getSpace(), TYPE, previous.getId());
              return true;
            });
      }
      var hash = DesiredStateHash.ofSavedObject(desired);
      boolean specChanged = previous == null || !hash.equals(previous.getLastAppliedHash());
      var target =
          new SavedObjectTarget(
              api, space, desired, support.recentEnough(previous, owned, specChanged, resync));
      var result =
          ObjectSync.sync(
              target,
              support.ownership(vis, owned, context, KibanaVisualizationStatus::new),
              specChanged,
              spec.adoptOrDefault());
      EventAnnouncer.announce(support.events(), vis, target.describe(), result);

      var status = new KibanaVisualizationStatus();
      status.setId(id);
      status.setSpace(space);
      status.setConnection(ConnectionBinding.key(connectionId));
      status.setUrl(VisualizationMapper.kibanaUrl(connection.url(), space, id));
      status.setLastAppliedHash(hash);
      status.setLastSyncTime(
          result.wrote() || previous == null
              ? Conditions.timestamp(support.clock().instant())
              : previous.getLastSyncTime());
      return support.ready(
          vis, status, Reason.SYNCED, target.describe() + " is in sync", resync, context);
    }
  }

  @Override
  public ErrorStatusUpdateControl<KibanaVisualization> updateErrorStatus(
      KibanaVisualization vis, Context<KibanaVisualization> context, Exception e) {
    try (var ignored = support.logContext(vis)) {
      return support.failed(
          vis,
          e,
          support.resyncPeriodOrDefault(vis.getSpec().getResyncPeriod()),
          KibanaVisualizationStatus::new);
    }
  }

  @Override
  public DeleteControl cleanup(KibanaVisualization vis, Context<KibanaVisualization> context) {
    try (var ignored = support.logContext(vis)) {
      var status = vis.getStatus();
      var written = status != null && status.getId() != null;
      return support.cleanup(
          vis,
          written ? SavedObjectTarget.describe(TYPE, status.getId(), status.getSpace()) : null,
          vis.getSpec().deletionPolicyOrDefault(),
          () ->
              connections
                  .resolveRecorded(
                      vis,
                      status,
                      vis.getSpec().getConnectionRef(),
                      context,
                      ConnectionPolicy.Use.SAVED_OBJECTS)
                  .client()
                  .savedObjects()
                  .delete(status.getSpace(), TYPE, status.getId()),
          support.resyncPeriodOrDefault(vis.getSpec().getResyncPeriod()),
          KibanaVisualizationStatus::new);
    }
  }

  private ResolvedConnection resolve(
      KibanaVisualization vis, Context<KibanaVisualization> context) {
    return connections.resolve(
        vis,
        vis.getSpec().getConnectionRef(),
        context.getSecondaryResource(KibanaConnection.class),
        ConnectionPolicy.Use.SAVED_OBJECTS);
  }

  /** The chart file named by specFrom, from the informer cache; null when specFrom is not used. */
  private String chartFile(KibanaVisualization vis, Context<KibanaVisualization> context) {
    VegaSpecResolver.requireOneSource(vis.getSpec());
    var specFrom = vis.getSpec().getSpecFrom();
    if (specFrom == null || specFrom.getConfigMapKeyRef() == null) {
      return null;
    }
    var ref = specFrom.getConfigMapKeyRef();
    var namespace = vis.getMetadata().getNamespace();
    var configMap =
        context
            .getSecondaryResource(ConfigMap.class)
            .orElseThrow(
                () ->
                    new OperatorException(
                        Reason.SPEC_SOURCE_NOT_FOUND,
                        "ConfigMap %s/%s not found".formatted(namespace, ref.getName())));
    var text = configMap.getData() == null ? null : configMap.getData().get(ref.getKey());
    if (text == null) {
      throw new OperatorException(
          Reason.SPEC_SOURCE_NOT_FOUND,
          "ConfigMap %s/%s has no key %s".formatted(namespace, ref.getName(), ref.getKey()));
    }
    return text;
  }

  private static java.util.Optional<ResourceID> configMapId(KibanaVisualization vis) {
    var specFrom = vis.getSpec() == null ? null : vis.getSpec().getSpecFrom();
    if (specFrom == null || specFrom.getConfigMapKeyRef() == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new ResourceID(specFrom.getConfigMapKeyRef().getName(), vis.getMetadata().getNamespace()));
  }
}

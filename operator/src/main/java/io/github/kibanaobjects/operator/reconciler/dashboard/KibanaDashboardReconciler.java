package io.github.kibanaobjects.operator.reconciler.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.mapping.DashboardMapper;
import io.github.kibanaobjects.operator.mapping.DashboardPanels;
import io.github.kibanaobjects.operator.mapping.PanelWriter;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.reconciler.InformerStores;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectReconciler;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.SavedObjectReconciler;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionBinding;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps one dashboard saved object in Kibana equal to a KibanaDashboard. Its panels' visualizations
 * come from the KibanaVisualizations of the namespace (their status says where Kibana has them);
 * the mapping and the diff are pure ({@code mapping}); the shared steps are {@link
 * KibanaObjectReconciler}'s.
 */
@ControllerConfiguration(name = KibanaDashboardReconciler.NAME)
public class KibanaDashboardReconciler
    extends SavedObjectReconciler<KibanaDashboard, KibanaDashboardSpec, KibanaDashboardStatus> {
  public static final String NAME = "kibanadashboard";
  static final String TYPE = DashboardMapper.TYPE;
  private static final String VISUALIZATION_INDEX = "by-panel-visualization";

  public KibanaDashboardReconciler(ConnectionResolver connections, ReconcileSupport support) {
    super(connections, support, KibanaDashboardStatus::new);
  }

  /**
   * A KibanaVisualization that a panel names re-reconciles the dashboard when it appears, goes,
   * becomes Ready or not, or moves to another id or space; its other status writes (a resync's sync
   * time) do not.
   */
  @Override
  protected List<EventSource<?, KibanaDashboard>> moreEventSources(
      EventSourceContext<KibanaDashboard> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            VISUALIZATION_INDEX,
            dashboard -> visualizationIds(dashboard).stream().map(IndexKeys::of).toList());
    var visualizations =
        InformerEventSourceConfiguration.from(KibanaVisualization.class, KibanaDashboard.class)
            .withPrimaryToSecondaryMapper(
                (PrimaryToSecondaryMapper<KibanaDashboard>)
                    KibanaDashboardReconciler::visualizationIds)
            .withSecondaryToPrimaryMapper(
                vis ->
                    context
                        .getPrimaryCache()
                        .byIndex(VISUALIZATION_INDEX, IndexKeys.of(ResourceID.fromResource(vis)))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (newVis, oldVis) -> !Objects.equals(placement(newVis), placement(oldVis)))
            .withNamespacesInheritedFromController()
            .withItemStore(InformerStores.forSourceOf(context, ChartlessVisualizationStore::new))
            .build();
    return List.of(new InformerEventSource<>(visualizations, context));
  }

  @Override
  protected KibanaObjectRef objectRef(KibanaDashboard dashboard, KibanaDashboardSpec spec) {
    return new KibanaObjectRef(
        TYPE, spec.idOr(dashboard.getMetadata().getName()), spec.spaceOrDefault());
  }

  /** The dashboard's space must exist (KibanaObjectReconciler checks it before writing). */
  @Override
  protected Collection<String> spacesNamed(KibanaDashboard dashboard) {
    return List.of(dashboard.getSpec().spaceOrDefault());
  }

  @Override
  protected KibanaObjectRef recorded(KibanaDashboardStatus status) {
    return status.getId() == null
        ? null
        : new KibanaObjectRef(TYPE, status.getId(), status.getSpace());
  }

  @Override
  protected void record(
      KibanaDashboardStatus status, KibanaObjectRef object, ResolvedConnection connection) {
    status.setId(object.id());
    status.setSpace(object.space());
    status.setUrl(DashboardMapper.kibanaUrl(connection.url(), object.space(), object.id()));
  }

  @Override
  protected ObjectNode desired(
      KibanaDashboard dashboard,
      KibanaDashboardSpec spec,
      KibanaObjectRef object,
      Context<KibanaDashboard> context) {
    var connection =
        ConnectionBinding.key(
            ConnectionBinding.ofSpec(
                spec.getConnectionRef(), dashboard.getMetadata().getNamespace()));
    var panels =
        VisualizationPanels.resolve(
            spec, connection, context.getSecondaryResources(KibanaVisualization.class));
    return DashboardMapper.toSavedObject(object.id(), spec, panels, PanelWriter.BY_REFERENCE);
  }

  /** The KibanaVisualizations the dashboard's panels name, in its namespace. */
  private static Set<ResourceID> visualizationIds(KibanaDashboard dashboard) {
    if (dashboard.getSpec() == null) {
      return Set.of();
    }
    var namespace = dashboard.getMetadata().getNamespace();
    return DashboardPanels.visualizationNames(dashboard.getSpec()).stream()
        .map(name -> new ResourceID(name, namespace))
        .collect(Collectors.toSet());
  }

  /** What a dashboard reads of a visualization: Ready or not, its id, space and connection. */
  private static List<Object> placement(KibanaVisualization vis) {
    var status = vis.getStatus();
    return status == null
        ? List.of()
        : List.of(
            Conditions.isReady(status),
            Objects.toString(status.getId()),
            Objects.toString(status.getSpace()),
            Objects.toString(status.getConnection()));
  }
}

package io.github.kibanaobjects.operator.reconciler.visualization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import io.github.kibanaobjects.operator.mapping.VisualizationMapper;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.reconciler.InformerStores;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectReconciler;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ManagedFieldsFreeStore;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.SavedObjectReconciler;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.operator.validation.ChartValidationException;
import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps one Vega visualization saved object in Kibana equal to a KibanaVisualization. The mapping
 * and the diff are pure ({@code mapping}); the shared steps are {@link KibanaObjectReconciler}'s.
 */
@ControllerConfiguration(name = KibanaVisualizationReconciler.NAME)
public class KibanaVisualizationReconciler
    extends SavedObjectReconciler<
        KibanaVisualization, KibanaVisualizationSpec, KibanaVisualizationStatus> {
  public static final String NAME = "kibanavisualization";
  static final String TYPE = "visualization";
  private static final String CONFIG_MAP_INDEX = "by-spec-configmap";

  private final ChartValidations validations;

  public KibanaVisualizationReconciler(ConnectionResolver connections, ReconcileSupport support) {
    this(connections, support, ChartValidations.shared());
  }

  public KibanaVisualizationReconciler(
      ConnectionResolver connections, ReconcileSupport support, ChartValidations validations) {
    super(connections, support, KibanaVisualizationStatus::new);
    this.validations = validations;
  }

  @Override
  protected List<EventSource<?, KibanaVisualization>> moreEventSources(
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
            .withItemStore(InformerStores.forSourceOf(context, ManagedFieldsFreeStore::new))
            .build();
    return List.of(new InformerEventSource<>(configMaps, context));
  }

  @Override
  protected KibanaObjectRef objectRef(KibanaVisualization vis, KibanaVisualizationSpec spec) {
    return new KibanaObjectRef(TYPE, spec.idOr(vis.getMetadata().getName()), spec.spaceOrDefault());
  }

  @Override
  protected Collection<String> spacesNamed(KibanaVisualization vis) {
    return List.of(vis.getSpec().spaceOrDefault());
  }

  @Override
  protected KibanaObjectRef recorded(KibanaVisualizationStatus status) {
    return status.getId() == null
        ? null
        : new KibanaObjectRef(TYPE, status.getId(), status.getSpace());
  }

  @Override
  protected void record(
      KibanaVisualizationStatus status, KibanaObjectRef object, ResolvedConnection connection) {
    status.setId(object.id());
    status.setSpace(object.space());
    status.setUrl(VisualizationMapper.kibanaUrl(connection.url(), object.space(), object.id()));
  }

  @Override
  protected ObjectNode desired(
      KibanaVisualization vis,
      KibanaVisualizationSpec spec,
      KibanaObjectRef object,
      Context<KibanaVisualization> context) {
    return VisualizationMapper.toSavedObject(vis, chart(vis, spec, context).text());
  }

  /**
   * Before anything is written, the chart is run by the real vega and vega-lite libraries of the
   * connection's Kibana (see {@link ChartValidations}); unless the status says this very chart (and
   * library major) passed already. {@code Validated=True} and {@code status.validatedHash} record
   * the pass; a refusal is {@code InvalidSpec} with the libraries' message, and nothing is written.
   */
  @Override
  protected void check(
      KibanaVisualization vis,
      KibanaVisualizationSpec spec,
      KibanaClient client,
      KibanaVisualizationStatus status,
      Context<KibanaVisualization> context) {
    var chart = chart(vis, spec, context);
    var libraries = VegaLibraries.forKibana(client.capabilities());
    var key = ChartValidations.keyOf(chart, libraries);
    var previous = vis.getStatus();
    var message =
        Optional.ofNullable(previous)
            .filter(p -> key.equals(p.getValidatedHash()))
            .flatMap(p -> Conditions.find(p.getConditions(), Conditions.VALIDATED))
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .map(Condition::getMessage)
            .orElseGet(
                () -> {
                  var result = validations.check(chart, libraries);
                  if (!result.valid()) {
                    throw new ChartValidationException(result.message());
                  }
                  return result.message();
                });
    status.setValidatedHash(key);
    status.setConditions(
        List.of(
            Conditions.condition(
                Conditions.VALIDATED,
                Conditions.TRUE,
                Reason.VALIDATED,
                message,
                vis.getMetadata().getGeneration(),
                support.clock().instant())));
  }

  /**
   * A chart that did not parse or that the libraries refused: {@code Validated=False}. Any other
   * failure of a generation with no recorded verdict: {@code Validated=Unknown}, so an older
   * generation's pass does not read as this one's (a pass of this attempt is not recorded when the
   * write after it failed; the next attempt finds it in the check cache).
   */
  @Override
  protected void amendFailure(
      KibanaVisualization vis, KibanaVisualizationStatus status, Exception error) {
    var generation = vis.getMetadata().getGeneration();
    if (error instanceof ChartValidationException refused) {
      setValidated(vis, status, Conditions.FALSE, Reason.INVALID_SPEC, refused.getMessage());
    } else if (Conditions.find(status.getConditions(), Conditions.VALIDATED)
        .filter(c -> !Objects.equals(c.getObservedGeneration(), generation))
        .isPresent()) {
      setValidated(
          vis,
          status,
          Conditions.UNKNOWN,
          Reason.VALIDATION_PENDING,
          "no verdict recorded for generation %d: the reconcile failed (%s)"
              .formatted(generation, error.getMessage()));
    }
  }

  /** A verdict other than a pass: no hash, since nothing was validated. */
  private void setValidated(
      KibanaVisualization vis,
      KibanaVisualizationStatus status,
      String value,
      Reason reason,
      String message) {
    status.setValidatedHash(null);
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.condition(
                Conditions.VALIDATED,
                value,
                reason,
                message,
                vis.getMetadata().getGeneration(),
                support.clock().instant())));
  }

  /** The chart resolved from the spec; a chart that cannot be read is a refused chart. */
  private VegaSpecResolver.Chart chart(
      KibanaVisualization vis, KibanaVisualizationSpec spec, Context<KibanaVisualization> context) {
    var file = chartFile(vis, context);
    try {
      return VegaSpecResolver.resolveChart(spec, file);
    } catch (OperatorException e) {
      if (e.reason() != Reason.INVALID_SPEC || e instanceof ChartValidationException) {
        throw e;
      }
      throw new ChartValidationException(e.getMessage());
    }
  }

  /**
   * Kibana keeps a visualization id in one space only: with Orphan, the new one could never be
   * written.
   */
  @Override
  protected void checkMove(KibanaVisualizationSpec spec, KibanaObjectRef from, KibanaObjectRef to) {
    if (spec.deletionPolicyOrDefault() == DeletionPolicy.Orphan && to.id().equals(from.id())) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "cannot move visualization \"%s\" from space \"%s\" to \"%s\" with deletionPolicy:"
                  .formatted(to.id(), from.space(), to.space())
              + " Orphan: Kibana keeps an id in one space only; use deletionPolicy: Delete,"
              + " or delete the old object in Kibana first");
    }
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

  private static Optional<ResourceID> configMapId(KibanaVisualization vis) {
    var specFrom = vis.getSpec() == null ? null : vis.getSpec().getSpecFrom();
    if (specFrom == null || specFrom.getConfigMapKeyRef() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourceID(specFrom.getConfigMapKeyRef().getName(), vis.getMetadata().getNamespace()));
  }
}

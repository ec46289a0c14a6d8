package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionStatus;
import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.reconciler.Pause;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that a KibanaConnection's URL answers and its credentials authenticate ({@code GET
 * /api/status}), and records Kibana's version. A change to one of its Secrets re-runs the check.
 */
@ControllerConfiguration(name = KibanaConnectionReconciler.NAME)
public class KibanaConnectionReconciler implements Reconciler<KibanaConnection> {
  public static final String NAME = "kibanaconnection";
  private static final String SECRET_INDEX = "kibanaconnection-secrets";

  private final ConnectionResolver resolver;
  private final ReconcileSupport support;

  public KibanaConnectionReconciler(ConnectionResolver resolver, ReconcileSupport support) {
    this.resolver = resolver;
    this.support = support;
  }

  @Override
  public List<EventSource<?, KibanaConnection>> prepareEventSources(
      EventSourceContext<KibanaConnection> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            SECRET_INDEX,
            connection ->
                ConnectionResolver.secretNames(connection).stream()
                    .map(
                        name ->
                            IndexKeys.of(
                                new ResourceID(name, connection.getMetadata().getNamespace())))
                    .toList());
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, KibanaConnection.class)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(SECRET_INDEX, IndexKeys.of(ResourceID.fromResource(secret)))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withNamespacesInheritedFromController()
            .withItemStore(new SecretMetadataStore())
            .build();
    return List.of(new InformerEventSource<>(secrets, context));
  }

  @Override
  public UpdateControl<KibanaConnection> reconcile(
      KibanaConnection connection, Context<KibanaConnection> context) {
    try (var ignored = support.logContext(connection)) {
      if (Pause.isPaused(connection)) {
        return support.paused(connection, KibanaConnectionStatus::new, context);
      }
      support.readableSpec(connection);
      var resync = support.resyncPeriod(null);
      var revision = revision(connection, context);
      var kibana = resolver.clientFor(connection, revision).status().status();
      var status = new KibanaConnectionStatus();
      status.setKibanaVersion(kibana.version());
      status.setKibanaFlavor(KibanaCapabilities.of(kibana).flavor());
      status.setCredentialsRevision(revision);
      status.setLastCheckTime(checkTime(connection, kibana.version(), revision));
      var message =
          "Kibana %s%s answered at %s"
              .formatted(
                  kibana.version(),
                  kibana.serverless() ? " (serverless)" : "",
                  connection.getSpec().getUrl());
      if (!Conditions.isReady(connection.getStatus())) {
        support.events().normal(connection, Reason.CONNECTED.value(), message);
      }
      return support.ready(connection, status, Reason.CONNECTED, message, resync, context);
    }
  }

  @Override
  public ErrorStatusUpdateControl<KibanaConnection> updateErrorStatus(
      KibanaConnection connection, Context<KibanaConnection> context, Exception e) {
    try (var ignored = support.logContext(connection)) {
      var revision = safeRevision(connection, context);
      // The revision moves on failure too, so dependents notice when the Secret is fixed.
      return support.failed(
          connection,
          e,
          support.resyncPeriod(null),
          KibanaConnectionStatus::new,
          status -> {
            if (revision != null) {
              status.setCredentialsRevision(revision);
            }
          },
          context);
    }
  }

  /**
   * The last check time moves only when the check's outcome changed: a periodic check that finds
   * everything as before writes no status, so it wakes no dependent resource.
   */
  private String checkTime(KibanaConnection connection, String version, String revision) {
    var previous = connection.getStatus();
    if (previous != null
        && Conditions.isReady(previous)
        && version.equals(previous.getKibanaVersion())
        && previous.getKibanaFlavor() != null
        && revision.equals(previous.getCredentialsRevision())
        && previous.getLastCheckTime() != null) {
      return previous.getLastCheckTime();
    }
    return Conditions.timestamp(support.clock().instant());
  }

  /**
   * The revision of the connection's Secrets from the Secret informer's cache (resourceVersions
   * only, see {@link SecretMetadataStore}): a periodic check reads no Secret from the API.
   */
  @SuppressWarnings("unchecked")
  private static String revision(KibanaConnection connection, Context<KibanaConnection> context) {
    var secrets =
        (InformerEventSource<Secret, KibanaConnection>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class);
    var namespace = connection.getMetadata().getNamespace();
    return ConnectionResolver.credentialsRevision(
        connection,
        name ->
            secrets
                .get(new ResourceID(name, namespace))
                .map(s -> s.getMetadata().getResourceVersion())
                .orElse(null));
  }

  private static String safeRevision(
      KibanaConnection connection, Context<KibanaConnection> context) {
    try {
      return revision(connection, context);
    } catch (RuntimeException e) {
      return null;
    }
  }
}

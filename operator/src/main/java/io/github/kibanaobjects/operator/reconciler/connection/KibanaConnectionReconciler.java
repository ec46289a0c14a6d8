package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionStatus;
import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.reconciler.Pause;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.Reason;
import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a KibanaConnection's URL answers and its credentials authenticate ({@code GET
 * /api/status}), and records Kibana's version. A change to one of its Secrets re-runs the check.
 *
 * <p>Secrets are not watched: a watch needs {@code list} and {@code watch} on every Secret of the
 * cluster. Each connection's own Secrets are read by name every {@code secretPollPeriod} instead,
 * and only their resourceVersions are compared ({@link ConnectionResolver#credentialsRevision}).
 *
 * <p>A connection is kept (by the operator's finalizer) while resources that use it still exist, so
 * that they can remove their Kibana objects through it: {@code kubectl delete namespace} deletes
 * the connection, its Secret and its users at once. Its Secrets are kept the same way ({@link
 * SecretHolds}), so the clean-up can read them after an operator restart too.
 */
@ControllerConfiguration(name = KibanaConnectionReconciler.NAME)
public class KibanaConnectionReconciler
    implements Reconciler<KibanaConnection>, Cleaner<KibanaConnection> {
  public static final String NAME = "kibanaconnection";
  private static final Logger log = LoggerFactory.getLogger(KibanaConnectionReconciler.class);

  /** How often a connection being deleted looks again whether its users are gone. */
  static final Duration USERS_RECHECK = Duration.ofSeconds(2);

  /** Event reason when a connection trusts any certificate. */
  public static final String INSECURE_SKIP_VERIFY = "InsecureSkipVerify";

  static final String INSECURE_MESSAGE =
      "TLS certificate verification is off (spec.tls.insecureSkipVerify: true): anyone between"
          + " the operator and Kibana can read the credentials and change what is written; trust"
          + " Kibana's CA with spec.tls.caSecretRef instead";

  private final ConnectionResolver resolver;
  private final ReconcileSupport support;
  private final Duration secretPollPeriod;

  public KibanaConnectionReconciler(
      ConnectionResolver resolver, ReconcileSupport support, Duration secretPollPeriod) {
    this.resolver = resolver;
    this.support = support;
    this.secretPollPeriod = secretPollPeriod;
  }

  @Override
  public List<EventSource<?, KibanaConnection>> prepareEventSources(
      EventSourceContext<KibanaConnection> context) {
    var config =
        new PerResourcePollingConfigurationBuilder<String, KibanaConnection, String>(
                connection -> Set.of(resolver.credentialsRevision(connection)), secretPollPeriod)
            .withName("kibanaconnection-secrets")
            .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
            .build();
    return List.of(new PerResourcePollingEventSource<>(String.class, context, config));
  }

  @Override
  public DeleteControl cleanup(KibanaConnection connection, Context<KibanaConnection> context) {
    try (var ignored = support.logContext(connection)) {
      var users =
          ConnectionUsers.of(
              context.getClient(),
              connection,
              context.getControllerConfiguration().getEffectiveNamespaces());
      if (!users.isEmpty()) {
        log.info(
            "kept until {} resource(s) that use it are deleted: {}",
            users.size(),
            String.join(", ", users.subList(0, Math.min(users.size(), 5))));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(USERS_RECHECK);
      }
      try {
        SecretHolds.releaseUnneeded(resolver.secrets(), connection, context);
      } catch (RuntimeException e) {
        // JOSDK's own retry of a clean-up gives up, which would leave both finalizers stuck
        log.warn("its Secrets are not let go yet, trying again: {}", e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(USERS_RECHECK);
      }
      resolver.secrets().forget(connection);
      return DeleteControl.defaultDelete();
    }
  }

  @Override
  public UpdateControl<KibanaConnection> reconcile(
      KibanaConnection connection, Context<KibanaConnection> context) {
    try (var ignored = support.logContext(connection)) {
      // Before anything else, paused or not: a namespace deleted from now on keeps the Secrets.
      boolean held = false;
      try {
        held = SecretHolds.hold(resolver.secrets(), connection);
        SecretHolds.releaseUnneeded(resolver.secrets(), connection, context);
      } catch (KubernetesClientException e) {
        // a safety net for deletion only (e.g. an older ClusterRole without patch on secrets):
        // the connection keeps working, and the next reconcile tries again
        log.warn("the finalizer on its Secrets was not updated: {}", e.getMessage());
      }
      if (Pause.isPaused(connection)) {
        return support.paused(connection, KibanaConnectionStatus::new, context);
      }
      support.started(connection, KibanaConnectionStatus::new, context);
      support.readableSpec(connection);
      var resync = support.resyncPeriod(null);
      // a Secret just patched has a new resourceVersion: read now, not the last poll's revision
      var revision =
          held ? resolver.credentialsRevision(connection) : revision(connection, context);
      var client = resolver.clientFor(connection, revision);
      Optional.ofNullable(connection.getStatus())
          .filter(recorded -> recorded.getKibanaVersion() != null)
          .ifPresent(
              recorded ->
                  warmChartLibraries(
                      KibanaCapabilities.recorded(
                          recorded.getKibanaVersion(), recorded.getKibanaFlavor())));
      var kibana = client.status().status();
      var status = new KibanaConnectionStatus();
      status.setKibanaVersion(kibana.version());
      status.setKibanaFlavor(KibanaCapabilities.of(kibana).flavor());
      warmChartLibraries(KibanaCapabilities.of(kibana));
      status.setCredentialsRevision(revision);
      status.setLastCheckTime(checkTime(connection, kibana.version(), revision));
      var warnings = warnings(connection);
      status.setWarnings(warnings.isEmpty() ? null : warnings);
      var message =
          "Kibana %s%s answered at %s"
                  .formatted(
                      kibana.version(),
                      kibana.serverless() ? " (serverless)" : "",
                      client.endpoint().url())
              + warnings.stream().map(w -> "; warning: " + w).collect(Collectors.joining());
      if (!Conditions.isReady(connection.getStatus())) {
        support.events().normal(connection, Reason.CONNECTED.value(), message);
      }
      // once, when a warning appears (not at every check)
      var known = connection.getStatus() == null ? null : connection.getStatus().getWarnings();
      warnings.stream()
          .filter(w -> known == null || !known.contains(w))
          .forEach(w -> support.events().warning(connection, INSECURE_SKIP_VERIFY, w));
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

  /** What works but is unsafe in the connection's settings; said in the status and an event. */
  static List<String> warnings(KibanaConnection connection) {
    var tls = connection.getSpec().getTls();
    if (tls != null && tls.insecureSkipVerifyOrDefault()) {
      return List.of(INSECURE_MESSAGE);
    }
    return List.of();
  }

  /**
   * The last check time moves only when the check's outcome changed: a periodic check that finds
   * everything as before writes no status, so it wakes no dependent resource.
   */
  /**
   * Loading the chart libraries takes seconds: started before the first chart needs them, off the
   * reconcile threads, and only for the majors of Kibanas in use (the one recorded last time first,
   * so a restart need not wait for Kibana to answer). A failure here is the charts' to report, not
   * the connection's.
   */
  private static void warmChartLibraries(KibanaCapabilities kibana) {
    try {
      ChartValidations.shared().warmUpAsync(VegaLibraries.forKibana(kibana));
    } catch (RuntimeException | LinkageError e) {
      log.warn("the chart libraries for Kibana {} did not start loading: {}", kibana, e.toString());
    }
  }

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
   * The revision of the connection's Secrets as their latest periodic named read found it (the
   * polling event source's value): a check reads no Secret unless none was polled yet.
   */
  private String revision(KibanaConnection connection, Context<KibanaConnection> context) {
    return context
        .getSecondaryResource(String.class)
        .orElseGet(() -> resolver.credentialsRevision(connection));
  }

  private String safeRevision(KibanaConnection connection, Context<KibanaConnection> context) {
    try {
      return revision(connection, context);
    } catch (RuntimeException e) {
      return null;
    }
  }
}

package io.github.kibanaobjects.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every reconciler does the same way around its own logic: the Ready condition, writing status
 * only when it changed, events on transitions, logging with the resource in the MDC, and when to
 * come back (resync or backoff).
 */
public final class ReconcileSupport {
  private static final Logger log = LoggerFactory.getLogger(ReconcileSupport.class);
  private static final ObjectMapper STATUS_COPIER = new ObjectMapper();

  /** The shortest resync period a resource may ask for. */
  public static final Duration MIN_RESYNC = OperatorConfig.MIN_RESYNC;

  private final EventRecorder events;
  private final RetrySchedule retries;
  private final Duration defaultResync;
  private final Clock clock;
  private final StatusWriter writer;
  private final OperatorMetrics metrics;

  /**
   * Writes a resource's status to Kubernetes; every status the operator writes goes through {@link
   * #writeStatus}, which calls this. The operator's writer patches the status subresource and keeps
   * the result in JOSDK's cache (see {@link #CACHED}); a test may record instead.
   */
  @FunctionalInterface
  public interface StatusWriter {
    /** Writes {@code status} to {@code resource} and returns the resource as stored. */
    <P extends CustomResource<?, S>, S extends ResourceStatus> P write(
        P resource, S status, Context<P> context);
  }

  /**
   * The status patched and kept in JOSDK's cache until the informer catches up: JOSDK does not
   * cache its own status patch, and a reconcile that follows at once (an event arrived meanwhile)
   * would read the old status from the informer and, for instance, take the object just written for
   * someone else's. Resource versions are compared (see {@code KibanaObjectsOperator}), so a late
   * event for an older version does not bring the old status back.
   */
  public static final StatusWriter CACHED =
      new StatusWriter() {
        @Override
        public <P extends CustomResource<?, S>, S extends ResourceStatus> P write(
            P resource, S status, Context<P> context) {
          return PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
              resource,
              context,
              current -> {
                current.setStatus(status);
                return current;
              });
        }
      };

  public ReconcileSupport(
      EventRecorder events, RetrySchedule retries, Duration defaultResync, Clock clock) {
    this(events, retries, defaultResync, clock, CACHED);
  }

  public ReconcileSupport(
      EventRecorder events,
      RetrySchedule retries,
      Duration defaultResync,
      Clock clock,
      StatusWriter writer) {
    this(events, retries, defaultResync, clock, writer, OperatorMetrics.none());
  }

  /** As above, counting reconciles, failures and drift corrections in {@code metrics}. */
  public ReconcileSupport(
      EventRecorder events,
      RetrySchedule retries,
      Duration defaultResync,
      Clock clock,
      StatusWriter writer,
      OperatorMetrics metrics) {
    this.metrics = metrics;
    this.writer = writer;
    this.events = events;
    this.retries = retries;
    this.defaultResync = defaultResync;
    this.clock = clock;
  }

  public EventRecorder events() {
    return events;
  }

  public Clock clock() {
    return clock;
  }

  /** The operator's meters (validation time and batch sizes are recorded through this too). */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /**
   * The first look at a resource that has no status yet: {@code Ready=Unknown} and {@code
   * Reconciling=True} for this generation, written at once, so kstatus (which takes a resource
   * without conditions for done) and Argo CD see work in progress until the outcome is written.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> void started(
      P resource, Supplier<S> emptyStatus, Context<P> context) {
    if (resource.getStatus() != null) {
      return;
    }
    var next = emptyStatus.get();
    Conditions.setReady(
        next,
        null,
        Conditions.readyUnknown(
            Reason.RECONCILING,
            "the operator has started on this resource",
            resource.getMetadata().getGeneration(),
            clock.instant()),
        Conditions.Progress.RECONCILING);
    ReconcileRequest.answer(resource, null, next);
    writeStatus(resource, next, context);
  }

  /**
   * The resource's spec, when the operator could read all of it. Anything it could not (an unknown
   * field or enum value, a number out of range, a value of the wrong type: see {@code
   * LenientSpecDeserializer}) is {@code InvalidSpec} naming each field, before anything reaches
   * Kibana: a resource the operator misread must not write what it did not mean.
   */
  public <S extends ResourceSpec> S readableSpec(CustomResource<S, ?> resource) {
    var problems = problemsOf(resource);
    if (!problems.isEmpty()) {
      throw new OperatorException(Reason.INVALID_SPEC, String.join("; ", problems));
    }
    return resource.getSpec();
  }

  private static List<String> problemsOf(CustomResource<?, ?> resource) {
    if (resource.getSpec() == null) {
      return List.of("spec: missing");
    }
    return resource.getSpec() instanceof ResourceSpec spec ? spec.problems() : List.of();
  }

  /** The resource's own resync period, or the operator's default. */
  public Duration resyncPeriod(String specValue) {
    if (specValue == null || specValue.isBlank()) {
      return defaultResync;
    }
    try {
      return Durations.parseWithin(
          "spec.resyncPeriod", specValue, OperatorConfig.MIN_RESYNC, OperatorConfig.MAX_RESYNC);
    } catch (IllegalArgumentException e) {
      throw new OperatorException(Reason.INVALID_SPEC, e.getMessage());
    }
  }

  /** As {@link #resyncPeriod}, but an invalid value gives the default (for failure paths). */
  public Duration resyncPeriodOrDefault(String specValue) {
    try {
      return resyncPeriod(specValue);
    } catch (OperatorException e) {
      return defaultResync;
    }
  }

  /** Puts kind, namespace and name into every log line of this reconcile. */
  public LogContext logContext(CustomResource<?, ?> resource) {
    return new LogContext(resource);
  }

  /**
   * Success: {@code Ready=True} on the new status, written (by {@link #writeStatus}) only when it
   * differs from the stored one, and the next look at Kibana after the resync period.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<P> ready(
      P resource, S status, Reason reason, String message, Duration resync, Context<P> context) {
    retries.onSuccess(key(resource));
    var generation = resource.getMetadata().getGeneration();
    Conditions.setReady(
        status,
        resource.getStatus(),
        Conditions.ready(true, reason, message, generation, clock.instant()));
    var wasNotReady =
        resource.getStatus() != null
            && Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
                .filter(c -> Conditions.FALSE.equals(c.getStatus()))
                .isPresent();
    if (wasNotReady) {
      log.info("ready again: {}", message);
    }
    ReconcileRequest.answer(resource, resource.getStatus(), status);
    writeStatus(resource, status, context);
    metrics.reconciled(resource.getKind(), "success");
    return UpdateControl.<P>noUpdate().rescheduleAfter(resync);
  }

  /**
   * Paused ({@link Pause}): {@code Ready=False} with reason {@code Paused} on a copy of the stored
   * status (what it says about Kibana stays as it was), an event when the pause begins, and no next
   * look until the annotation changes.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<P> paused(
      P resource, Supplier<S> emptyStatus, Context<P> context) {
    retries.forget(key(resource));
    var previous = resource.getStatus();
    S next = previous == null ? emptyStatus.get() : copy(previous);
    Conditions.setReady(
        next,
        previous,
        Conditions.ready(
            false,
            Reason.PAUSED,
            Pause.MESSAGE,
            resource.getMetadata().getGeneration(),
            clock.instant()));
    var wasPaused =
        previous != null
            && Conditions.find(previous.getConditions(), Conditions.READY)
                .filter(c -> Reason.PAUSED.value().equals(c.getReason()))
                .isPresent();
    if (!wasPaused) {
      events.normal(resource, Reason.PAUSED.value(), Pause.MESSAGE);
      log.info("paused");
    }
    ReconcileRequest.answer(resource, previous, next);
    writeStatus(resource, next, context);
    metrics.reconciled(resource.getKind(), "paused");
    return UpdateControl.noUpdate();
  }

  /**
   * The one path every status takes to Kubernetes (success, failure, the create record, a failed
   * deletion): written only when it differs from the stored one, and cached (see {@link #CACHED}),
   * so the next reconcile reads it. The resource in hand then carries the written status and
   * resource version, so a later write in the same reconcile builds on it.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> void writeStatus(
      P resource, S status, Context<P> context) {
    if (!Conditions.differ(resource.getStatus(), status)) {
      return;
    }
    var updated = writer.write(resource, status, context);
    resource.setStatus(updated.getStatus());
    resource.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
  }

  /**
   * What the status says the resource owns, with the write-ahead record of a first create: it is
   * written (and cached, as in {@link #ready}) to the resource in hand, so the status written at
   * the end of the reconcile clears it again.
   *
   * @param owned whether the status names the object as written by this resource
   */
  public <P extends CustomResource<?, S>, S extends SyncStatus> ObjectSync.Ownership ownership(
      P resource, boolean owned, Context<P> context, Supplier<S> emptyStatus) {
    var previous = resource.getStatus();
    return new ObjectSync.Ownership(
        owned,
        previous == null ? null : previous.getCreating(),
        key -> {
          var stored = resource.getStatus();
          if (Objects.equals(key, stored == null ? null : stored.getCreating())) {
            return;
          }
          S next = stored == null ? emptyStatus.get() : copy(stored);
          next.setCreating(key);
          writeStatus(resource, next, context);
        });
  }

  /**
   * Failure: {@code Ready=False} with the failure's reason and message on a copy of the stored
   * status (what Kibana holds has not changed), written by {@link #writeStatus} like any other
   * status, a Warning event when the reason or message is new, and the next attempt per {@link
   * RetrySchedule}. JOSDK's own retry and status patch are not used.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus>
      ErrorStatusUpdateControl<P> failed(
          P resource,
          Exception error,
          Duration resync,
          Supplier<S> emptyStatus,
          Context<P> context) {
    return failed(resource, error, resync, emptyStatus, status -> {}, context);
  }

  /** As above, with a kind-specific amendment to the failure status before it is compared. */
  public <P extends CustomResource<?, S>, S extends ResourceStatus>
      ErrorStatusUpdateControl<P> failed(
          P resource,
          Exception error,
          Duration resync,
          Supplier<S> emptyStatus,
          Consumer<S> amend,
          Context<P> context) {
    error = unwrapped(error);
    if (isGone(error)) {
      // Deleted while it was being reconciled: nothing to report and nobody to report it to.
      log.debug("gone while reconciling: {}", error.getMessage());
      retries.forget(key(resource));
      return ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry();
    }
    var failure = asOperatorException(error);
    var previous = resource.getStatus();
    S next = previous == null ? emptyStatus.get() : copy(previous);
    amend.accept(next);
    Conditions.setReady(
        next,
        previous,
        Conditions.ready(
            false,
            failure.reason(),
            failure.getMessage(),
            resource.getMetadata().getGeneration(),
            clock.instant()),
        Conditions.Progress.ofFailure(failure));
    ReconcileRequest.answer(resource, previous, next);
    metrics.reconciled(resource.getKind(), "failure");
    metrics.failed(resource.getKind(), failure.reason().value());

    if (isNewFailure(previous, failure)) {
      events.warning(resource, failure.reason().value(), failure.getMessage());
      if (failure.reason() == Reason.INTERNAL_ERROR) {
        log.error("reconcile failed unexpectedly", error);
      } else {
        log.warn("{}: {}", failure.reason().value(), failure.getMessage());
      }
    } else {
      log.debug("still failing: {}: {}", failure.reason().value(), failure.getMessage());
    }

    try {
      writeStatus(resource, next, context);
    } catch (KubernetesClientException e) {
      // Deleted meanwhile, or the API server is away: the next attempt writes it again.
      log.debug("failure status not written: {}", e.getMessage());
    }
    var delay = retries.onFailure(key(resource), failure, safeResync(resync));
    return ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry().rescheduleAfter(delay);
  }

  /**
   * The deletion every kind shares. Nothing to do when the resource never wrote to Kibana; {@code
   * Orphan} (or a paused resource) leaves the object; otherwise {@code deleteInKibana} runs (a 404
   * counts as done). A connection that no longer exists, or no longer allows the resource's
   * namespace, releases the resource (a namespace is never held hostage); any other failure keeps
   * the finalizer, says why on the status and tries again with backoff.
   *
   * @param what the Kibana object for messages, or null when the resource never wrote one
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> DeleteControl cleanup(
      P resource,
      String what,
      DeletionPolicy policy,
      Runnable deleteInKibana,
      Duration resync,
      Supplier<S> emptyStatus,
      Context<P> context) {
    return cleanupIf(
        resource,
        what,
        policy,
        () -> {
          deleteInKibana.run();
          return true;
        },
        resync,
        emptyStatus,
        context);
  }

  /**
   * As {@link #cleanup}, for an object that may turn out not to be the resource's to delete: {@code
   * deleteIfOurs} says whether it deleted it, and only then is a {@code Deleted} event recorded.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> DeleteControl cleanupIf(
      P resource,
      String what,
      DeletionPolicy policy,
      BooleanSupplier deleteIfOurs,
      Duration resync,
      Supplier<S> emptyStatus,
      Context<P> context) {
    if (what == null) {
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    }
    if (Pause.isPaused(resource)) {
      // Paused means no Kibana writes, deletion included; holding the finalizer instead would
      // hold the namespace hostage.
      events.normal(
          resource, "Orphaned", "left %s in Kibana: the resource is paused".formatted(what));
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    }
    var problems = problemsOf(resource);
    if (!problems.isEmpty()) {
      // Its deletionPolicy may be what was misread: leaving the object loses nothing.
      events.warning(
          resource,
          "Orphaned",
          "left %s in Kibana: the resource could not be read (%s)"
              .formatted(what, String.join("; ", problems)));
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    }
    if (policy == DeletionPolicy.Orphan) {
      events.normal(resource, "Orphaned", "left " + what + " in Kibana (deletionPolicy: Orphan)");
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    }
    try {
      if (deleteIfOurs.getAsBoolean()) {
        events.normal(resource, "Deleted", "deleted " + what);
      }
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    } catch (RuntimeException error) {
      // Any failure (a Kubernetes API error reading a Secret too) takes the same path: JOSDK's own
      // retry of a cleanup gives up after a few attempts and would leave the finalizer stuck.
      var e = asOperatorException(error);
      // A connection that is gone, or no longer lets this namespace use it, cannot be used to
      // delete; an object that is another resource's (a Conflict) is not ours to delete: the
      // resource reports it and lets go rather than holding its namespace hostage.
      if (e.reason() == Reason.CONNECTION_NOT_FOUND
          || e.reason() == Reason.CONNECTION_NOT_ALLOWED
          || e.reason() == Reason.CONFLICT) {
        events.warning(resource, "Orphaned", "could not delete " + what + ": " + e.getMessage());
        retries.forget(key(resource));
        return DeleteControl.defaultDelete();
      }
      var pending =
          new OperatorException(
              e.reason(),
              "cannot delete %s yet: %s (set spec.deletionPolicy: Orphan to leave it in Kibana)"
                  .formatted(what, e.getMessage()),
              e.isRetryable(),
              e.retryAfter().orElse(null),
              e.httpStatus(),
              e);
      // JOSDK offers no status write on deletion; failed() writes it as it writes any status.
      var control = failed(resource, pending, resync, emptyStatus, context);
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(control.getScheduleDelay().orElse(resync.toMillis()));
    }
  }

  /**
   * The resource now names another Kibana object (its id, space or name changed): the one it wrote
   * before is deleted, unless the policy is {@code Orphan}. Until the new object is written the
   * status still names the old one, so this runs again on a retry: it says something only when
   * there was something to delete, and orphaning is said by the reconcile's own success.
   *
   * @param deleteIfPresent deletes the old object and says whether it was still there
   */
  public void removeRenamed(
      CustomResource<?, ?> resource,
      String what,
      DeletionPolicy policy,
      BooleanSupplier deleteIfPresent) {
    if (policy == DeletionPolicy.Orphan) {
      return;
    }
    if (deleteIfPresent.getAsBoolean()) {
      events.normal(resource, "Deleted", "deleted " + what + " after the resource was renamed");
    }
  }

  /**
   * The reconciler's own exception: JOSDK's metrics wrap what a reconcile throws in JOSDK's {@code
   * OperatorException} (MicrometerMetrics.timeControllerExecution) before updateErrorStatus sees
   * it.
   */
  public static Exception unwrapped(Exception error) {
    var current = error;
    while (current instanceof io.javaoperatorsdk.operator.OperatorException wrapper
        && wrapper.getCause() instanceof Exception cause) {
      current = cause;
    }
    return current;
  }

  /** A Kubernetes 404 for the resource itself: it was deleted under the reconcile. */
  private static boolean isGone(Exception error) {
    return error instanceof KubernetesClientException k8s && k8s.getCode() == 404;
  }

  /** Any exception as the operator's own, so status always gets a stable reason. */
  public static OperatorException asOperatorException(Exception error) {
    if (error instanceof OperatorException known) {
      return known;
    }
    if (error instanceof KubernetesClientException k8s) {
      return new OperatorException(
          Reason.INTERNAL_ERROR,
          "Kubernetes API error (HTTP " + k8s.getCode() + "): " + k8s.getMessage(),
          error);
    }
    return new OperatorException(
        Reason.INTERNAL_ERROR,
        "unexpected "
            + error.getClass().getSimpleName()
            + ": "
            + error.getMessage()
            + " (see the operator's log)",
        error);
  }

  private static boolean isNewFailure(ResourceStatus previous, OperatorException failure) {
    if (previous == null) {
      return true;
    }
    return Conditions.find(previous.getConditions(), Conditions.READY)
        .map(
            c ->
                !Conditions.FALSE.equals(c.getStatus())
                    || !Objects.equals(c.getReason(), failure.reason().value())
                    || !Objects.equals(c.getMessage(), failure.getMessage()))
        .orElse(true);
  }

  @SuppressWarnings("unchecked")
  private static <S> S copy(S status) {
    return (S) STATUS_COPIER.convertValue(status, status.getClass());
  }

  private Duration safeResync(Duration resync) {
    return resync == null ? defaultResync : resync;
  }

  private static String key(CustomResource<?, ?> resource) {
    return resource.getKind()
        + "/"
        + resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName();
  }

  /** Scoped MDC entries; closing removes them. */
  public static final class LogContext implements AutoCloseable {
    private LogContext(CustomResource<?, ?> resource) {
      MDC.put("kind", resource.getKind());
      MDC.put("namespace", resource.getMetadata().getNamespace());
      MDC.put("name", resource.getMetadata().getName());
    }

    @Override
    public void close() {
      MDC.remove("kind");
      MDC.remove("namespace");
      MDC.remove("name");
    }
  }
}

package io.github.kibanaobjects.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
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
 * What every reconciler does the same way around its own logic: the Ready condition, writing
 * status only when it changed, events on transitions, logging with the resource in the MDC, and
 * when to come back (resync or backoff).
 */
public final class ReconcileSupport {
  private static final Logger log = LoggerFactory.getLogger(ReconcileSupport.class);
  private static final ObjectMapper STATUS_COPIER = new ObjectMapper();
  /** The shortest resync period a resource may ask for. */
  public static final Duration MIN_RESYNC = Duration.ofSeconds(1);

  private final KubernetesClient kubernetes;
  private final EventRecorder events;
  private final RetrySchedule retries;
  private final Duration defaultResync;
  private final Duration sharedReadMinAge;
  private final Clock clock;

  public ReconcileSupport(
      KubernetesClient kubernetes,
      EventRecorder events,
      RetrySchedule retries,
      Duration defaultResync,
      Duration sharedReadMinAge,
      Clock clock) {
    this.kubernetes = kubernetes;
    this.events = events;
    this.retries = retries;
    this.defaultResync = defaultResync;
    this.sharedReadMinAge = sharedReadMinAge;
    this.clock = clock;
  }

  public EventRecorder events() {
    return events;
  }

  public Clock clock() {
    return clock;
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
    Duration period;
    try {
      period = Durations.parse(specValue);
    } catch (IllegalArgumentException e) {
      throw new OperatorException(Reason.INVALID_SPEC, "spec.resyncPeriod: " + e.getMessage());
    }
    // A zero period would re-read Kibana (and retry failures) in a tight loop.
    if (period.compareTo(MIN_RESYNC) < 0) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "spec.resyncPeriod must be at least " + Durations.format(MIN_RESYNC) + ", got "
              + specValue);
    }
    return period;
  }

  /** As {@link #resyncPeriod}, but an invalid value gives the default (for failure paths). */
  public Duration resyncPeriodOrDefault(String specValue) {
    try {
      return resyncPeriod(specValue);
    } catch (OperatorException e) {
      return defaultResync;
    }
  }

  /**
   * How old a read shared with other resources may be to tell this reconcile that its object is
   * still in sync, or null when it must read its object itself now. Only a resync of an object
   * already in sync may rely on one (half its resync period old at most, so drift is still noticed
   * within one and a half periods, and never younger than the operator's shared-read minimum age);
   * anything that could lead to a write (a new or changed spec, a first create, a recovery) reads
   * its object, and so does a resync that finds it changed.
   */
  public Duration recentEnough(
      ResourceStatus previous, boolean owned, boolean specChanged, Duration resync) {
    var age = resync.dividedBy(2);
    if (!owned
        || specChanged
        || !Conditions.isReady(previous)
        || age.compareTo(sharedReadMinAge) < 0) {
      return null;
    }
    return age;
  }

  /** Puts kind, namespace and name into every log line of this reconcile. */
  public LogContext logContext(CustomResource<?, ?> resource) {
    return new LogContext(resource);
  }

  /**
   * Success: {@code Ready=True} on the new status, written only when it differs from the stored
   * one, and the next look at Kibana after the resync period.
   *
   * <p>The status records what the resource owns in Kibana, so it is written here rather than by
   * JOSDK after the reconcile: JOSDK does not cache its own status patch, and a reconcile that
   * follows at once (an event arrived meanwhile) would read the old status from the informer and
   * take the object just written for someone else's. Written this way, it is cached until the
   * informer catches up (resourceVersions are compared, see {@code KibanaObjectsOperator}, so a
   * late event for an older version does not bring the old status back).
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
    if (Conditions.differ(resource.getStatus(), status)) {
      writeStatusAndCache(resource, status, context);
    }
    return UpdateControl.<P>noUpdate().rescheduleAfter(resync);
  }

  /** Writes the status and keeps the result in JOSDK's cache, so the next reconcile reads it. */
  private static <P extends CustomResource<?, S>, S extends ResourceStatus> P writeStatusAndCache(
      P resource, S status, Context<P> context) {
    return PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
        resource,
        context,
        current -> {
          current.setStatus(status);
          return current;
        });
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
          var updated = writeStatusAndCache(resource, next, context);
          resource.setStatus(updated.getStatus());
          resource.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
        });
  }

  /**
   * Failure: {@code Ready=False} with the failure's reason and message on a copy of the stored
   * status (what Kibana holds has not changed), a Warning event when the reason or message is
   * new, and the next attempt per {@link RetrySchedule}. JOSDK's own retry is not used.
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus>
      ErrorStatusUpdateControl<P> failed(
          P resource, Exception error, Duration resync, Supplier<S> emptyStatus) {
    return failed(resource, error, resync, emptyStatus, status -> {});
  }

  /** As above, with a kind-specific amendment to the failure status before it is compared. */
  public <P extends CustomResource<?, S>, S extends ResourceStatus>
      ErrorStatusUpdateControl<P> failed(
          P resource,
          Exception error,
          Duration resync,
          Supplier<S> emptyStatus,
          Consumer<S> amend) {
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
            clock.instant()));

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

    ErrorStatusUpdateControl<P> control;
    if (Conditions.differ(previous, next)) {
      resource.setStatus(next);
      control = ErrorStatusUpdateControl.patchStatus(resource);
    } else {
      control = ErrorStatusUpdateControl.noStatusUpdate();
    }
    var delay = retries.onFailure(key(resource), failure, safeResync(resync));
    return control.withNoRetry().rescheduleAfter(delay);
  }

  /**
   * The deletion every kind shares. Nothing to do when the resource never wrote to Kibana;
   * {@code Orphan} leaves the object; otherwise {@code deleteInKibana} runs (a 404 counts as done).
   * A connection that no longer exists releases the resource (a namespace is never held hostage);
   * any other failure keeps the finalizer, says why on the status and tries again with backoff.
   *
   * @param what the Kibana object for messages, or null when the resource never wrote one
   */
  public <P extends CustomResource<?, S>, S extends ResourceStatus> DeleteControl cleanup(
      P resource,
      String what,
      DeletionPolicy policy,
      Runnable deleteInKibana,
      Duration resync,
      Supplier<S> emptyStatus) {
    if (what == null) {
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
      deleteInKibana.run();
      events.normal(resource, "Deleted", "deleted " + what);
      retries.forget(key(resource));
      return DeleteControl.defaultDelete();
    } catch (RuntimeException error) {
      // Any failure (a Kubernetes API error reading a Secret too) takes the same path: JOSDK's own
      // retry of a cleanup gives up after a few attempts and would leave the finalizer stuck.
      var e = asOperatorException(error);
      if (e.reason() == Reason.CONNECTION_NOT_FOUND) {
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
      var original = kubernetes.getKubernetesSerialization().clone(resource);
      var control = failed(resource, pending, resync, emptyStatus);
      control.getResource().ifPresent(updated -> writeStatusQuietly(original, updated.getStatus()));
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
   * JOSDK offers no status write on deletion, so it is written directly, as JOSDK writes status: a
   * JSON Patch computed against the unmodified resource, exact for lists such as conditions.
   */
  private <P extends CustomResource<?, S>, S extends ResourceStatus> void writeStatusQuietly(
      P original, S status) {
    try {
      kubernetes
          .resource(original)
          .editStatus(
              current -> {
                current.setStatus(status);
                return current;
              });
    } catch (KubernetesClientException e) {
      // The next attempt writes the status again.
      log.debug("status write during deletion failed: {}", e.getMessage());
    }
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
        "unexpected " + error.getClass().getSimpleName() + ": " + error.getMessage()
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

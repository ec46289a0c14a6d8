package io.github.kibanaobjects.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure helpers for Kubernetes-style conditions. A condition keeps its {@code lastTransitionTime}
 * while its status does not flip, so a status rebuilt on every reconcile stays equal to the stored
 * one and no status write happens on a no-op.
 */
public final class Conditions {
  public static final String READY = "Ready";

  /**
   * kstatus' abnormal-true conditions (sigs.k8s.io/cli-utils pkg/kstatus README, "Conditions"):
   * {@code Reconciling=True} while the operator is working on the latest generation or retrying a
   * failure that can pass by itself, {@code Stalled=True} when it failed in a way only a change (to
   * the spec, a Secret, Kibana's privileges) can fix. Both are absent otherwise.
   */
  public static final String RECONCILING = "Reconciling";

  public static final String STALLED = "Stalled";

  /** Whether the real vega and vega-lite libraries run a visualization's chart. */
  public static final String VALIDATED = "Validated";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private static final ObjectMapper TREES = new ObjectMapper();

  private Conditions() {}

  /** A condition; {@code lastTransitionTime} is {@code now} (merging may keep an older one). */
  public static Condition condition(
      String type, String status, Reason reason, String message, Long generation, Instant now) {
    var condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason.value());
    condition.setMessage(message == null ? "" : message);
    condition.setObservedGeneration(generation);
    condition.setLastTransitionTime(timestamp(now));
    return condition;
  }

  /** {@code Ready=True/False} with this reason and message, for the given generation. */
  public static Condition ready(
      boolean ready, Reason reason, String message, Long generation, Instant now) {
    return condition(READY, ready ? TRUE : FALSE, reason, message, generation, now);
  }

  /** {@code Ready=False} carrying a failure's reason and message. */
  public static Condition notReady(OperatorException failure, Long generation, Instant now) {
    return ready(false, failure.reason(), failure.getMessage(), generation, now);
  }

  /** {@code Ready=Unknown}, e.g. while a first check is pending. */
  public static Condition readyUnknown(
      Reason reason, String message, Long generation, Instant now) {
    return condition(READY, UNKNOWN, reason, message, generation, now);
  }

  /**
   * The conditions with {@code update} put in place of the one of its type. The old {@code
   * lastTransitionTime} is kept when the status did not change. The result is a new list sorted by
   * type; the inputs are not modified.
   */
  public static List<Condition> merge(List<Condition> current, Condition update) {
    var merged = new ArrayList<Condition>();
    var incoming = copy(update);
    if (current != null) {
      for (var existing : current) {
        if (Objects.equals(existing.getType(), update.getType())) {
          if (Objects.equals(existing.getStatus(), update.getStatus())
              && existing.getLastTransitionTime() != null) {
            incoming.setLastTransitionTime(existing.getLastTransitionTime());
          }
        } else {
          merged.add(copy(existing));
        }
      }
    }
    merged.add(incoming);
    merged.sort(Comparator.comparing(c -> Objects.toString(c.getType(), "")));
    return merged;
  }

  /** Which kstatus companion condition goes with a Ready condition. */
  public enum Progress {
    /** Neither: done (Ready=True), or deliberately idle (paused). */
    SETTLED,
    /** {@code Reconciling=True}: working on it, or retrying what can pass by itself. */
    RECONCILING,
    /** {@code Stalled=True}: failed, and only a change can help. */
    STALLED;

    /** The companion of a failure: retryable failures are still reconciling. */
    public static Progress ofFailure(OperatorException failure) {
      return failure.isRetryable() ? RECONCILING : STALLED;
    }
  }

  /**
   * Sets {@code Ready} and {@code observedGeneration} on {@code status}, without {@code
   * Reconciling} or {@code Stalled}, keeping the previous conditions' transition time from {@code
   * previous} (may be null). Conditions already on {@code status} (e.g. {@code Validated}) replace
   * the previous ones of their type.
   */
  public static void setReady(
      ResourceStatus status, ResourceStatus previous, Condition readyCondition) {
    setReady(status, previous, readyCondition, Progress.SETTLED);
  }

  /**
   * As above, with the kstatus companion {@code progress} asks for: it carries the Ready
   * condition's reason, message and generation, and keeps its transition time while it stays True.
   */
  public static void setReady(
      ResourceStatus status, ResourceStatus previous, Condition readyCondition, Progress progress) {
    var before = previous == null ? List.<Condition>of() : previous.getConditions();
    var own = before;
    if (status.getConditions() != null && status.getConditions() != before) {
      for (var condition : status.getConditions()) {
        own = merge(own, condition);
      }
    }
    var merged = merge(own, readyCondition);
    merged.removeIf(c -> RECONCILING.equals(c.getType()) || STALLED.equals(c.getType()));
    if (progress != Progress.SETTLED) {
      var companion = copy(readyCondition);
      companion.setType(progress == Progress.RECONCILING ? RECONCILING : STALLED);
      companion.setStatus(TRUE);
      find(before, companion.getType())
          .filter(c -> TRUE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
          .ifPresent(c -> companion.setLastTransitionTime(c.getLastTransitionTime()));
      merged.add(companion);
      merged.sort(Comparator.comparing(c -> Objects.toString(c.getType(), "")));
    }
    status.setConditions(merged);
    status.setObservedGeneration(readyCondition.getObservedGeneration());
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst();
  }

  /** Whether the status has {@code Ready=True}. */
  public static boolean isReady(ResourceStatus status) {
    return status != null
        && find(status.getConditions(), READY).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * Whether two statuses differ in any field (compared as JSON, so any status class works; null and
   * an empty status differ). Write status only when this is true.
   */
  public static boolean differ(Object current, Object desired) {
    return !TREES.valueToTree(current).equals(TREES.valueToTree(desired));
  }

  /** RFC 3339 in UTC with second precision, as Kubernetes writes times. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static Condition copy(Condition c) {
    return new Condition(
        c.getLastTransitionTime(),
        c.getMessage(),
        c.getObservedGeneration(),
        c.getReason(),
        c.getStatus(),
        c.getType());
  }
}

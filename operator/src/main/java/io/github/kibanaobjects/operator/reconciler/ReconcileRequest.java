package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import java.util.Objects;

/**
 * Flux's "reconcile now": {@code flux reconcile} (and anyone else) sets the annotation {@code
 * reconcile.fluxcd.io/requestedAt} to a new value; the operator reconciles the resource, reading
 * Kibana itself rather than trusting a shared read, and answers with the value in {@code
 * status.lastHandledReconcileAt}, which is what Flux waits for (fluxcd/pkg apis/meta, {@code
 * ReconcileRequestAnnotation} and {@code ReconcileRequestStatus}).
 */
public final class ReconcileRequest {
  public static final String ANNOTATION = "reconcile.fluxcd.io/requestedAt";

  private ReconcileRequest() {}

  /** The annotation's value, or null. */
  public static String requestedAt(HasMetadata resource) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  /** Whether the resource asks for a reconcile its status does not say was handled yet. */
  public static boolean pending(HasMetadata resource, ResourceStatus status) {
    var requested = requestedAt(resource);
    return requested != null
        && !requested.equals(status == null ? null : status.getLastHandledReconcileAt());
  }

  /** Whether an update changed the request (set, changed or removed). */
  public static boolean changed(HasMetadata updated, HasMetadata old) {
    return !Objects.equals(requestedAt(updated), requestedAt(old));
  }

  /**
   * Records in {@code next} that this reconcile handled the resource's request, if it carries one;
   * otherwise the previous answer stands.
   */
  public static void answer(HasMetadata resource, ResourceStatus previous, ResourceStatus next) {
    var requested = requestedAt(resource);
    next.setLastHandledReconcileAt(
        requested != null
            ? requested
            : previous == null ? null : previous.getLastHandledReconcileAt());
  }
}

package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The pause annotation: {@code kibanaobjects.github.io/paused: "true"} on a resource of any kind
 * stops the operator from reading or writing Kibana for it (its status says {@code Paused});
 * removing the annotation resumes. Useful to fix something by hand in Kibana, or to stop one
 * resource fighting another, without deleting anything.
 */
public final class Pause {
  public static final String ANNOTATION = "kibanaobjects.github.io/paused";
  public static final String MESSAGE =
      "paused by the annotation " + ANNOTATION + ": \"true\"; remove it to resume";

  private Pause() {}

  public static boolean isPaused(HasMetadata resource) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ANNOTATION));
  }

  /**
   * Which updates of a resource start a reconcile. An annotation does not change the generation, so
   * generation-aware processing would miss a pause or a resume; this filter replaces it: a new
   * generation, the annotation set or removed, Flux's reconcile request ({@link ReconcileRequest})
   * set or changed, a finalizer added or removed, or a deletion. Status changes (our own writes)
   * still start nothing.
   */
  public static <R extends HasMetadata> boolean worthAReconcile(R updated, R old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || isPaused(updated) != isPaused(old)
        || ReconcileRequest.changed(updated, old)
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || (updated.isMarkedForDeletion() && !old.isMarkedForDeletion());
  }
}

package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PauseTest {
  static KibanaRole role(long generation, Map<String, String> annotations) {
    var role = new KibanaRole();
    role.getMetadata().setName("r");
    role.getMetadata().setGeneration(generation);
    role.getMetadata().setAnnotations(annotations);
    role.getMetadata().setFinalizers(List.of("kibanaobjects.github.io/finalizer"));
    return role;
  }

  @Test
  void onlyTheValueTrueStopsTheOperator() {
    assertThat(Pause.isPaused(role(1, Map.of(Pause.ANNOTATION, "true")))).isTrue();
    assertThat(Pause.isPaused(role(1, Map.of(Pause.ANNOTATION, "false")))).isFalse();
    assertThat(Pause.isPaused(role(1, null))).isFalse();
  }

  @Test
  void pauseResumeAndSpecChangesReconcileButStatusAndOtherAnnotationsDoNot() {
    var plain = role(1, Map.of());
    var paused = role(1, Map.of(Pause.ANNOTATION, "true"));

    assertThat(Pause.worthAReconcile(paused, plain)).as("paused").isTrue();
    assertThat(Pause.worthAReconcile(plain, paused)).as("resumed").isTrue();
    assertThat(Pause.worthAReconcile(role(2, Map.of()), plain)).as("spec change").isTrue();
    assertThat(Pause.worthAReconcile(role(1, Map.of("other", "x")), plain)).isFalse();
    assertThat(Pause.worthAReconcile(role(1, Map.of()), plain)).as("a status write").isFalse();

    var withoutFinalizer = role(1, Map.of());
    withoutFinalizer.getMetadata().setFinalizers(List.of());
    assertThat(Pause.worthAReconcile(plain, withoutFinalizer)).as("finalizer added").isTrue();
    var deleting = role(1, Map.of());
    deleting.getMetadata().setDeletionTimestamp("2026-12-02T13:00:00Z");
    assertThat(Pause.worthAReconcile(deleting, plain)).as("deletion").isTrue();

    var requested = role(1, Map.of(ReconcileRequest.ANNOTATION, "1"));
    assertThat(Pause.worthAReconcile(requested, plain)).as("flux reconcile").isTrue();
    assertThat(Pause.worthAReconcile(role(1, Map.of(ReconcileRequest.ANNOTATION, "2")), requested))
        .as("flux reconcile again")
        .isTrue();
    assertThat(Pause.worthAReconcile(role(1, Map.of(ReconcileRequest.ANNOTATION, "1")), requested))
        .as("the same request")
        .isFalse();
  }

  @Test
  void aReconcileRequestIsPendingUntilTheStatusAnswersIt() {
    var requested = role(1, Map.of(ReconcileRequest.ANNOTATION, "2026-12-02T10:00:00Z"));
    var status = new io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus();
    assertThat(ReconcileRequest.pending(requested, null)).isTrue();
    assertThat(ReconcileRequest.pending(requested, status)).isTrue();
    assertThat(ReconcileRequest.pending(role(1, Map.of()), status)).isFalse();

    var next = new io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus();
    ReconcileRequest.answer(requested, status, next);
    assertThat(next.getLastHandledReconcileAt()).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(ReconcileRequest.pending(requested, next)).isFalse();

    // Without the annotation the last answer stands.
    var later = new io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus();
    ReconcileRequest.answer(role(1, null), next, later);
    assertThat(later.getLastHandledReconcileAt()).isEqualTo("2026-12-02T10:00:00Z");
  }
}

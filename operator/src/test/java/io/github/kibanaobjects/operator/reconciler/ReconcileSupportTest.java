package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ReconcileSupportTest {
  static final Duration RESYNC = Duration.ofMinutes(10);
  KubernetesClient client;
  ReconcileSupport support;

  /** Every status written, in order: the one write path, recorded instead of sent. */
  final List<ResourceStatus> written = new ArrayList<>();

  @BeforeEach
  void setUp() {
    support =
        new ReconcileSupport(
            new EventRecorder(client),
            RetrySchedule.defaults(),
            RESYNC,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC),
            new ReconcileSupport.StatusWriter() {
              @Override
              public <P extends CustomResource<?, S>, S extends ResourceStatus> P write(
                  P resource, S status, Context<P> context) {
                written.add(status);
                var stored = client.getKubernetesSerialization().clone(resource);
                stored.setStatus(status);
                return stored;
              }
            });
  }

  private static KibanaRole role() {
    var role = new KibanaRole();
    role.getMetadata().setName("publisher");
    role.getMetadata().setNamespace("team-a");
    role.getMetadata().setGeneration(3L);
    // a resource without a spec reads as "spec: missing", which cleanup would not delete for
    role.setSpec(new KibanaRoleSpec());
    return role;
  }

  @Test
  void aFailureWritesReadyFalseWithTheReasonAndAWarningEvent() {
    var control =
        support.failed(
            role(),
            new OperatorException(Reason.FORBIDDEN, "Unable to put role"),
            RESYNC,
            KibanaRoleStatus::new,
            null);

    var status = written.get(0);
    var ready = Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Forbidden");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(control.isNoRetry()).isTrue();
    assertThat(control.getScheduleDelay()).contains(RESYNC.toMillis());
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("Forbidden"));
  }

  @Test
  void theSameFailureAgainWritesNoStatusAndNoEvent() {
    var failure = new OperatorException(Reason.FORBIDDEN, "Unable to put role");
    var role = role();
    support.failed(role, failure, RESYNC, KibanaRoleStatus::new, null);
    assertThat(role.getStatus()).as("the resource in hand carries what was written").isNotNull();

    support.failed(role, failure, RESYNC, KibanaRoleStatus::new, null);

    assertThat(written).hasSize(1);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).hasSize(1);
  }

  @Test
  void anUnexpectedExceptionIsAnInternalErrorWithoutAStackTraceInStatus() {
    support.failed(role(), new IllegalStateException("boom"), RESYNC, KibanaRoleStatus::new, null);

    var ready = Conditions.find(written.get(0).getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("InternalError");
    assertThat(ready.getMessage()).contains("IllegalStateException: boom").doesNotContain("\tat ");
  }

  @Test
  void aResourceDeletedUnderTheReconcileGetsNoStatusNoEventAndNoRetry() {
    var control =
        support.failed(
            role(),
            new KubernetesClientException("Not Found", 404, null),
            RESYNC,
            KibanaRoleStatus::new,
            null);

    assertThat(written).isEmpty();
    assertThat(control.isNoRetry()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).isEmpty();
  }

  @Test
  void aZeroOrSubSecondResyncPeriodIsInvalidNotAHotLoop() {
    for (var value : java.util.List.of("0s", "0ms", "500ms")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> support.resyncPeriod(value))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("between 1s and 24h")
          .satisfies(
              e -> assertThat(((OperatorException) e).reason()).isEqualTo(Reason.INVALID_SPEC));
    }
    assertThat(support.resyncPeriod("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(support.resyncPeriodOrDefault("0s")).isEqualTo(RESYNC);
  }

  @Test
  void aResyncPeriodPastADayIsInvalidRatherThanOverflowingTheScheduler() {
    // 9999999999999h parses into a Duration but overflows toMillis(): before the bound the
    // reconcile wrote status Ready and then failed to reschedule, in a loop.
    for (var value : java.util.List.of("24h1ms", "600h", "9999999999999h")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> support.resyncPeriod(value))
          .isInstanceOf(OperatorException.class)
          .hasMessage("spec.resyncPeriod must be between 1s and 24h, got " + value)
          .satisfies(
              e -> assertThat(((OperatorException) e).reason()).isEqualTo(Reason.INVALID_SPEC));
    }
    assertThat(support.resyncPeriod("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(support.resyncPeriodOrDefault("9999999999999h")).isEqualTo(RESYNC);
  }

  @Test
  void aKubernetesErrorDuringDeletionKeepsTheFinalizerAndComesBackLater() {
    var role = role();
    role.setStatus(new KibanaRoleStatus());
    role.getStatus().setName("publisher");

    var control =
        support.cleanup(
            role,
            "role \"publisher\"",
            io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy.Delete,
            () -> {
              throw new KubernetesClientException("etcd timeout", 500, null);
            },
            RESYNC,
            KibanaRoleStatus::new,
            null);

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).isPresent();
    var ready = Conditions.find(role.getStatus().getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("InternalError");
    assertThat(ready.getMessage()).contains("cannot delete role").contains("HTTP 500");
  }

  @Test
  void aResourceTheOperatorCouldNotReadLeavesItsKibanaObjectOnDeletion() {
    var role = role();
    role.getSpec().recordProblems(List.of("spec.deletionPolicy: unknown value \"Archive\""));
    role.setStatus(new KibanaRoleStatus());
    role.getStatus().setName("publisher");
    var deleted = new AtomicBoolean();

    var control =
        support.cleanup(
            role,
            "role \"publisher\"",
            io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy.Delete,
            () -> deleted.set(true),
            RESYNC,
            KibanaRoleStatus::new,
            null);

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(deleted).isFalse();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .anySatisfy(e -> assertThat(e.getMessage()).contains("could not be read"));
  }
}

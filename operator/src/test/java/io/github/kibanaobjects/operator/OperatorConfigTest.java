package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.kibana.ImportBatching;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsWatchEverythingWithoutLeaderElection() {
    var config = OperatorConfig.defaults();

    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.healthPort()).isEqualTo(8080);
    assertThat(config.leaseName()).isEqualTo("kibana-objects-operator");
    assertThat(config.leaseNamespace()).isNull();
  }

  @Test
  void readsEveryVariable() {
    var config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", " team-a, team-b ,,",
                "LEADER_ELECTION", "true",
                "POD_NAMESPACE", "kibana-operator",
                "RESYNC_PERIOD", "90s",
                "HEALTH_PORT", "9090",
                "RECONCILE_THREADS", "4",
                "METRICS_ENABLED", "false",
                "LOG_FORMAT", "JSON"));

    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo("kibana-operator");
    assertThat(config.resyncPeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.healthPort()).isEqualTo(9090);
    assertThat(config.reconcileThreads()).isEqualTo(4);
    assertThat(config.metricsEnabled()).isFalse();
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.JSON);
    assertThat(OperatorConfig.defaults().metricsEnabled()).isTrue();
    assertThat(OperatorConfig.defaults().logFormat()).isEqualTo(OperatorConfig.LogFormat.TEXT);
  }

  @Test
  void explicitLeaseNamespaceWinsOverThePodNamespace() {
    var config =
        OperatorConfig.fromEnvironment(
            Map.of("LEADER_ELECTION_NAMESPACE", "leases", "POD_NAMESPACE", "ops"));

    assertThat(config.leaseNamespace()).isEqualTo("leases");
  }

  @Test
  void badValuesFailAtStartUpNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("HEALTH_PORT", "http")))
        .hasMessageContaining("HEALTH_PORT");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RESYNC_PERIOD", "often")))
        .hasMessageContaining("often");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("RESYNC_PERIOD", "0s")))
        .hasMessageContaining("RESYNC_PERIOD");
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("LOG_FORMAT", "xml")))
        .hasMessageContaining("LOG_FORMAT");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of("IMPORT_BATCH_WAIT", "2s", "IMPORT_BATCH_LINGER", "1s")))
        .hasMessageContaining("IMPORT_BATCH_LINGER");
  }

  @Test
  void importBatchingIsReadWithItsLinger() {
    var batching =
        OperatorConfig.fromEnvironment(
                Map.of(
                    "IMPORT_BATCH_MAX_OBJECTS", "20",
                    "IMPORT_BATCH_WAIT", "10ms",
                    "IMPORT_BATCH_LINGER", "3s"))
            .importBatching();

    assertThat(batching.maxObjects()).isEqualTo(20);
    assertThat(batching.maxWait()).isEqualTo(Duration.ofMillis(10));
    assertThat(batching.maxLinger()).isEqualTo(Duration.ofSeconds(3));
    // the default is the most allowed, so any wait set on its own still starts
    assertThat(
            OperatorConfig.fromEnvironment(Map.of("IMPORT_BATCH_WAIT", "10s"))
                .importBatching()
                .maxLinger())
        .isEqualTo(ImportBatching.DEFAULT_MAX_LINGER)
        .isEqualTo(Duration.ofSeconds(10));
  }
}

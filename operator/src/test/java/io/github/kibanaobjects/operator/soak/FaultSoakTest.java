package io.github.kibanaobjects.operator.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fault soak ({@link FaultSoak}) on the real API server. {@code mvn -B verify} runs the short
 * form: a fixed seed, a fixed number of operations. The long form runs for a set time:
 *
 * <pre>
 * mvn -B -pl operator -am -Dtest=FaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsoak.minutes=10 [-Dsoak.seed=N] test
 * </pre>
 */
class FaultSoakTest {
  static final long SEED = 20261202L;
  static final int SHORT_FORM_OPERATIONS = 48;

  @Test
  void nothingIsLostDuplicatedStaleOrLeftBehindUnderFaultsAndRestarts() {
    var minutes = Long.getLong("soak.minutes");
    var options =
        new FaultSoak.Options(
            Long.getLong("soak.seed", SEED),
            SHORT_FORM_OPERATIONS,
            minutes == null ? null : Duration.ofMinutes(minutes),
            3);

    var report = new FaultSoak(RealApiServer.get().client(), options).run();

    System.out.print(report.text());
    assertThat(report.operationCount()).isGreaterThanOrEqualTo(SHORT_FORM_OPERATIONS);
    assertThat(report.faultCount()).isPositive();
    assertThat(report.restarts()).isPositive();
    assertThat(report.objects()).isPositive();
    assertThat(report.lost()).as("lost").isEmpty();
    assertThat(report.duplicated()).as("duplicated").isEmpty();
    assertThat(report.stale()).as("stale").isEmpty();
    assertThat(report.leftBehind()).as("left behind").isEmpty();
  }
}

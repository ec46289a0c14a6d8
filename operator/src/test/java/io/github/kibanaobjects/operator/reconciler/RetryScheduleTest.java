package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private static final Duration RESYNC = Duration.ofMinutes(10);
  private final RetrySchedule schedule =
      new RetrySchedule(Duration.ofSeconds(2), Duration.ofMinutes(5));

  private static OperatorException outage() {
    return new OperatorException(Reason.KIBANA_UNREACHABLE, "connection refused");
  }

  @Test
  void retryableFailuresBackOffExponentiallyUpToTheMaximum() {
    var delays =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> schedule.onFailure("ns/a", outage(), RESYNC).toSeconds())
            .toList();

    assertThat(delays).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
  }

  @Test
  void eachResourceHasItsOwnBackoff() {
    schedule.onFailure("ns/a", outage(), RESYNC);
    schedule.onFailure("ns/a", outage(), RESYNC);

    assertThat(schedule.onFailure("ns/b", outage(), RESYNC)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void successResetsTheBackoff() {
    schedule.onFailure("ns/a", outage(), RESYNC);
    schedule.onFailure("ns/a", outage(), RESYNC);
    schedule.onSuccess("ns/a");

    assertThat(schedule.onFailure("ns/a", outage(), RESYNC)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterLongerThanTheBackoffWins() {
    var throttled =
        new OperatorException(
            Reason.KIBANA_UNREACHABLE, "429", true, Duration.ofSeconds(30), 429, null);

    assertThat(schedule.onFailure("ns/a", throttled, RESYNC)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterShorterThanTheBackoffDoesNotShortenIt() {
    for (int i = 0; i < 4; i++) {
      schedule.onFailure("ns/a", outage(), RESYNC);
    }
    var throttled =
        new OperatorException(
            Reason.KIBANA_UNREACHABLE, "503", true, Duration.ofSeconds(1), 503, null);

    assertThat(schedule.onFailure("ns/a", throttled, RESYNC)).isEqualTo(Duration.ofSeconds(32));
  }

  @Test
  void permanentFailuresComeBackAtTheResyncPeriod() {
    var forbidden = new OperatorException(Reason.FORBIDDEN, "Unable to create visualization");

    assertThat(schedule.onFailure("ns/a", forbidden, RESYNC)).isEqualTo(RESYNC);
  }

  @Test
  void backoffNeverExceedsTheResourcesOwnResyncPeriod() {
    var shortResync = Duration.ofSeconds(5);
    for (int i = 0; i < 5; i++) {
      schedule.onFailure("ns/a", outage(), shortResync);
    }

    assertThat(schedule.onFailure("ns/a", outage(), shortResync)).isEqualTo(shortResync);
  }
}

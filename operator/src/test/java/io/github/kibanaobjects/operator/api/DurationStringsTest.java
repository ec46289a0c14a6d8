package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.api.v1alpha1.common.DurationStrings;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationStringsTest {
  private static final Duration FALLBACK = Duration.ofMinutes(10);

  @Test
  void readsEachUnitAndSums() {
    assertThat(DurationStrings.parse("30s", FALLBACK)).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationStrings.parse("10m", FALLBACK)).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationStrings.parse("2h", FALLBACK)).isEqualTo(Duration.ofHours(2));
    assertThat(DurationStrings.parse("500ms", FALLBACK)).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationStrings.parse("1h30m5s", FALLBACK))
        .isEqualTo(Duration.ofHours(1).plusMinutes(30).plusSeconds(5));
    assertThat(DurationStrings.parse("0s", FALLBACK)).isZero();
  }

  @Test
  void missingValueGivesTheFallback() {
    assertThat(DurationStrings.parse(null, FALLBACK)).isSameAs(FALLBACK);
    assertThat(DurationStrings.parse("", FALLBACK)).isSameAs(FALLBACK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "1d", "-1s", "1.5h", "m", "10 m", "99999999999999999999h"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> DurationStrings.parse(text, FALLBACK))
        .isInstanceOfSatisfying(
            OperatorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC));
  }
}

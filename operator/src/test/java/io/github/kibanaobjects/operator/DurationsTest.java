package io.github.kibanaobjects.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms,500", "30s,30000", "10m,600000", "1h,3600000", "1h30m,5400000", "2m5s,125000"})
  void parsesEachUnitAndCombinations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "10 m", "1d", "-5s", "m", "1.5h"})
  void rejectsWhatTheCrdPatternRejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void rejectsAmountsTooLargeForADuration() {
    assertThatThrownBy(() -> Durations.parse("99999999999999999999h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "30s", "10m", "1h", "1h30m", "2m5s", "1h1m1s"})
  void formatRoundTrips(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"1s,1000", "24h,86400000", "1h30m,5400000"})
  void boundedParseAcceptsTheEnds(String text, long millis) {
    assertThat(
            Durations.parseWithin(
                "spec.resyncPeriod", text, OperatorConfig.MIN_RESYNC, OperatorConfig.MAX_RESYNC))
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"24h1ms", "600h", "9999999999999h", "99999999999999999999h", "500ms"})
  void boundedParseRefusesOutOfRangeNamingTheFieldWithoutOverflow(String text) {
    assertThatThrownBy(
            () ->
                Durations.parseWithin(
                    "spec.resyncPeriod",
                    text,
                    OperatorConfig.MIN_RESYNC,
                    OperatorConfig.MAX_RESYNC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.resyncPeriod")
        .hasMessageContaining(text);
  }

  @Test
  void requestTimeoutIsCappedAtFiveMinutes() {
    assertThat(OperatorConfig.MAX_REQUEST_TIMEOUT).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(
            () ->
                Durations.parseWithin(
                    "spec.requestTimeout",
                    "24h",
                    OperatorConfig.MIN_REQUEST_TIMEOUT,
                    OperatorConfig.MAX_REQUEST_TIMEOUT))
        .hasMessageContaining("spec.requestTimeout")
        .hasMessageContaining("5m");
  }
}

package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gate on a clock the test moves: sleeping advances it, nothing waits for real. */
class RequestGateTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private RequestGate gate(int concurrent, int perSecond) {
    return new RequestGate(
        concurrent, perSecond, Duration.ofSeconds(30), "http://kibana", now::get, now::addAndGet);
  }

  private long send(RequestGate gate) {
    gate.acquire("GET", "/api/status");
    gate.release();
    return now.get();
  }

  @Test
  void aRateLimitSpacesRequestsEvenly() {
    var gate = gate(4, 10);
    long start = now.get();

    for (int i = 0; i < 21; i++) {
      send(gate);
    }

    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutARateLimitNothingWaits() {
    var gate = gate(4, 0);
    long start = now.get();

    for (int i = 0; i < 100; i++) {
      send(gate);
    }

    assertThat(now.get()).isEqualTo(start);
  }

  @Test
  void retryAfterHoldsEveryRequestForAsLongAsKibanaAsked() {
    var gate = gate(4, 0);
    long start = now.get();

    gate.overloaded(Duration.ofSeconds(4));
    send(gate);

    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(Duration.ofSeconds(4));
    send(gate);
    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void withoutRetryAfterTheBackOffDoublesUntilKibanaAnswersAgain() {
    var gate = gate(4, 0);
    long start = now.get();

    gate.overloaded(null);
    send(gate);
    gate.overloaded(null);
    send(gate);
    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(Duration.ofSeconds(3));

    gate.answered();
    gate.overloaded(null);
    send(gate);
    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aLongRetryAfterHoldsEveryRequestOnlyForTheSharedMaximum() {
    var gate = gate(4, 0);
    long start = now.get();

    gate.overloaded(Duration.ofHours(1));
    send(gate);

    assertThat(Duration.ofNanos(now.get() - start)).isEqualTo(RequestGate.MAX_BACKOFF);
  }

  @Test
  void aBackOffLongerThanTheWaitBoundFailsAtOnceWithTheWait() {
    var gate =
        new RequestGate(4, 0, Duration.ofSeconds(1), "http://kibana", now::get, now::addAndGet);
    gate.overloaded(Duration.ofSeconds(4));

    assertThatThrownBy(() -> gate.acquire("POST", "/api/saved_objects/_import"))
        .isInstanceOfSatisfying(
            OperatorException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.KIBANA_UNREACHABLE);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
              assertThat(e.getMessage()).contains("back off for another 4s");
            });
  }

  @Test
  void noMoreThanTheConcurrencyLimitIsInFlight() {
    var gate =
        new RequestGate(1, 0, Duration.ofMillis(1), "http://kibana", now::get, now::addAndGet);
    gate.acquire("GET", "/a");

    assertThatThrownBy(() -> gate.acquire("GET", "/b"))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("1 requests to http://kibana were still in flight");
    gate.release();
    send(gate);
  }
}

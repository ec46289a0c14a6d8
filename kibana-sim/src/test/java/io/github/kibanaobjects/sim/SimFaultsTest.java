package io.github.kibanaobjects.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimFaultsTest {

  @Test
  void matchersSelectRoutesByTemplateAndOptionalMethod() {
    assertThat(SimFaults.matches("*", "GET", "/api/status")).isTrue();
    assertThat(SimFaults.matches("/api/status", "POST", "/api/status")).isTrue();
    assertThat(SimFaults.matches("GET /api/status", "POST", "/api/status")).isFalse();
    assertThat(SimFaults.matches("GET /api/status", "GET", "/api/features")).isFalse();
  }

  @Test
  void latenciesAddUpAndFailuresKeepThem() {
    var faults =
        new SimFaults()
            .latency("*", Duration.ofMillis(5))
            .latency("/api/status", Duration.ofMillis(7))
            .errors("GET /api/status", 1.0, 502);
    assertThat(faults.decide("GET", "/api/status"))
        .isEqualTo(new SimFaults.Decision.Fail(Duration.ofMillis(12), 502, null));
    assertThat(faults.decide("GET", "/api/features"))
        .isEqualTo(new SimFaults.Decision.Proceed(Duration.ofMillis(5)));
    faults.outage(Duration.ofMinutes(1));
    assertThat(faults.decide("GET", "/api/features"))
        .isEqualTo(new SimFaults.Decision.Outage(Duration.ofSeconds(30)));
    faults.outage(Duration.ofMinutes(1), Duration.ofSeconds(1));
    assertThat(faults.decide("GET", "/api/features"))
        .isEqualTo(new SimFaults.Decision.Outage(Duration.ofSeconds(1)));
    faults.clear();
    assertThat(faults.decide("GET", "/api/status"))
        .isEqualTo(new SimFaults.Decision.Proceed(Duration.ZERO));
  }

  @Test
  void anOutageEndsExactlyWhenItsWindowIsOver() {
    var now = new AtomicLong();
    var faults = new SimFaults(now::get);
    faults.outage(Duration.ofSeconds(2));

    now.set(Duration.ofSeconds(2).toNanos() - 1);
    assertThat(faults.decide("GET", "/api/status")).isInstanceOf(SimFaults.Decision.Outage.class);
    now.set(Duration.ofSeconds(2).toNanos());
    assertThat(faults.decide("GET", "/api/status"))
        .isEqualTo(new SimFaults.Decision.Proceed(Duration.ZERO));
  }

  @Test
  void aHoldParksOnlyMatchingRequestsAndAReleasedOneNoLongerParks() {
    var faults = new SimFaults();
    var hold = faults.hold("POST /api/saved_objects/_import");
    // an unmatched request passes at once (a parked one would block this thread)
    faults.park("GET", "/api/saved_objects/_import");
    assertThat(hold.arrived()).isZero();

    hold.release();
    faults.park("POST", "/api/saved_objects/_import");
    assertThat(hold.arrived()).isZero();
    assertThat(hold.released()).isTrue();
  }
}

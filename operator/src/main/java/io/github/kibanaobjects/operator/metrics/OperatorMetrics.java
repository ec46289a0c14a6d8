package io.github.kibanaobjects.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The operator's own meters, on the Micrometer registry that {@code /metrics} serves (JOSDK's
 * reconcile, queue and event meters are on the same registry). Names are Micrometer's dotted form;
 * Prometheus sees {@code kibana_operator_...} with {@code _total}, {@code _seconds} and histogram
 * suffixes. docs/install.md lists them, and deploy/grafana's dashboard uses them (a test checks
 * each of its queries against a scrape).
 *
 * <p>Tags stay bounded: a kind, a reason from the closed set, a Kibana URL, a route template
 * ({@code KibanaRoutes}) and an HTTP status; never a resource name or an object id.
 */
public final class OperatorMetrics {
  public static final String RECONCILES = "kibana.operator.reconciles";
  public static final String FAILURES = "kibana.operator.reconcile.failures";
  public static final String KIBANA_REQUESTS = "kibana.operator.kibana.requests";
  public static final String DRIFT_CORRECTIONS = "kibana.operator.drift.corrections";
  public static final String BATCH_SIZE = "kibana.operator.batch.size";
  public static final String VALIDATION = "kibana.operator.validation";

  /** The status tag of a request that got no HTTP answer (refused, reset, timed out). */
  public static final String NO_ANSWER = "none";

  private static final OperatorMetrics NONE = new OperatorMetrics(new CompositeMeterRegistry());

  private final MeterRegistry registry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters that go nowhere: for tests and tools that build parts of the operator alone. */
  public static OperatorMetrics none() {
    return NONE;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A reconcile ended: {@code result} is {@code success}, {@code failure} or {@code paused}. */
  public void reconciled(String kind, String result) {
    Counter.builder(RECONCILES)
        .description("Reconciles that ran to an end, by kind and result")
        .tag("kind", kind)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** A reconcile failed with this reason (the Ready condition's). */
  public void failed(String kind, String reason) {
    Counter.builder(FAILURES)
        .description("Failed reconciles by kind and the Ready condition's reason")
        .tag("kind", kind)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * One request to Kibana.
   *
   * @param connection the Kibana base URL (clients are shared per URL and credentials)
   * @param route the route template, never a raw path with ids ({@code KibanaRoutes.template})
   * @param status the HTTP status, or {@link #NO_ANSWER}
   */
  public void kibanaRequest(
      String connection, String method, String route, String status, Duration took) {
    Timer.builder(KIBANA_REQUESTS)
        .description("Requests to Kibana by connection, method, route template and status")
        .tag("connection", connection)
        .tag("method", method)
        .tag("route", route)
        .tag("status", status)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry)
        .record(took);
  }

  /** Kibana's object was changed or deleted there and the operator put it back. */
  public void driftCorrected(String kind) {
    Counter.builder(DRIFT_CORRECTIONS)
        .description("Objects put back after they were changed or deleted in Kibana, by kind")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /**
   * How many objects one batched Kibana request carried. The shared reads record {@code read};
   * batched writes record {@code write}.
   */
  public void batchSize(String operation, int objects) {
    DistributionSummary.builder(BATCH_SIZE)
        .description("Objects per batched Kibana request, by operation")
        .tag("operation", operation)
        .publishPercentileHistogram()
        .minimumExpectedValue(1.0)
        .maximumExpectedValue(1000.0)
        .register(registry)
        .record(objects);
  }

  /** Times a chart validation (or any spec check) of a kind and returns its result. */
  public <T> T timeValidation(String kind, Supplier<T> validation) {
    return validationTimer(kind).record(validation);
  }

  /** Records a validation that was timed elsewhere. */
  public void validated(String kind, Duration took) {
    validationTimer(kind).record(took);
  }

  private Timer validationTimer(String kind) {
    return Timer.builder(VALIDATION)
        .description("Time spent validating a spec before it is written, by kind")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }
}

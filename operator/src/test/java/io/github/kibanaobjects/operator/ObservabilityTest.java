package io.github.kibanaobjects.operator;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.JSON;
import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import io.github.kibanaobjects.operator.reconciler.ReconcileRequest;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What platform teams watch: the metrics {@code /metrics} serves (and the Grafana dashboard in
 * deploy/ that queries them), and JSON log lines with the resource on every reconcile line. One
 * operator against the mock API and a simulator; one scenario feeds every check.
 */
@EnableKubernetesMockClient(crud = true)
class ObservabilityTest {
  static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "kibana-objects-operator.json");
  static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "le");

  static KubernetesClient client;
  static OperatorHarness harness;
  static final ByteArrayOutputStream jsonLines = new ByteArrayOutputStream();
  static OutputStreamAppender<ILoggingEvent> jsonAppender;
  static String ns;

  @BeforeAll
  static void scenario() {
    // Every line the operator logs from here on, also in JSON (as LOG_FORMAT=json writes it).
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    jsonAppender = new OutputStreamAppender<>();
    jsonAppender.setContext(context);
    jsonAppender.setEncoder(Logging.jsonEncoder(context));
    jsonAppender.setOutputStream(jsonLines);
    jsonAppender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(jsonAppender);

    harness = OperatorHarness.start(client, Duration.ofMinutes(10));
    ns = harness.newNamespace("observed");
    harness.readySuperuserConnection(ns);
    var chart = harness.awaitReady(harness.create(visualization(ns, "chart-4711", "kibana")));
    // Drift, put back at once on Flux's request.
    harness.kibana("DELETE", "/api/saved_objects/visualization/chart-4711", null);
    harness.edit(
        chart, c -> c.getMetadata().setAnnotations(Map.of(ReconcileRequest.ANNOTATION, "drift")));
    harness.await(chart, c -> "drift".equals(c.getStatus().getLastHandledReconcileAt()));
    harness.awaitReason(
        harness.create(visualization(ns, "orphan", "no-such-connection")), "ConnectionNotFound");
  }

  @AfterAll
  static void stop() {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(jsonAppender);
    jsonAppender.stop();
    harness.cleanNamespace(ns);
    harness.close();
  }

  @Test
  void theHealthPortServesPrometheusText() throws Exception {
    try (var server =
        new HealthServer(0, () -> true, () -> true, harness.metrics()::scrape).start()) {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue(HealthServer.PROMETHEUS_TEXT);
      assertThat(response.body())
          .contains(
              "kibana_operator_reconciles_total{kind=\"KibanaVisualization\",result=\"success\"}");
    }
  }

  @Test
  void kibanaRequestsAreCountedByConnectionRouteTemplateAndStatusNeverById() {
    var scrape = harness.scrape();
    var requests =
        scrape.lines().filter(l -> l.startsWith("kibana_operator_kibana_requests_seconds_count"));
    assertThat(requests.toList())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("connection=\"" + harness.sim().baseUrl() + "\"")
                    .contains("method=\"POST\"")
                    .contains("route=\"/api/saved_objects/_import\"")
                    .contains("status=\"200\""))
        .anySatisfy(l -> assertThat(l).contains("route=\"/api/status\""));
    // Object ids and resource names never become label values.
    assertThat(scrape).doesNotContain("chart-4711").doesNotContain("orphan");
    assertThat(scrape).contains("kibana_operator_kibana_requests_seconds_bucket{");
  }

  @Test
  void checksBeforeAWriteAreTimedByKind() {
    // the scenario's chart was checked by the vega libraries before its first write
    assertThat(harness.scrape())
        .containsPattern(
            "kibana_operator_validation_seconds_count\\{kind=\"KibanaVisualization\",?\\} [1-9]");
  }

  @Test
  void failuresAreCountedByReason() {
    assertThat(harness.scrape())
        .contains(
            "kibana_operator_reconcile_failures_total{kind=\"KibanaVisualization\","
                + "reason=\"ConnectionNotFound\"}");
  }

  @Test
  void everyQueryOfTheGrafanaDashboardNamesMetricsTheOperatorExports() throws Exception {
    // The hook for batched writes, called as its caller will (one chart may not batch).
    new OperatorMetrics(harness.metrics()).batchSize("write", 3);
    var scraped = new TreeSet<String>();
    harness
        .scrape()
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> scraped.add(l.split("[{ ]", 2)[0]));

    var dashboard = JSON.readTree(Files.readString(DASHBOARD));
    var queries = new ArrayList<String>();
    dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(expr(t))));
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    var named = new TreeSet<String>();
    for (var query : queries) {
      var names = metricNames(query);
      var patterns = nameMatchers(query);
      assertThat(names.size() + patterns.size()).as(query).isPositive();
      assertThat(scraped).as(query).containsAll(names);
      for (var pattern : patterns) {
        assertThat(scraped).as(query).anyMatch(n -> pattern.matcher(n).matches());
      }
      named.addAll(names);
    }
    // What the issue asks the dashboard to show.
    assertThat(named)
        .contains(
            "kibana_operator_reconciles_total",
            "kibana_operator_reconcile_failures_total",
            "kibana_operator_kibana_requests_seconds_count",
            "kibana_operator_kibana_requests_seconds_bucket",
            "kibana_operator_drift_corrections_total",
            "kibana_operator_batch_size_bucket",
            "kibana_operator_validation_seconds_bucket");
  }

  static String expr(JsonNode target) {
    return target.path("expr").asText();
  }

  /**
   * The metric names a PromQL query selects: identifiers left once label matchers, ranges, strings
   * and grouping clauses are removed, that are neither functions (followed by a parenthesis) nor
   * keywords.
   */
  static Set<String> metricNames(String query) {
    var bare =
        query
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\"[^\"]*\"", " ")
            .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ");
    var names = new TreeSet<String>();
    var identifier = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    var m = identifier.matcher(bare);
    while (m.find()) {
      if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The {@code __name__=~"..."} matchers of a query. */
  static List<Pattern> nameMatchers(String query) {
    var out = new ArrayList<Pattern>();
    var m = Pattern.compile("__name__=~\"([^\"]+)\"").matcher(query);
    while (m.find()) {
      out.add(Pattern.compile(m.group(1)));
    }
    return out;
  }

  @Test
  void everyReconcileLineCarriesKindNamespaceAndName() throws Exception {
    var lines = new ArrayList<JsonNode>();
    var text = jsonLines.toString(StandardCharsets.UTF_8);
    // complete lines only: the operator may be writing one now
    for (var line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    var reconcileLines =
        lines.stream()
            .filter(l -> l.path("threadName").asText().startsWith("ReconcilerExecutor"))
            .filter(l -> l.path("loggerName").asText().startsWith("io.github.kibanaobjects"))
            .toList();
    assertThat(reconcileLines).isNotEmpty();
    assertThat(reconcileLines)
        .allSatisfy(
            l ->
                assertThat(
                        l.path("mdc").path("kind").asText()
                            + l.path("mdc").path("namespace").asText()
                            + l.path("mdc").path("name").asText())
                    .as(l.toString())
                    .isNotEmpty());
    assertThat(reconcileLines)
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("mdc").path("kind").asText()).isEqualTo("KibanaVisualization");
              assertThat(l.path("mdc").path("namespace").asText()).isEqualTo(ns);
              assertThat(l.path("mdc").path("name").asText()).isEqualTo("orphan");
              assertThat(l.path("formattedMessage").asText()).startsWith("ConnectionNotFound: ");
            });
  }

  @Test
  void logFormatJsonSwitchesTheConsoleAppender() throws Exception {
    var context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    var out = new ByteArrayOutputStream();
    var appender = new OutputStreamAppender<ILoggingEvent>();
    appender.setContext(context);
    var text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%msg%n");
    text.start();
    appender.setEncoder(text);
    appender.setOutputStream(out);
    appender.start();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);

    Logging.use(context, OperatorConfig.LogFormat.JSON);
    MDC.put("kind", "KibanaRole");
    try {
      root.info("hello {}", "there");
    } finally {
      MDC.remove("kind");
    }

    var line = JSON.readTree(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(line.path("formattedMessage").asText()).isEqualTo("hello there");
    assertThat(line.path("mdc").path("kind").asText()).isEqualTo("KibanaRole");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
  }
}

package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import io.github.kibanaobjects.sandbox.preview.PreviewCharts;
import io.github.kibanaobjects.sandbox.preview.PreviewPages;
import io.github.kibanaobjects.sandbox.preview.PreviewServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The preview pages of the repository's examples, served from the in-memory API (no operator, no
 * browser: the browser check is {@code --browser-check}, run by .ci/run): every example has a page,
 * each page embeds exactly the operator's mapping of its resource with sample data for
 * Elasticsearch queries, and loads only vendored libraries, all served.
 */
class PreviewServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern SCRIPT = Pattern.compile("<script src=\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static InMemoryKubernetes kubernetes;
  private static PreviewServer previews;

  @BeforeAll
  static void start() throws Exception {
    kubernetes = InMemoryKubernetes.start(0);
    kubernetes.install(BundledCrds.fromFolder(Path.of("..", "crds"), SERIALIZATION));
    var examples =
        Manifests.read(Manifests.find(List.of(Path.of("..", "examples"))), SERIALIZATION);
    new ManifestApplier(
            kubernetes.client(),
            false,
            "http://127.0.0.1:5601",
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .apply(examples);
    previews = PreviewServer.start(kubernetes.client(), 0);
  }

  @AfterAll
  static void stop() {
    previews.close();
    kubernetes.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    var uri = URI.create(previews.url()).resolve(path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<KibanaVisualization> exampleVisualizations() {
    return kubernetes
        .client()
        .resources(KibanaVisualization.class)
        .inAnyNamespace()
        .list()
        .getItems();
  }

  @Test
  void theIndexListsAPageForEveryVisualizationAndDashboard() throws Exception {
    var index = JSON.readTree(get("/index.json").body());
    var pages = new ArrayList<String>();
    index.path("pages").forEach(page -> pages.add(page.asText()));
    var expected = new ArrayList<String>();
    exampleVisualizations()
        .forEach(
            vis ->
                expected.add(
                    "/visualizations/"
                        + vis.getMetadata().getNamespace()
                        + "/"
                        + vis.getMetadata().getName()));
    expected.add("/dashboards/kibana-demo/analytics");
    assertThat(pages).containsExactlyInAnyOrderElementsOf(expected).hasSizeGreaterThan(3);
    assertThat(index.path("otherLibraries")).hasSize(pages.size());

    var html = get("/").body();
    for (var page : pages) {
      assertThat(html).contains("href=\"" + page + "\"");
    }
  }

  @Test
  void eachPageEmbedsTheOperatorsMappingWithSampleDataAndLoadsOnlyServedLibraries()
      throws Exception {
    for (var vis : exampleVisualizations()) {
      var path = "/visualizations/kibana-demo/" + vis.getMetadata().getName();
      var page = get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      var embedded = PreviewPages.embeddedCharts(page.body());
      assertThat(embedded).as(path).hasSize(1);
      var expected = expectedSpec(vis);
      assertThat(embedded.get(0).path("error").isMissingNode()).as(path).isTrue();
      assertSame(path, embedded.get(0).get("spec"), expected);
      assertSame(path + ".json", JSON.readTree(get(path + ".json").body()).get("spec"), expected);
      assertLibrariesServed(path, page.body(), "5.33.0");
    }
  }

  /** The operator's mapping, with Elasticsearch queries answered by the sample response. */
  private static JsonNode expectedSpec(KibanaVisualization vis) {
    var spec = vis.getSpec();
    String chartFile = null;
    if (spec.getSpecFrom() != null) {
      var ref = spec.getSpecFrom().getConfigMapKeyRef();
      ConfigMap map =
          kubernetes.client().configMaps().inNamespace("kibana-demo").withName(ref.getName()).get();
      chartFile = map.getData().get(ref.getKey());
    }
    var chart = VegaSpecResolver.resolveChart(spec, chartFile);
    var data = spec.getElasticsearchData();
    var expected = PreviewCharts.withSampleData(chart, data == null ? null : data.getIndex());
    // Read back as the page's JSON is read (the operator's mapper keeps decimals exact).
    try {
      return JSON.readTree(JSON.writeValueAsString(expected));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Equal trees, without printing a 400-row chart when they are not. */
  private static void assertSame(String what, JsonNode actual, JsonNode expected) {
    assertThat(actual.equals(expected))
        .as("%s: the page's chart differs from the operator's mapping with sample data", what)
        .isTrue();
  }

  @Test
  void anElasticsearchBoundChartIsDrawnOnItsOwnRowsShapedLikeASearchResponse() throws Exception {
    var live = JSON.readTree(get("/visualizations/kibana-demo/cars-live.json").body());
    var chart = live.get("spec");
    assertThat(live.path("elasticsearchIndex").asText()).isEqualTo("cars");
    // No Elasticsearch query is left for the browser to run.
    assertThat(chart.toString()).doesNotContain("%context%").doesNotContain("\"url\"");
    var data = chart.get("data");
    assertThat(data.path("format").path("property").asText()).isEqualTo("hits.hits");
    var hits = data.path("values").path("hits").path("hits");
    // The same rows the inline chart (cars-scatter) draws, each under _source of a hit.
    var inline =
        JSON.readTree(get("/visualizations/kibana-demo/cars-scatter.json").body()).get("spec");
    var rows = inline.get("datasets").elements().next();
    assertThat(hits).hasSize(rows.size()).hasSize(live.get("sampleDocuments").asInt());
    assertThat(data.path("values").path("hits").path("total").path("value").asInt())
        .isEqualTo(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(hits.get(i).get("_source")).isEqualTo(rows.get(i));
      assertThat(hits.get(i).path("_index").asText()).isEqualTo("cars");
    }
    // Its transforms read the fields back from _source.
    assertThat(chart.path("transform").toString()).contains("datum._source");
  }

  @Test
  void theDashboardPagePlacesEachPanelOnThe48ColumnGrid() throws Exception {
    var page = get("/dashboards/kibana-demo/analytics").body();
    assertThat(page).contains("grid-template-columns: repeat(48, 1fr)");
    assertThat(page)
        .contains("grid-column: 1 / span 24; grid-row: 1 / span 18")
        .contains("grid-column: 25 / span 24; grid-row: 1 / span 18")
        .contains("grid-column: 1 / span 48; grid-row: 19 / span 12");
    var charts = PreviewPages.embeddedCharts(page);
    var names = new ArrayList<String>();
    charts.forEach(chart -> names.add(chart.path("name").asText()));
    assertThat(names)
        .containsExactly(
            "kibana-demo/cars-scatter", "kibana-demo/cars-from-configmap", "kibana-demo/seed-bar");
    var scatter =
        exampleVisualizations().stream()
            .filter(vis -> vis.getMetadata().getName().equals("cars-scatter"))
            .findFirst()
            .orElseThrow();
    assertSame("dashboard panel cars", charts.get(0).get("spec"), expectedSpec(scatter));
    assertLibrariesServed("dashboard", page, "5.33.0");
  }

  @Test
  void aConnectionReportingANewerKibanaDrawsWithVegaSixAndTheOverrideSwitchesBack()
      throws Exception {
    var connections = kubernetes.client().resources(KibanaConnection.class);
    var connection = connections.inNamespace("kibana-demo").withName("kibana").get();
    var status = new KibanaConnectionStatus();
    status.setKibanaVersion("9.3.0");
    connection.setStatus(status);
    connections.resource(connection).updateStatus();
    try {
      var page = get("/visualizations/kibana-demo/seed-bar").body();
      assertLibrariesServed("seed-bar on 9.3.0", page, "6.2.0");
      assertThat(page).contains("vega-lite-6.4.1.min.js").contains("vega-embed-7.1.0.min.js");
      var back = get("/visualizations/kibana-demo/seed-bar?libraries=v5").body();
      assertLibrariesServed("seed-bar, v5 asked for", back, "5.33.0");
    } finally {
      var current = connections.inNamespace("kibana-demo").withName("kibana").get();
      current.setStatus(null);
      connections.resource(current).updateStatus();
    }
  }

  @Test
  void unknownPagesAndFilesAreNotFound() throws Exception {
    assertThat(get("/visualizations/kibana-demo/no-such-chart").statusCode()).isEqualTo(404);
    assertThat(get("/lib/..%2Fpom.xml").statusCode()).isEqualTo(404);
    assertThat(get("/lib/vega-embed-6.29.0.LICENSE").body()).contains("University of Washington");
  }

  /** Every script is local, served, and vega is the expected release. */
  private static void assertLibrariesServed(String what, String page, String vega)
      throws Exception {
    var scripts = new ArrayList<String>();
    SCRIPT.matcher(page).results().forEach(match -> scripts.add(match.group(1)));
    assertThat(scripts).as(what).contains("/lib/vega-" + vega + ".min.js", "/preview.js");
    for (var script : scripts) {
      assertThat(script).as(what).startsWith("/");
      var served = get(script);
      assertThat(served.statusCode()).as(what + " " + script).isEqualTo(200);
      assertThat(served.body()).as(script).isNotEmpty();
    }
  }
}

package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.mapping.DashboardPanels;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver;
import io.github.kibanaobjects.operator.status.OperatorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The previews of what a Kubernetes API holds, read when asked (so resources applied later show up
 * too): one per KibanaVisualization, drawn from the operator's own mapping of it, and one per
 * KibanaDashboard, its panels on the 48-column grid.
 */
public final class Previews {

  /**
   * One chart as a preview draws it.
   *
   * @param libraries the libraries of the Kibana version the resource's connection reports
   * @param spec the spec the operator sends to Kibana, with sample data for Elasticsearch queries;
   *     null when the resource cannot be mapped
   * @param index the index of {@code spec.elasticsearchData}; null when the chart has inline data
   * @param sampleDocuments how many sample documents answer its queries
   * @param error why the resource cannot be mapped (the operator's InvalidSpec message); else null
   */
  public record Chart(
      String namespace,
      String name,
      String title,
      PreviewLibraries libraries,
      String library,
      JsonNode spec,
      String index,
      int sampleDocuments,
      String error) {

    public String path() {
      return "/visualizations/" + namespace + "/" + name;
    }

    /** The same chart drawn with other libraries (what another Kibana version would use). */
    public Chart withLibraries(PreviewLibraries other) {
      return new Chart(namespace, name, title, other, library, spec, index, sampleDocuments, error);
    }
  }

  /**
   * One panel of a dashboard.
   *
   * @param chart the KibanaVisualization it shows; null for a panel naming another saved object
   * @param savedObject "type id" of that other saved object, else null
   */
  public record Panel(int x, int y, int w, int h, String title, Chart chart, String savedObject) {}

  public record Dashboard(
      String namespace, String name, String title, PreviewLibraries libraries, List<Panel> panels) {

    public String path() {
      return "/dashboards/" + namespace + "/" + name;
    }

    public Dashboard withLibraries(PreviewLibraries other) {
      var drawn =
          panels.stream()
              .map(
                  p ->
                      new Panel(
                          p.x(),
                          p.y(),
                          p.w(),
                          p.h(),
                          p.title(),
                          p.chart() == null ? null : p.chart().withLibraries(other),
                          p.savedObject()))
              .toList();
      return new Dashboard(namespace, name, title, other, drawn);
    }
  }

  private final KubernetesClient client;

  public Previews(KubernetesClient client) {
    this.client = client;
  }

  public List<Chart> visualizations() {
    return all(KibanaVisualization.class, this::chart);
  }

  public Optional<Chart> visualization(String namespace, String name) {
    return one(KibanaVisualization.class, namespace, name, this::chart);
  }

  public List<Dashboard> dashboards() {
    return all(KibanaDashboard.class, this::dashboard);
  }

  public Optional<Dashboard> dashboard(String namespace, String name) {
    return one(KibanaDashboard.class, namespace, name, this::dashboard);
  }

  /** Every resource of a kind, by namespace and name. */
  private <T extends HasMetadata, P> List<P> all(Class<T> kind, Function<T, P> preview) {
    return client.resources(kind).inAnyNamespace().list().getItems().stream()
        .sorted(
            Comparator.comparing((T r) -> r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName()))
        .map(preview)
        .toList();
  }

  private <T extends HasMetadata, P> Optional<P> one(
      Class<T> kind, String namespace, String name, Function<T, P> preview) {
    return Optional.ofNullable(client.resources(kind).inNamespace(namespace).withName(name).get())
        .map(preview);
  }

  private Chart chart(KibanaVisualization vis) {
    var namespace = vis.getMetadata().getNamespace();
    var name = vis.getMetadata().getName();
    var spec = vis.getSpec();
    var title = spec == null || spec.getTitle() == null ? name : spec.getTitle();
    var libraries = librariesOf(namespace, spec == null ? null : spec.getConnectionRef());
    if (spec == null) {
      return new Chart(namespace, name, title, libraries, null, null, null, 0, "no spec");
    }
    var data = spec.getElasticsearchData();
    var index = data == null ? null : data.getIndex();
    try {
      var mapped = VegaSpecResolver.resolveChart(spec, chartFile(namespace, vis));
      return new Chart(
          namespace,
          name,
          title,
          libraries,
          mapped.library() == VegaSpecResolver.Library.VEGA ? "vega" : "vega-lite",
          PreviewCharts.withSampleData(mapped, index),
          index,
          data == null ? 0 : mapped.sampleHits().size(),
          null);
    } catch (OperatorException e) {
      return new Chart(namespace, name, title, libraries, null, null, index, 0, e.getMessage());
    }
  }

  /** The chart file named by specFrom, as the operator reads it; null when specFrom is unused. */
  private String chartFile(String namespace, KibanaVisualization vis) {
    var specFrom = vis.getSpec().getSpecFrom();
    if (specFrom == null || specFrom.getConfigMapKeyRef() == null) {
      return null;
    }
    var ref = specFrom.getConfigMapKeyRef();
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    return map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
  }

  private Dashboard dashboard(KibanaDashboard dashboard) {
    var namespace = dashboard.getMetadata().getNamespace();
    var name = dashboard.getMetadata().getName();
    var spec = dashboard.getSpec();
    var title = spec == null || spec.getTitle() == null ? name : spec.getTitle();
    var libraries = librariesOf(namespace, spec == null ? null : spec.getConnectionRef());
    if (spec == null) {
      return new Dashboard(namespace, name, title, libraries, List.of());
    }
    // The operator's own panel resolution (positions, defaults), with each visualization
    // "found" under its resource name.
    var resolved = DashboardPanels.resolve(spec, Optional::of).panels();
    var specPanels = spec.panelsOrEmpty();
    var panels = new ArrayList<Panel>();
    // resolve keeps every panel, in spec order, when every lookup succeeds (as here).
    for (int i = 0; i < resolved.size(); i++) {
      var panel = resolved.get(i);
      var visualization = specPanels.get(i).getVisualization();
      if (visualization == null) {
        panels.add(
            new Panel(
                panel.x(),
                panel.y(),
                panel.w(),
                panel.h(),
                panel.title(),
                null,
                panel.type() + " " + panel.id()));
        continue;
      }
      var chart =
          visualization(namespace, visualization)
              .orElseGet(
                  () ->
                      new Chart(
                          namespace,
                          visualization,
                          visualization,
                          libraries,
                          null,
                          null,
                          null,
                          0,
                          "no KibanaVisualization " + namespace + "/" + visualization));
      panels.add(
          new Panel(
              panel.x(),
              panel.y(),
              panel.w(),
              panel.h(),
              panel.title() == null ? chart.title() : panel.title(),
              chart,
              null));
    }
    return new Dashboard(namespace, name, title, libraries, List.copyOf(panels));
  }

  /** By the Kibana version the connection reports in its status; 5.x while it has none. */
  private PreviewLibraries librariesOf(String namespace, ConnectionRef ref) {
    if (ref == null || ref.getName() == null) {
      return PreviewLibraries.forKibana(null, null);
    }
    var connectionNamespace = ref.getNamespace() == null ? namespace : ref.getNamespace();
    var connection =
        client
            .resources(KibanaConnection.class)
            .inNamespace(connectionNamespace)
            .withName(ref.getName())
            .get();
    var status = connection == null ? null : connection.getStatus();
    return status == null
        ? PreviewLibraries.forKibana(null, null)
        : PreviewLibraries.forKibana(status.getKibanaVersion(), status.getKibanaFlavor());
  }
}

package io.github.kibanaobjects.operator.reconciler.dashboard;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import org.junit.jupiter.api.Test;

/** The dashboards keep what they read of a visualization, and nothing of its chart. */
class ChartlessVisualizationStoreTest {
  @Test
  void aStoredVisualizationKeepsItsPlacementAndLosesItsChart() {
    var vis = visualization("team-a", "sales", "kibana");
    vis.getSpec().setSpace("analytics");
    vis.getSpec().setTitle("Sales");
    var status = new KibanaVisualizationStatus();
    status.setId("sales");
    vis.setStatus(status);
    assertThat(vis.getSpec().getVegaLite()).as("the fixture has a chart").isNotNull();

    var store = new ChartlessVisualizationStore();
    store.put(store.getKey(vis), vis);

    var kept = store.get("team-a/sales");
    assertThat(kept.getSpec().getVegaLite()).isNull();
    assertThat(kept.getSpec().getVega()).isNull();
    assertThat(kept.getSpec().getSpec()).isNull();
    assertThat(kept.getSpec().getSpace()).isEqualTo("analytics");
    assertThat(kept.getSpec().getTitle()).isEqualTo("Sales");
    assertThat(kept.getStatus().getId()).isEqualTo("sales");
  }
}

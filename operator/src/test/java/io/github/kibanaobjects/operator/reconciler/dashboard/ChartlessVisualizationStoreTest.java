package io.github.kibanaobjects.operator.reconciler.dashboard;

import static io.github.kibanaobjects.operator.testing.OperatorHarness.visualization;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboards keep what they read of a visualization, and nothing of its chart or its
 * managedFields (what every informer cache of the operator leaves out, ManagedFieldsFreeStore).
 */
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
    var fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:vegaLite", Map.of()));
    vis.getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Update")
                    .withFieldsV1(fields)
                    .build()));
    assertThat(vis.getMetadata().getManagedFields()).isNotEmpty();

    var store = new ChartlessVisualizationStore();
    store.put(store.getKey(vis), vis);

    var kept = store.get("team-a/sales");
    assertThat(kept.getSpec().getVegaLite()).isNull();
    assertThat(kept.getSpec().getVega()).isNull();
    assertThat(kept.getSpec().getSpec()).isNull();
    assertThat(kept.getSpec().getSpace()).isEqualTo("analytics");
    assertThat(kept.getSpec().getTitle()).isEqualTo("Sales");
    assertThat(kept.getStatus().getId()).isEqualTo("sales");
    assertThat(kept.getMetadata().getManagedFields()).isNull();
    assertThat(kept.getMetadata().getName()).isEqualTo("sales");
  }
}

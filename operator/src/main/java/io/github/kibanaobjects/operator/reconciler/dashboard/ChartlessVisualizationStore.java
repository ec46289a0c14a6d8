package io.github.kibanaobjects.operator.reconciler.dashboard;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.reconciler.ManagedFieldsFreeStore;

/**
 * The dashboards' cache of KibanaVisualizations, kept without their charts. A dashboard needs a
 * visualization's id, space, connection and readiness, never its chart; keeping the chart here as
 * well as in the visualizations' own cache made the operator's heap grow with every chart twice
 * over (used only where one informer fills it, see InformerStores). Nor their managedFields (see
 * the parent class).
 */
final class ChartlessVisualizationStore extends ManagedFieldsFreeStore<KibanaVisualization> {
  @Override
  public KibanaVisualization put(String key, KibanaVisualization vis) {
    return super.put(key, withoutChart(vis));
  }

  /**
   * The same resource with its chart fields cleared, in place: this informer's copy was read from
   * its own watch and is seen by nothing but the dashboards.
   */
  static KibanaVisualization withoutChart(KibanaVisualization vis) {
    var spec = vis.getSpec();
    if (spec != null) {
      spec.setVegaLite(null);
      spec.setVega(null);
      spec.setSpec(null);
    }
    return vis;
  }
}

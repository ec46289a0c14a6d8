package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one panel is written into a dashboard saved object: its element of {@code panelsJSON} and the
 * references it needs. The seam for by-value panels.
 *
 * <p>Today every panel is written by reference ({@link #BY_REFERENCE}): the panel names a saved
 * object through {@code panelRefName}, and the dashboard's references resolve it. That is what
 * {@code _import} stores on 8.x, 9.x and serverless. Kibana's newer Dashboards API ({@code
 * /api/dashboards}) takes structured panels instead, and in 9.5 answers 400 for panels without a
 * schema, {@code legacy_vis} (which every Visualize-editor Vega chart is) among them
 * (elastic/kibana#274208, #262396). Kibana 9.6 adds by-value {@code vega} panels with a schema,
 * behind the {@code vega.standaloneEmbeddable} feature flag, still refusing library Vega
 * visualizations (elastic/kibana#283508). A by-value writer would implement this interface: put the
 * chart into the panel's {@code embeddableConfig} and add no reference; the dashboard would still
 * be written through {@code _import}, so nothing else changes.
 */
public interface PanelWriter {
  /**
   * Appends the panel's {@code panelsJSON} element to {@code panels} and its references to {@code
   * references}.
   */
  void write(DashboardPanels.Panel panel, ArrayNode panels, ArrayNode references);

  /**
   * By reference, in the shape Kibana 8.x and 9.x write (createExtract in
   * src/platform/plugins/shared/dashboard/common/dashboard_container/persistable_state/
   * dashboard_container_references.ts, transformPanelsIn in src/platform/plugins/shared/dashboard/
   * server/content_management/v1/transforms/in/transform_panels_in.ts): {@code {type,
   * embeddableConfig, panelIndex, gridData: {x, y, w, h, i: panelIndex}, panelRefName:
   * "panel_<panelIndex>"}}, and the reference {@code {name: "<panelIndex>:panel_<panelIndex>",
   * type, id}}. A custom title goes into {@code embeddableConfig.title}, where Kibana keeps it
   * since 8.19 (before, it was a sibling; transformPanelsOut reads both).
   */
  PanelWriter BY_REFERENCE =
      (panel, panels, references) -> {
        var refName = "panel_" + panel.panelIndex();
        var node = panels.addObject();
        node.put("type", panel.type());
        var config = node.putObject("embeddableConfig");
        if (panel.title() != null) {
          config.put("title", panel.title());
        }
        node.put("panelIndex", panel.panelIndex());
        ObjectNode grid = node.putObject("gridData");
        grid.put("x", panel.x());
        grid.put("y", panel.y());
        grid.put("w", panel.w());
        grid.put("h", panel.h());
        grid.put("i", panel.panelIndex());
        node.put("panelRefName", refName);
        var reference = references.addObject();
        reference.put("name", panel.panelIndex() + ":" + refName);
        reference.put("type", panel.type());
        reference.put("id", panel.id());
      };
}

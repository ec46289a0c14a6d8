package io.github.kibanaobjects.operator.mapping;

import io.github.kibanaobjects.operator.api.v1alpha1.DashboardPanel;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a dashboard's panels into what Kibana stores: each panel with a stable panelIndex and the
 * saved object it shows. A panel naming a KibanaVisualization gets that visualization's saved
 * object id through a lookup (the reconciler reads it from the visualization's status), so the
 * dashboard waits for visualizations that are not Ready yet.
 */
public final class DashboardPanels {
  /** The saved object type of a KibanaVisualization. */
  public static final String VISUALIZATION_TYPE = VisualizationMapper.TYPE;

  /** One panel as written: where it is, what it shows, and its optional title. */
  public record Panel(
      String panelIndex, String type, String id, int x, int y, int w, int h, String title) {}

  /**
   * @param panels the panels, in spec order, when every visualization was found; empty otherwise
   * @param missing the KibanaVisualization names the lookup did not find, in spec order, once each
   */
  public record Resolution(List<Panel> panels, List<String> missing) {
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  private DashboardPanels() {}

  /**
   * The panelIndex of the panel at {@code position} (0-based): its name, else its 1-based position,
   * so it stays the same across reconciles and operator versions (Kibana itself uses UUIDs; any
   * string without ':' works, see {@link DashboardPanel#NAME_PATTERN}).
   */
  public static String panelIndex(DashboardPanel panel, int position) {
    var name = panel.getName();
    return name == null || name.isEmpty() ? Integer.toString(position + 1) : name;
  }

  /**
   * The panelIndexes used twice: an unnamed panel's position can equal another panel's name (the
   * CRD checks names only among themselves).
   */
  public static List<String> duplicatePanelIndexes(KibanaDashboardSpec spec) {
    var seen = new HashMap<String, Integer>();
    var panels = spec.panelsOrEmpty();
    for (int i = 0; i < panels.size(); i++) {
      seen.merge(panelIndex(panels.get(i), i), 1, Integer::sum);
    }
    var duplicates = new ArrayList<String>();
    for (int i = 0; i < panels.size(); i++) {
      var index = panelIndex(panels.get(i), i);
      if (seen.get(index) > 1 && !duplicates.contains(index)) {
        duplicates.add(index);
      }
    }
    return duplicates;
  }

  /** The KibanaVisualization names the panels use, in spec order, once each. */
  public static List<String> visualizationNames(KibanaDashboardSpec spec) {
    var names = new LinkedHashSet<String>();
    for (var panel : spec.panelsOrEmpty()) {
      if (panel.getVisualization() != null) {
        names.add(panel.getVisualization());
      }
    }
    return List.copyOf(names);
  }

  /**
   * Resolves every panel.
   *
   * @param visualizationIds the saved object id of a KibanaVisualization (by resource name) that is
   *     Ready in the dashboard's space; empty when it is not (yet)
   */
  public static Resolution resolve(
      KibanaDashboardSpec spec, Function<String, Optional<String>> visualizationIds) {
    var panels = new ArrayList<Panel>();
    var missing = new LinkedHashSet<String>();
    var specPanels = spec.panelsOrEmpty();
    for (int i = 0; i < specPanels.size(); i++) {
      var panel = specPanels.get(i);
      String type;
      String id;
      if (panel.getVisualization() != null) {
        var found = visualizationIds.apply(panel.getVisualization());
        if (found.isEmpty()) {
          missing.add(panel.getVisualization());
          continue;
        }
        type = VISUALIZATION_TYPE;
        id = found.get();
      } else if (panel.getSavedObject() != null) {
        type = panel.getSavedObject().getType();
        id = panel.getSavedObject().getId();
      } else {
        throw new IllegalArgumentException(
            "panel " + panelIndex(panel, i) + " sets neither visualization nor savedObject");
      }
      panels.add(
          new Panel(
              panelIndex(panel, i),
              type,
              id,
              panel.xOrDefault(),
              panel.yOrDefault(),
              panel.wOrDefault(),
              panel.hOrDefault(),
              panel.getTitle()));
    }
    return missing.isEmpty()
        ? new Resolution(List.copyOf(panels), List.of())
        : new Resolution(List.of(), List.copyOf(missing));
  }
}

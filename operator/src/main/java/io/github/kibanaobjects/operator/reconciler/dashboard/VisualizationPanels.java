package io.github.kibanaobjects.operator.reconciler.dashboard;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.mapping.DashboardPanels;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The KibanaVisualizations a dashboard shows, as its panels need them: Ready, and written in the
 * dashboard's space. Pure: it works on the resources the informer cache holds.
 */
final class VisualizationPanels {
  private VisualizationPanels() {}

  /**
   * Resolves the dashboard's panels against the visualizations of its namespace.
   *
   * @throws OperatorException {@code DependencyNotReady} naming each panel visualization that is
   *     missing, not Ready, in another space or written through another connection (so into another
   *     Kibana, where the dashboard's reference would dangle: Kibana's import does not check
   *     visualization references); {@code InvalidSpec} when two panels share a panelIndex
   */
  static List<DashboardPanels.Panel> resolve(
      KibanaDashboardSpec spec, String connection, Collection<KibanaVisualization> visualizations) {
    var duplicates = DashboardPanels.duplicatePanelIndexes(spec);
    if (!duplicates.isEmpty()) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "spec.panels: panel ids %s are used twice (an unnamed panel's id is its position,"
                  .formatted(duplicates)
              + " 1-based); give the panels distinct names");
    }
    Map<String, KibanaVisualization> byName =
        visualizations.stream()
            .collect(
                Collectors.toMap(v -> v.getMetadata().getName(), Function.identity(), (a, b) -> a));
    var space = spec.spaceOrDefault();
    var resolution =
        DashboardPanels.resolve(spec, name -> usable(byName.get(name), space, connection));
    if (!resolution.complete()) {
      var waiting = new ArrayList<String>();
      for (var name : resolution.missing()) {
        waiting.add("%s (%s)".formatted(name, why(byName.get(name), space, connection)));
      }
      throw new OperatorException(
          Reason.DEPENDENCY_NOT_READY,
          "waiting for the KibanaVisualizations of its panels: " + String.join(", ", waiting));
    }
    return resolution.panels();
  }

  /** The visualization's saved object id, when it is Ready in {@code space}. */
  private static Optional<String> usable(KibanaVisualization vis, String space, String connection) {
    if (vis == null || !Conditions.isReady(vis.getStatus())) {
      return Optional.empty();
    }
    var status = vis.getStatus();
    return status.getId() != null
            && space.equals(status.getSpace())
            && connection.equals(status.getConnection())
        ? Optional.of(status.getId())
        : Optional.empty();
  }

  private static String why(KibanaVisualization vis, String space, String connection) {
    if (vis == null) {
      return "not found";
    }
    if (!Conditions.isReady(vis.getStatus())) {
      var reason =
          vis.getStatus() == null
              ? Optional.<String>empty()
              : Conditions.find(vis.getStatus().getConditions(), Conditions.READY)
                  .map(c -> c.getReason());
      return reason.map(r -> "not Ready: " + r).orElse("not Ready yet");
    }
    if (!connection.equals(vis.getStatus().getConnection())) {
      return "written through connection \"%s\", not \"%s\""
          .formatted(vis.getStatus().getConnection(), connection);
    }
    return "in space \"%s\", not \"%s\"".formatted(vis.getStatus().getSpace(), space);
  }
}

package io.github.kibanaobjects.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Formats resource states as an aligned text table. Pure. */
final class StatusTable {

  static final List<String> HEADER =
      List.of("KIND", "NAMESPACE/NAME", "READY", "REASON", "KIBANA ID", "LINK");

  private StatusTable() {}

  static String format(List<ResourceState> states) {
    var rows = new ArrayList<List<String>>();
    rows.add(HEADER);
    for (var state : states) {
      rows.add(
          List.of(
              state.kind(),
              state.name(),
              state.ready(),
              state.reason(),
              state.kibanaId(),
              state.link()));
    }
    var widths = new int[HEADER.size()];
    for (var row : rows) {
      for (var i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    var text = new StringBuilder();
    for (var row : rows) {
      var line = new StringBuilder();
      for (var i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}

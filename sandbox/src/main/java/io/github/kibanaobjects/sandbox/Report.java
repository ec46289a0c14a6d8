package io.github.kibanaobjects.sandbox;

import java.io.PrintStream;
import java.util.List;

/** The sandbox's report: the status table, what Kibana holds, the failures and the exit code. */
final class Report {

  /** Exit code: every resource is Ready. */
  static final int ALL_READY = 0;

  /** Exit code: at least one resource is not Ready (or the sandbox failed). */
  static final int NOT_READY = 1;

  private Report() {}

  /** Reads the Kibana summary; a failure to read it is reported, not fatal. */
  interface SummarySource {
    KibanaSummary read() throws Exception;
  }

  /** Prints the report and returns the exit code it stands for. */
  static int print(List<ResourceState> states, SummarySource summary, PrintStream out) {
    out.println();
    out.print(StatusTable.format(states));
    out.println();
    try {
      out.print(summary.read().format());
    } catch (Exception e) {
      out.println("Could not read what Kibana holds: " + e.getMessage());
    }
    var failures = states.stream().filter(s -> !s.isReady()).toList();
    out.println();
    if (failures.isEmpty()) {
      out.printf("All %d resources are Ready.%n", states.size());
      return ALL_READY;
    }
    out.printf("%d of %d resources are not Ready:%n", failures.size(), states.size());
    failures.forEach(f -> out.println("  " + f.describeFailure()));
    return NOT_READY;
  }
}

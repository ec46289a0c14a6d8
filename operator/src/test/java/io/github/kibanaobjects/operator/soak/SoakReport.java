package io.github.kibanaobjects.operator.soak;

import io.github.kibanaobjects.operator.soak.FaultSoak.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a soak did and what it found. Every list names the Kibana objects (or resources) concerned;
 * a sound operator leaves all four empty.
 *
 * @param lost a resource is Ready but Kibana lacks its object
 * @param duplicated Kibana holds a resource's object in more than one place (an old space, say)
 * @param stale Kibana's object differs from the resource's last spec
 * @param leftBehind Kibana still holds the object of a deleted resource
 */
public record SoakReport(
    long seed,
    Duration elapsed,
    int namespaces,
    Map<String, Integer> operations,
    Map<Fault, Integer> faults,
    int restarts,
    int objects,
    List<String> lost,
    List<String> duplicated,
    List<String> stale,
    List<String> leftBehind) {

  public int operationCount() {
    return operations.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int faultCount() {
    return faults.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The figures as printed at the end of a run (docs/reliability.md quotes them). */
  public String text() {
    var out = new StringBuilder();
    out.append(
        "fault soak: seed %d, %d s, %d namespaces%n"
            .formatted(seed, elapsed.toSeconds(), namespaces));
    out.append("operations: %d %s%n".formatted(operationCount(), operations));
    out.append("faults: %d %s%n".formatted(faultCount(), faults));
    out.append("operator restarts: %d%n".formatted(restarts));
    out.append("objects compared: %d%n".formatted(objects));
    line(out, "lost", lost);
    line(out, "duplicated", duplicated);
    line(out, "stale", stale);
    line(out, "left behind", leftBehind);
    return out.toString();
  }

  private static void line(StringBuilder out, String heading, List<String> items) {
    out.append("%s: %d%s%n".formatted(heading, items.size(), items.isEmpty() ? "" : " " + items));
  }
}

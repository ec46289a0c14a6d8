package io.github.kibanaobjects.operator.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.mapping.JsonTrees;
import io.github.kibanaobjects.operator.mapping.VegaSpecResolver.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * What validating a chart costs: the first check in a fresh JVM (engine, context with the
 * libraries, first run) and then warm checks of distinct charts (none served from the cache).
 *
 * <p>Not a test: run it by hand (see the README's "Benchmarks"). Arguments: {@code [chart file]
 * [warm runs]}, default examples/charts/cars.vl.json (406 rows) and 20.
 */
public final class ChartValidationBenchmark {
  private ChartValidationBenchmark() {}

  public static void main(String[] args) throws IOException {
    var file = Path.of(args.length > 0 ? args[0] : "examples/charts/cars.vl.json");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    var chart = (ObjectNode) JsonTrees.MAPPER.readTree(Files.readString(file));
    var hits = JsonTrees.MAPPER.createArrayNode();
    System.out.printf(
        "chart %s (%d bytes), %d cores%n",
        file, Files.size(file), Runtime.getRuntime().availableProcessors());
    for (var libraries : VegaLibraries.values()) {
      try (var validations = new ChartValidations(Duration.ofMinutes(10))) {
        long start = System.nanoTime();
        var first = validations.check(libraries, Library.VEGA_LITE, chart, hits);
        double firstMs = (System.nanoTime() - start) / 1e6;
        var warm = new double[runs];
        for (int i = 0; i < runs; i++) {
          var variant = chart.deepCopy().put("description", "run " + i);
          long t = System.nanoTime();
          var result = validations.check(libraries, Library.VEGA_LITE, variant, hits);
          warm[i] = (System.nanoTime() - t) / 1e6;
          if (result.valid() != first.valid()) {
            throw new IllegalStateException("runs disagree: " + result.message());
          }
        }
        Arrays.sort(warm);
        System.out.printf(
            "%s: %s; first check %.0f ms; warm median %.0f ms, p90 %.0f ms, min %.0f ms (%d"
                + " runs)%n",
            libraries.describe(),
            first.valid() ? "valid" : first.message(),
            firstMs,
            warm[runs / 2],
            warm[(int) Math.floor(runs * 0.9)],
            warm[0],
            runs);
      }
    }
    System.exit(0);
  }
}

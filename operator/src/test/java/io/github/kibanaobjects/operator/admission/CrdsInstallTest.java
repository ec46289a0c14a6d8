package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every CRD in {@code crds/} installs on a real API server with server-side apply and becomes
 * Established: a CRD whose CEL rules exceed the cost budget, or whose schema is not structural, is
 * refused here as it would be on a cluster.
 */
class CrdsInstallTest {
  @Test
  void everyCrdInstallsAndIsEstablished() throws java.io.IOException {
    List<String> inCrds;
    try (var files = Files.list(Path.of("..", "crds"))) {
      inCrds =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith("-v1.yml"))
              .map(f -> f.substring(0, f.length() - "-v1.yml".length()))
              .sorted()
              .toList();
    }
    assertThat(inCrds).isNotEmpty();
    assertThat(RealApiServer.get().installedCrdNames()).containsExactlyElementsOf(inCrds);
  }
}

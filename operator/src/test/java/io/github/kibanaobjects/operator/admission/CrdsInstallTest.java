package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.testing.RealApiServer;
import org.junit.jupiter.api.Test;

/**
 * Every CRD in {@code crds/} installs on a real API server with server-side apply and becomes
 * Established: a CRD whose CEL rules exceed the cost budget, or whose schema is not structural, is
 * refused here as it would be on a cluster.
 */
class CrdsInstallTest {
  @Test
  void everyCrdInstallsAndIsEstablished() {
    assertThat(RealApiServer.get().installedCrdNames())
        .containsExactly(
            "kibanaconnections.kibanaobjects.github.io",
            "kibanaroles.kibanaobjects.github.io",
            "kibanaspaces.kibanaobjects.github.io",
            "kibanavisualizations.kibanaobjects.github.io");
  }
}

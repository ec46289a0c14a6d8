package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which claim is the oldest (the controller behaviour is in ExclusiveOwnershipTest). */
class ClaimsTest {
  @Test
  void oldestFirstIsCreationTimeThenNamespaceThenName() {
    var older = resource("z", "z", "2026-01-01T00:00:00Z");
    var sameSecondA = resource("b", "a", "2026-01-01T00:00:01Z");
    var sameSecondB = resource("b", "b", "2026-01-01T00:00:01Z");
    var otherNamespace = resource("c", "a", "2026-01-01T00:00:01Z");
    var unknown = resource("a", "a", null);

    var sorted = new ArrayList<>(List.of(unknown, otherNamespace, sameSecondB, sameSecondA, older));
    sorted.sort(Claims.OLDEST_FIRST);

    assertThat(sorted).containsExactly(older, sameSecondA, sameSecondB, otherNamespace, unknown);
  }

  private static KibanaVisualization resource(String namespace, String name, String created) {
    var vis = new KibanaVisualization();
    vis.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    return vis;
  }
}

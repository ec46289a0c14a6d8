package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Polls the operator's resources until they are all Ready, have all settled, or time runs out. */
final class ReadinessWaiter {

  private static final Duration POLL = Duration.ofMillis(250);

  /** How long every resource must stay settled before a failure is taken as final. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private final KubernetesClient client;

  ReadinessWaiter(KubernetesClient client) {
    this.client = client;
  }

  /** The last states read, in the order of {@code resources}. */
  List<ResourceState> await(List<GenericKubernetesResource> resources, Duration timeout)
      throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    Instant settledSince = null;
    while (true) {
      var states = read(resources);
      if (states.stream().allMatch(ResourceState::isReady)) {
        return states;
      }
      var now = Instant.now();
      if (states.stream().allMatch(ResourceState::isSettled)) {
        settledSince = settledSince == null ? now : settledSince;
        if (!now.isBefore(settledSince.plus(SETTLE))) {
          return states;
        }
      } else {
        settledSince = null;
      }
      if (!now.isBefore(deadline)) {
        return states;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  List<ResourceState> read(List<GenericKubernetesResource> resources) {
    return resources.stream().map(this::current).map(ResourceState::of).toList();
  }

  private GenericKubernetesResource current(GenericKubernetesResource resource) {
    var stored = client.resource(resource).get();
    return stored == null ? resource : stored;
  }
}

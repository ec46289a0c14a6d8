package io.github.kibanaobjects.operator.reconciler.state;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Reconciles a resource whose Kibana object a poll of {@link KibanaStates} found changed or gone.
 * It has no secondary resources: the reconcile reads the object from the {@link KibanaState}.
 */
public final class KibanaStateEventSource<P extends HasMetadata>
    extends AbstractEventSource<KibanaStateEventSource.Drift, P> {
  /** The (empty) kind of secondary resource this source stands for. */
  public record Drift() {}

  private final Runnable onStop;

  /**
   * @param onStop run when JOSDK stops the source (the operator stops)
   */
  KibanaStateEventSource(Runnable onStop) {
    super(Drift.class);
    this.onStop = onStop;
  }

  @Override
  public void stop() {
    super.stop();
    onStop.run();
  }

  void trigger(ResourceID resource) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(resource));
    }
  }

  @Override
  public Set<Drift> getSecondaryResources(P primary) {
    return Set.of();
  }
}

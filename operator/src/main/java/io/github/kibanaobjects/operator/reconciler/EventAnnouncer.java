package io.github.kibanaobjects.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The events that say what a sync did to Kibana; a no-op says nothing. */
public final class EventAnnouncer {
  private EventAnnouncer() {}

  public static void announce(
      EventRecorder events, HasMetadata resource, String what, ObjectSync.Result result) {
    var changes =
        result.changes().isEmpty() ? "" : " (changed: " + String.join(", ", result.changes()) + ")";
    switch (result.action()) {
      case CREATED -> events.normal(resource, "Created", "created " + what);
      case UPDATED -> events.normal(resource, "Updated", "updated " + what + changes);
      case DRIFT_CORRECTED ->
          events.normal(
              resource,
              "DriftCorrected",
              changes.isEmpty()
                  ? what + " was missing in Kibana; created it again"
                  : what + " was changed in Kibana; put it back" + changes);
      case ADOPTED -> events.normal(resource, "Adopted", "took over " + what + changes);
      case UNCHANGED, CREATE_RECOGNISED -> {}
    }
  }
}

package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the operator reported for one resource, read from its status. Pure.
 *
 * @param kind e.g. KibanaVisualization
 * @param name namespace/name
 * @param ready the Ready condition's status: True, False, or Unknown when there is none yet
 * @param reason the Ready condition's reason, empty when there is none
 * @param message the Ready condition's message, empty when there is none
 * @param kibanaId status.id, status.name (roles) or status.kibanaVersion (connections)
 * @param link status.url, empty when there is none
 * @param current whether status.observedGeneration equals metadata.generation
 */
record ResourceState(
    String kind,
    String name,
    String ready,
    String reason,
    String message,
    String kibanaId,
    String link,
    boolean current) {

  /**
   * Reasons that can clear up on their own: something the resource waits for is still on its way.
   * Any other Ready=False reason cannot change in the sandbox, where every input is applied before
   * the operator starts.
   */
  static final Set<String> WAITING_REASONS =
      Set.of("ConnectionNotReady", "KibanaUnreachable", "DependencyNotReady", "ValidationPending");

  static ResourceState of(GenericKubernetesResource resource) {
    var status = asMap(resource.getAdditionalProperties().get("status"));
    var readyCondition =
        asList(status.get("conditions")).stream()
            .map(ResourceState::asMap)
            .filter(c -> "Ready".equals(c.get("type")))
            .findFirst()
            .orElse(Map.of());
    var generation = resource.getMetadata().getGeneration();
    var observed = status.get("observedGeneration");
    var current =
        generation != null && observed instanceof Number number && number.longValue() == generation;
    return new ResourceState(
        resource.getKind(),
        ManifestApplier.qualifiedName(resource),
        firstNonEmpty(text(readyCondition.get("status")), "Unknown"),
        text(readyCondition.get("reason")),
        text(readyCondition.get("message")),
        firstNonEmpty(
            text(status.get("id")), text(status.get("name")), text(status.get("kibanaVersion"))),
        text(status.get("url")),
        current);
  }

  /** Ready=True for the resource's current generation. */
  boolean isReady() {
    return current && "True".equals(ready);
  }

  /** Ready, or failed for a reason that will not clear up by waiting. */
  boolean isSettled() {
    return isReady() || (current && "False".equals(ready) && !WAITING_REASONS.contains(reason));
  }

  /** {@code Kind/namespace/name: Reason: message}, for the failure list. */
  String describeFailure() {
    var why = reason.isEmpty() ? (current ? "not Ready" : "not reconciled yet") : reason;
    return kind + "/" + name + ": " + why + (message.isEmpty() ? "" : ": " + message);
  }

  private static Map<?, ?> asMap(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  private static List<?> asList(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String firstNonEmpty(String... values) {
    for (var value : values) {
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "";
  }
}

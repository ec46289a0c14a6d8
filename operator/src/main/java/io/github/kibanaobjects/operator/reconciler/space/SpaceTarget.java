package io.github.kibanaobjects.operator.reconciler.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.kibana.SpacesApi;
import io.github.kibanaobjects.operator.mapping.SpaceNormalizer;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import java.util.List;
import java.util.Optional;

/**
 * One space, created with {@code POST /api/spaces/space} and replaced with {@code PUT}: unlike the
 * role API, the space PUT does not create, so the write follows what the read found.
 */
final class SpaceTarget implements ObjectSync.Target {
  private final SpacesApi api;
  private final String id;
  private final ObjectNode desired;
  private boolean existed;

  /**
   * @param desired the body as this Kibana takes it ({@code SpaceMapper.forKibana})
   */
  SpaceTarget(SpacesApi api, String id, ObjectNode desired) {
    this.api = api;
    this.id = id;
    this.desired = desired;
  }

  @Override
  public String describe() {
    return KibanaObjectRef.global(KibanaSpaceReconciler.TYPE, id).describe();
  }

  @Override
  public String key() {
    return id;
  }

  @Override
  public Optional<JsonNode> read() {
    var current = api.get(id).map(JsonNode.class::cast);
    existed = current.isPresent();
    return current;
  }

  @Override
  public boolean matches(JsonNode current) {
    return SpaceNormalizer.equivalent(desired, current, false);
  }

  @Override
  public boolean matches(JsonNode current, boolean specChanged) {
    return SpaceNormalizer.equivalent(desired, current, specChanged);
  }

  @Override
  public List<String> diff(JsonNode current) {
    return SpaceNormalizer.diff(desired, current, true);
  }

  /** A POST on a first create, so a space made meanwhile by someone else is not replaced. */
  @Override
  public void write(boolean firstCreate) {
    if (firstCreate || !existed) {
      api.create(desired);
    } else {
      api.update(id, desired);
    }
  }
}

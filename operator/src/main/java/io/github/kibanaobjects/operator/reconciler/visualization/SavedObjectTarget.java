package io.github.kibanaobjects.operator.reconciler.visualization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.kibana.SavedObjectsApi;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.SavedObjectNormalizer;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One saved object, written through {@code _import?overwrite=true} and read in bulk. */
public final class SavedObjectTarget implements ObjectSync.Target {
  private final SavedObjectsApi api;
  private final String space;
  private final ObjectNode desired;
  private final Duration recentEnough;

  /**
   * @param recentEnough how old a shared read of the whole type may be to tell the object is in
   *     sync, or null when only a read of the object itself will do
   */
  public SavedObjectTarget(
      SavedObjectsApi api, String space, ObjectNode desired, Duration recentEnough) {
    this.api = api;
    this.space = space;
    this.desired = desired;
    this.recentEnough = recentEnough;
  }

  @Override
  public String describe() {
    return new KibanaObjectRef(type(), id(), space).describe();
  }

  @Override
  public String key() {
    return space + "/" + type() + "/" + id();
  }

  /**
   * A 403 on the read names the privilege to read (or none, when the credentials have no access to
   * the space at all), but a sync always goes on to write: so it names what publishing needs.
   */
  @Override
  public Optional<JsonNode> read() {
    try {
      return api.get(space, type(), id()).map(JsonNode.class::cast);
    } catch (OperatorException e) {
      if (e.reason() != Reason.FORBIDDEN) {
        throw e;
      }
      throw new OperatorException(
          Reason.FORBIDDEN,
          "%s; publishing %s needs the Kibana feature privilege %s: all in space '%s'"
              .formatted(e.getMessage(), describe(), SavedObjectsApi.featureOf(type()), space),
          false,
          null,
          e.httpStatus(),
          e);
    }
  }

  @Override
  public boolean recentlyInSync() {
    return recentEnough != null
        && api.recentlyMatches(
            space,
            type(),
            id(),
            recentEnough,
            DesiredStateHash::ofSavedObject,
            DesiredStateHash.ofSavedObject(desired));
  }

  @Override
  public boolean matches(JsonNode current) {
    return SavedObjectNormalizer.equivalent(desired, current);
  }

  @Override
  public List<String> diff(JsonNode current) {
    return SavedObjectNormalizer.diff(desired, current);
  }

  @Override
  public void write(boolean firstCreate) {
    // overwrite=true even on a first create: the read just saw no object, and an id held in
    // another space comes back as a destinationId, which the import result reports as a conflict.
    // Coalesced with concurrent writes to the space; the outcome is this object's alone.
    var outcome = api.upsert(space, desired);
    if (!outcome.written()) {
      throw outcome.toException();
    }
  }

  private String type() {
    return desired.path("type").asText();
  }

  private String id() {
    return desired.path("id").asText();
  }
}

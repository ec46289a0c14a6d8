package io.github.kibanaobjects.operator.reconciler.visualization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.kibana.SavedObjectsApi;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.SavedObjectNormalizer;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;
import java.util.Optional;

/**
 * One saved object, written through {@code _import?overwrite=true} and read from the connection's
 * {@link KibanaState}, which exports the whole type in the space at once.
 */
public final class SavedObjectTarget implements ObjectSync.Target {
  private final SavedObjectsApi api;
  private final String space;
  private final ObjectNode desired;
  private final KibanaState state;
  private final KibanaState.Owner owner;
  private JsonNode seen;

  /**
   * @param state what the connection's Kibana holds, read and updated here
   * @param owner the resource, which expects the object to stay as it leaves it
   */
  public SavedObjectTarget(
      SavedObjectsApi api,
      String space,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner) {
    this.api = api;
    this.space = space;
    this.desired = desired;
    this.state = state;
    this.owner = owner;
  }

  /** The state's collection of the saved objects of a type in a space. */
  public static String collection(String space, String type) {
    return "saved-objects/" + space + "/" + type;
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
      var type = type();
      var current =
          state
              .current(
                  collection(space, type),
                  id(),
                  KibanaState.Loader.of(
                      members -> {
                        var export = api.exportType(space, type, members);
                        return new KibanaState.Loaded(export.objects(), export.complete());
                      },
                      member -> api.get(space, type, member)))
              .map(JsonNode.class::cast);
      seen = current.orElse(null);
      return current;
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
    state.wrote(collection(space, type()), id(), desired);
    seen = desired;
  }

  @Override
  public void synced() {
    if (seen != null) {
      state.expect(collection(space, type()), id(), owner, DesiredStateHash::ofSavedObject, seen);
    }
  }

  private String type() {
    return desired.path("type").asText();
  }

  private String id() {
    return desired.path("id").asText();
  }
}

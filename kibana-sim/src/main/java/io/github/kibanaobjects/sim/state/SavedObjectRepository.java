package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.state.SavedObjectTypes.NamespaceType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Saved-object reads and writes with Kibana's repository semantics (IDs of multiple-isolated types
 * are unique across spaces, overwrite rules, optimistic concurrency). No authorization and no
 * request validation here: the routes do those.
 */
public final class SavedObjectRepository {

  /** Everything needed to write one object. */
  public record NewObject(
      String type,
      String id,
      ObjectNode attributes,
      ArrayNode references,
      List<String> initialNamespaces,
      boolean managed,
      String originId) {}

  private final SimState state;

  public SavedObjectRepository(SimState state) {
    this.state = state;
  }

  public SimState state() {
    return state;
  }

  public StoredObject get(String space, String type, String id) {
    return SavedObjectTypes.isKnown(type) ? state.object(space, type, id) : null;
  }

  /** The object with this type and ID in any space (multi-namespace types), else null. */
  public StoredObject anywhere(String space, String type, String id) {
    return state.objects().get(SavedObjectTypes.key(type, id, space));
  }

  public List<StoredObject> inSpace(String space) {
    var result = new ArrayList<StoredObject>();
    for (StoredObject o : state.objects().values()) {
      if (o.inSpace(space)) {
        result.add(o);
      }
    }
    result.sort(java.util.Comparator.comparingLong(StoredObject::order));
    return result;
  }

  /**
   * Creates (or with {@code overwrite} replaces) an object. Throws 409 when the ID is taken in this
   * space without overwrite, or by an object in another space.
   */
  public StoredObject create(String space, NewObject request, boolean overwrite) {
    var info =
        SavedObjectTypes.find(request.type())
            .orElseThrow(
                () ->
                    KibanaError.badRequest(
                        SavedObjectViews.unsupportedTypeMessage(request.type())));
    String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
    List<String> namespaces = namespaces(space, info, request.initialNamespaces());
    synchronized (state.writeLock()) {
      StoredObject existing = anywhere(namespaces.get(0), request.type(), id);
      if (existing != null) {
        if (!overwrite || !existing.inSpace(namespaces.get(0))) {
          throw KibanaError.conflict(SavedObjectViews.conflictMessage(request.type(), id));
        }
        if (request.initialNamespaces() == null) {
          namespaces = existing.namespaces();
        }
      }
      String now = SimState.now();
      var stored =
          new StoredObject(
              request.type(),
              id,
              namespaces,
              request.attributes().deepCopy(),
              request.references() == null ? Json.array() : request.references().deepCopy(),
              now,
              now,
              state.nextSeqNo(),
              request.managed(),
              request.originId(),
              state.nextInsertionOrder());
      state.put(stored, namespaces.get(0));
      return stored;
    }
  }

  /**
   * Partial update (contract 1.5). Returns the stored result; throws 404 when missing (unless
   * {@code upsert} is given), 400 for a malformed version and 409 for a stale one.
   */
  public StoredObject update(
      String space,
      String type,
      String id,
      ObjectNode attributes,
      String version,
      ArrayNode references,
      ObjectNode upsert) {
    if (!SavedObjectTypes.isKnown(type)) {
      throw KibanaError.notFound(SavedObjectViews.notFoundMessage(type, id));
    }
    SavedObjectVersion.Decoded expected = null;
    if (version != null) {
      expected = SavedObjectVersion.decode(version);
      if (expected == null) {
        throw KibanaError.badRequest("Invalid version [" + version + "]");
      }
    }
    synchronized (state.writeLock()) {
      StoredObject current = state.object(space, type, id);
      if (current == null) {
        if (upsert == null) {
          throw KibanaError.notFound(SavedObjectViews.notFoundMessage(type, id));
        }
        return create(space, new NewObject(type, id, upsert, references, null, false, null), false);
      }
      boolean stale =
          expected != null && (expected.seqNo() != current.seqNo() || expected.primaryTerm() != 1);
      if (stale) {
        throw KibanaError.conflict(
            "["
                + type
                + ":"
                + id
                + "]: version conflict, required seqNo ["
                + expected.seqNo()
                + "], primary term ["
                + expected.primaryTerm()
                + "]. current document has seqNo ["
                + current.seqNo()
                + "] and primary term [1]");
      }
      var merged = current.attributes().deepCopy();
      deepMerge(merged, attributes);
      var stored =
          new StoredObject(
              type,
              id,
              current.namespaces(),
              merged,
              references == null ? current.references() : references.deepCopy(),
              current.createdAt(),
              SimState.now(),
              state.nextSeqNo(),
              current.managed(),
              current.originId(),
              current.order());
      state.put(stored, space);
      return stored;
    }
  }

  /** Deletes; 404 when missing, 400 for a shared object without {@code force}. */
  public void delete(String space, String type, String id, boolean force) {
    synchronized (state.writeLock()) {
      StoredObject current = get(space, type, id);
      if (current == null) {
        throw KibanaError.notFound(SavedObjectViews.notFoundMessage(type, id));
      }
      if (current.namespaces().size() > 1 && !force) {
        throw KibanaError.badRequest(
            "Unable to delete saved object that exists in multiple"
                + " namespaces, use the `force` option to delete it anyway");
      }
      state.remove(current, space);
    }
  }

  /** Removes every object of a space (space deletion); shared objects just leave the space. */
  public void deleteSpace(String space) {
    synchronized (state.writeLock()) {
      for (var entry : List.copyOf(state.objects().entrySet())) {
        StoredObject o = entry.getValue();
        if (!o.namespaces().contains(space)) {
          continue;
        }
        if (o.namespaces().size() == 1) {
          state.objects().remove(entry.getKey());
        } else {
          var remaining = new ArrayList<>(o.namespaces());
          remaining.remove(space);
          state
              .objects()
              .put(
                  entry.getKey(),
                  new StoredObject(
                      o.type(),
                      o.id(),
                      remaining,
                      o.attributes(),
                      o.references(),
                      o.createdAt(),
                      o.updatedAt(),
                      state.nextSeqNo(),
                      o.managed(),
                      o.originId(),
                      o.order()));
        }
      }
    }
  }

  private static List<String> namespaces(
      String space, SavedObjectTypes.TypeInfo info, List<String> initialNamespaces) {
    if (initialNamespaces == null || initialNamespaces.isEmpty()) {
      return List.of(space);
    }
    if (info.namespaceType() != NamespaceType.MULTIPLE && initialNamespaces.size() > 1) {
      throw KibanaError.badRequest(
          "[initialNamespaces]: \""
              + info.name()
              + "\" types can only be created in a single space: Bad Request");
    }
    return List.copyOf(initialNamespaces);
  }

  /** Top-level keys replace, nested objects merge (Kibana's mergeForUpdate). */
  static void deepMerge(ObjectNode target, JsonNode patch) {
    patch
        .properties()
        .forEach(
            field -> {
              JsonNode existing = target.get(field.getKey());
              if (existing != null && existing.isObject() && field.getValue().isObject()) {
                var copy = existing.deepCopy();
                deepMerge((ObjectNode) copy, field.getValue());
                target.set(field.getKey(), copy);
              } else {
                target.set(field.getKey(), field.getValue().deepCopy());
              }
            });
  }
}

package io.github.kibanaobjects.sim.routes;

import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_GET;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.http.Validation;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.state.SavedObjectRepository;
import io.github.kibanaobjects.sim.state.SavedObjectSearch;
import io.github.kibanaobjects.sim.state.SavedObjectTypes;
import io.github.kibanaobjects.sim.state.SavedObjectViews;
import io.github.kibanaobjects.sim.state.SimState;
import io.github.kibanaobjects.sim.state.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code _export}: NDJSON of objects chosen by type or by ID, keys sorted, details line last. */
public final class ExportRoutes {
  private final Authorizer authorizer;
  private final SavedObjectRepository repository;
  private final SimState state;

  public ExportRoutes(SimState state, Authorizer authorizer) {
    this.authorizer = authorizer;
    this.state = state;
    this.repository = new SavedObjectRepository(state);
  }

  public void register(Router router) {
    router.add(
        Route.of("POST", "/api/saved_objects/_export", this::exportObjects, Option.READ_ONLY));
  }

  private Reply exportObjects(Exchange ex) {
    ex.allowQuery();
    ObjectNode body =
        ex.bodyObject(
            "type",
            "objects",
            "search",
            "hasReference",
            "excludeExportDetails",
            "includeReferencesDeep");
    List<String> types = exportTypes(body);
    int limit = state.maxImportExportSize();
    ArrayNode objects = body.has("objects") ? exportObjectList(body.get("objects"), limit) : null;
    Boolean excludeDetails =
        Validation.optionalBoolean(body, "excludeExportDetails", "request body");
    Boolean deep = Validation.optionalBoolean(body, "includeReferencesDeep", "request body");
    String search = Validation.optionalString(body, "search", "request body");
    if (types == null && objects == null) {
      throw KibanaError.badRequest("Either `type` or `objects` are required.");
    }
    if (types != null && objects != null) {
      throw KibanaError.badRequest(
          "Can't specify both \"types\" and \"objects\" properties when exporting");
    }
    var requestedTypes = new TreeSet<String>();
    if (types != null) {
      requestedTypes.addAll(types);
    } else {
      objects.forEach(o -> requestedTypes.add(o.get("type").asText()));
    }
    var unsupported = new TreeSet<String>();
    requestedTypes.stream().filter(t -> !SavedObjectTypes.isKnown(t)).forEach(unsupported::add);
    if (!unsupported.isEmpty()) {
      throw KibanaError.badRequest(
          "Trying to export non-exportable type(s): " + String.join(", ", unsupported));
    }
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_GET, requestedTypes);

    String space = ex.space();
    var selected = new LinkedHashMap<String, StoredObject>();
    if (objects != null) {
      var failures = Json.array();
      for (JsonNode o : objects) {
        String type = o.get("type").asText();
        String id = o.get("id").asText();
        StoredObject stored = repository.get(space, type, id);
        if (stored == null) {
          failures.add(
              SavedObjectViews.itemError(
                  type, id, 404, SavedObjectViews.notFoundMessage(type, id)));
        } else {
          selected.put(type + ":" + id, stored);
        }
      }
      if (!failures.isEmpty()) {
        var attributes = Json.object();
        attributes.set("objects", failures);
        throw new KibanaError(400, "Error fetching objects to export", attributes);
      }
    } else {
      var matches =
          SavedObjectSearch.search(search, List.of(), false)
              .and(SavedObjectSearch.hasReference(hasReference(body), false, false));
      repository.inSpace(space).stream()
          .filter(o -> requestedTypes.contains(o.type()) && matches.test(o))
          .sorted(
              java.util.Comparator.comparing(StoredObject::type).thenComparing(StoredObject::id))
          .forEach(o -> selected.put(o.type() + ":" + o.id(), o));
    }
    var missingRefs = Json.array();
    if (Boolean.TRUE.equals(deep)) {
      addReferencesDeep(space, selected, missingRefs);
    }
    // SavedObjectsExporter.fetchByTypes: exportSizeExceeded(exportSizeLimit)
    if (selected.size() > limit) {
      throw KibanaError.badRequest(
          "Can't export more than "
              + limit
              + " objects. If your server has enough memory, this limit can be increased by"
              + " adjusting the \"savedObjects.maxImportExportSize\" setting.");
    }
    var text = new StringBuilder();
    for (StoredObject o : dependencyOrder(selected)) {
      text.append(SavedObjectViews.exportLine(o)).append('\n');
    }
    if (!Boolean.TRUE.equals(excludeDetails)) {
      var details = Json.object();
      details.putArray("excludedObjects");
      details.put("excludedObjectsCount", 0);
      details.put("exportedCount", selected.size());
      details.put("missingRefCount", missingRefs.size());
      details.set("missingReferences", missingRefs);
      text.append(Json.sortedKeys(details)).append('\n');
    }
    return Reply.text(200, "application/ndjson", text.toString())
        .withHeader("Content-Disposition", "attachment; filename=\"export.ndjson\"");
  }

  private static List<String> exportTypes(ObjectNode body) {
    JsonNode type = body.get("type");
    if (type == null) {
      return null;
    }
    if (type.isTextual()) {
      return List.of(type.asText());
    }
    List<String> list = Validation.optionalStrings(body, "type", "request body");
    return list.isEmpty() ? null : list;
  }

  private static ArrayNode exportObjectList(JsonNode objects, int limit) {
    if (!objects.isArray()) {
      throw Validation.wrongType("request body.objects", "array", objects);
    }
    if (objects.size() > limit) {
      throw Validation.invalid(
          "request body.objects",
          "array size is [" + objects.size() + "], but cannot be greater than [" + limit + "]");
    }
    for (int i = 0; i < objects.size(); i++) {
      var item = Validation.strictObject(objects.get(i), "request body.objects." + i, "type", "id");
      Validation.requiredString(item, "type", "request body.objects." + i);
      Validation.requiredString(item, "id", "request body.objects." + i);
    }
    return (ArrayNode) objects;
  }

  private static List<SavedObjectSearch.Reference> hasReference(ObjectNode body) {
    JsonNode refs = body.get("hasReference");
    return refs == null
        ? List.of()
        : SavedObjectSearch.parseReferences("hasReference", refs.toString());
  }

  private void addReferencesDeep(
      String space, Map<String, StoredObject> selected, ArrayNode missing) {
    var queue = new ArrayList<>(selected.values());
    while (!queue.isEmpty()) {
      StoredObject o = queue.remove(0);
      for (JsonNode ref : o.references()) {
        String type = ref.path("type").asText();
        String id = ref.path("id").asText();
        String key = type + ":" + id;
        if (selected.containsKey(key)) {
          continue;
        }
        StoredObject target = repository.get(space, type, id);
        if (target == null) {
          boolean known = false;
          for (JsonNode m : missing) {
            known |= m.path("type").asText().equals(type) && m.path("id").asText().equals(id);
          }
          if (!known) {
            missing.add(Json.object().put("id", id).put("type", type));
          }
        } else {
          selected.put(key, target);
          queue.add(target);
        }
      }
    }
  }

  /** Referenced objects before the objects that reference them (Kibana's sortObjects). */
  private static List<StoredObject> dependencyOrder(Map<String, StoredObject> selected) {
    var ordered = new LinkedHashMap<String, StoredObject>();
    for (var entry : selected.entrySet()) {
      visit(entry.getKey(), entry.getValue(), selected, ordered, new java.util.HashSet<>());
    }
    return new ArrayList<>(ordered.values());
  }

  private static void visit(
      String key,
      StoredObject o,
      Map<String, StoredObject> selected,
      Map<String, StoredObject> ordered,
      java.util.Set<String> path) {
    if (ordered.containsKey(key) || !path.add(key)) {
      return;
    }
    for (JsonNode ref : o.references()) {
      String refKey = ref.path("type").asText() + ":" + ref.path("id").asText();
      StoredObject target = selected.get(refKey);
      if (target != null) {
        visit(refKey, target, selected, ordered, path);
      }
    }
    ordered.put(key, o);
  }
}

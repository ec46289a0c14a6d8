package io.github.kibanaobjects.sim.routes;

import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_CREATE;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_DELETE;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_GET;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_UPDATE;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.CREATE;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.DELETE;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.FIND;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.GET;
import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.UPDATE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.SimCounters;
import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.http.Validation;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.state.SavedObjectAggregations;
import io.github.kibanaobjects.sim.state.SavedObjectRepository;
import io.github.kibanaobjects.sim.state.SavedObjectRepository.NewObject;
import io.github.kibanaobjects.sim.state.SavedObjectSearch;
import io.github.kibanaobjects.sim.state.SavedObjectTypes;
import io.github.kibanaobjects.sim.state.SavedObjectViews;
import io.github.kibanaobjects.sim.state.SimState;
import io.github.kibanaobjects.sim.state.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The saved-object CRUD routes ({@code /api/saved_objects/...}): deprecated on stateful Kibana,
 * internal on serverless. Import and export live in {@link ImportRoutes} and {@link ExportRoutes}.
 */
public final class SavedObjectsRoutes {
  private static final Option[] CRUD = {Option.DEPRECATED, Option.INTERNAL_ON_SERVERLESS};
  private static final Option[] CRUD_READ = {
    Option.DEPRECATED, Option.INTERNAL_ON_SERVERLESS, Option.READ_ONLY
  };
  private static final String BASE = "/api/saved_objects";

  /** ES {@code index.max_result_window}: from + size of a search may not exceed it. */
  private static final int MAX_RESULT_WINDOW = 10_000;

  private static final String[] CREATE_KEYS = {
    "attributes",
    "references",
    "migrationVersion",
    "coreMigrationVersion",
    "typeMigrationVersion",
    "initialNamespaces"
  };

  private final SimState state;
  private final Authorizer authorizer;
  private final SavedObjectRepository repository;
  private final SimCounters counters;

  public SavedObjectsRoutes(SimState state, Authorizer authorizer, SimCounters counters) {
    this.state = state;
    this.authorizer = authorizer;
    this.counters = counters;
    this.repository = new SavedObjectRepository(state);
  }

  public void register(Router router) {
    router.add(Route.of("POST", BASE + "/{type}", this::create, CRUD));
    router.add(Route.of("POST", BASE + "/{type}/{id}", this::create, CRUD));
    router.add(Route.of("GET", BASE + "/{type}/{id}", this::get, CRUD));
    router.add(Route.of("PUT", BASE + "/{type}/{id}", this::update, CRUD));
    router.add(Route.of("DELETE", BASE + "/{type}/{id}", this::delete, CRUD));
    router.add(Route.of("GET", BASE + "/_find", this::find, CRUD));
    router.add(Route.of("POST", BASE + "/_bulk_get", this::bulkGet, CRUD_READ));
    router.add(Route.of("POST", BASE + "/_bulk_create", this::bulkCreate, CRUD));
    router.add(Route.of("PUT", BASE + "/_bulk_update", this::bulkUpdate, CRUD));
    router.add(Route.of("POST", BASE + "/_bulk_delete", this::bulkDelete, CRUD));
    router.add(Route.of("GET", BASE + "/resolve/{type}/{id}", this::resolve, CRUD));
    router.add(Route.of("POST", BASE + "/_bulk_resolve", this::bulkResolve, CRUD_READ));
  }

  // ---- single-object routes ----

  private Reply create(Exchange ex) {
    ex.allowQuery("overwrite");
    boolean overwrite = ex.queryBool("overwrite");
    ObjectNode body = ex.bodyObject(CREATE_KEYS);
    var request = newObject(body, "request body", ex.param("type"), ex.param("id"));
    if (!SavedObjectTypes.isKnown(request.type())) {
      throw KibanaError.badRequest(SavedObjectViews.unsupportedTypeMessage(request.type()));
    }
    authorizer.requireSavedObjects(ex.principal(), ex.space(), CREATE, List.of(request.type()));
    return Reply.json(SavedObjectViews.full(repository.create(ex.space(), request, overwrite)));
  }

  private Reply get(Exchange ex) {
    ex.allowQuery();
    return Reply.json(SavedObjectViews.full(readable(ex)));
  }

  /** The object at the path's type and id, if the caller may get it; else 403 or 404. */
  private StoredObject readable(Exchange ex) {
    String type = ex.param("type");
    String id = ex.param("id");
    authorizer.requireSavedObjects(ex.principal(), ex.space(), GET, List.of(type));
    StoredObject stored = repository.get(ex.space(), type, id);
    if (stored == null) {
      throw KibanaError.notFound(SavedObjectViews.notFoundMessage(type, id));
    }
    return stored;
  }

  private Reply update(Exchange ex) {
    ex.allowQuery();
    String type = ex.param("type");
    String id = ex.param("id");
    ObjectNode body = ex.bodyObject("attributes", "version", "references", "upsert");
    ObjectNode attributes = Validation.requiredObject(body, "attributes", "request body");
    String version = Validation.optionalString(body, "version", "request body");
    ArrayNode references = Validation.references(body, "references", "request body");
    ObjectNode upsert =
        body.has("upsert") ? Validation.requiredObject(body, "upsert", "request body") : null;
    authorizer.requireSavedObjects(ex.principal(), ex.space(), UPDATE, List.of(type));
    StoredObject stored =
        repository.update(ex.space(), type, id, attributes, version, references, upsert);
    return Reply.json(partial(stored, attributes, references));
  }

  private Reply delete(Exchange ex) {
    ex.allowQuery("force");
    boolean force = ex.queryBool("force");
    String type = ex.param("type");
    authorizer.requireSavedObjects(ex.principal(), ex.space(), DELETE, List.of(type));
    repository.delete(ex.space(), type, ex.param("id"), force);
    return Reply.json(Json.object());
  }

  /** The simulator has no legacy URL aliases, so every hit is an {@code exactMatch}. */
  private Reply resolve(Exchange ex) {
    ex.allowQuery();
    return Reply.json(resolved(SavedObjectViews.full(readable(ex))));
  }

  /** Validates a body of {@code [{type, id}]} and returns its types, sorted, for authorization. */
  private static TreeSet<String> typesOfReferences(ArrayNode items) {
    var types = new TreeSet<String>();
    for (int i = 0; i < items.size(); i++) {
      var item = Validation.strictObject(items.get(i), "request body." + i, "type", "id");
      types.add(Validation.requiredString(item, "type", "request body." + i));
      Validation.requiredString(item, "id", "request body." + i);
    }
    return types;
  }

  private Reply bulkResolve(Exchange ex) {
    ex.allowQuery();
    ArrayNode items = Validation.array(ex.jsonBody());
    var types = typesOfReferences(items);
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_GET, types);
    var resolvedObjects = Json.array();
    for (JsonNode item : items) {
      String type = item.get("type").asText();
      String id = item.get("id").asText();
      StoredObject stored = repository.get(ex.space(), type, id);
      ObjectNode savedObject;
      if (stored != null) {
        savedObject = SavedObjectViews.full(stored);
      } else if (SavedObjectTypes.isKnown(type)) {
        savedObject =
            SavedObjectViews.itemError(type, id, 404, SavedObjectViews.notFoundMessage(type, id));
      } else {
        savedObject =
            SavedObjectViews.itemError(
                type, id, 400, SavedObjectViews.unsupportedTypeMessage(type));
      }
      resolvedObjects.add(resolved(savedObject));
    }
    var body = Json.object();
    body.set("resolved_objects", resolvedObjects);
    return Reply.json(body);
  }

  private static ObjectNode resolved(ObjectNode savedObject) {
    var node = Json.object();
    node.set("saved_object", savedObject);
    node.put("outcome", "exactMatch");
    return node;
  }

  // ---- _find ----

  private Reply find(Exchange ex) {
    ex.allowQuery(
        "type",
        "per_page",
        "page",
        "search",
        "default_search_operator",
        "search_fields",
        "sort_field",
        "sort_order",
        "has_reference",
        "has_reference_operator",
        "has_no_reference",
        "has_no_reference_operator",
        "fields",
        "filter",
        "namespaces",
        "aggs");
    List<String> types = ex.queryAll("type");
    if (types.isEmpty()) {
      throw KibanaError.badRequest(
          "[request query.type]: expected at least one defined value but got [undefined]");
    }
    int perPage = ex.queryInt("per_page", 20, 0);
    int page = Math.max(1, ex.queryInt("page", 1, 0));
    long from = (long) (page - 1) * perPage;
    if (from + perPage > MAX_RESULT_WINDOW) {
      throw KibanaError.badRequest(
          "Result window is too large, from + size must be less than or"
              + " equal to: ["
              + MAX_RESULT_WINDOW
              + "] but was ["
              + (from + perPage)
              + "]. See the"
              + " scroll api for a more efficient way to request large data sets. This limit can be"
              + " set by changing the [index.max_result_window] index level setting.");
    }
    boolean andSearch = operator(ex, "default_search_operator");
    Predicate<StoredObject> matches =
        SavedObjectSearch.search(ex.query("search"), ex.queryAll("search_fields"), andSearch)
            .and(
                SavedObjectSearch.hasReference(
                    SavedObjectSearch.parseReferences("has_reference", ex.query("has_reference")),
                    operator(ex, "has_reference_operator"),
                    false))
            .and(
                SavedObjectSearch.hasReference(
                    SavedObjectSearch.parseReferences(
                        "has_no_reference", ex.query("has_no_reference")),
                    operator(ex, "has_no_reference_operator"),
                    true))
            .and(SavedObjectSearch.filter(ex.query("filter"), new TreeSet<>(types)));

    var known = new TreeSet<String>();
    types.stream().filter(SavedObjectTypes::isKnown).forEach(known::add);
    var grants = authorizer.grants(ex.principal());
    var spaces = searchSpaces(ex);
    // unreadable types are filtered out per space; none readable anywhere is a 403
    boolean readableSomewhere =
        known.stream()
            .anyMatch(
                type -> spaces.stream().anyMatch(space -> authorizer.canRead(grants, space, type)));
    if (!known.isEmpty() && !readableSomewhere) {
      authorizer.requireSavedObjects(ex.principal(), ex.space(), FIND, known);
    }

    var found = new ArrayList<StoredObject>();
    var seen = new LinkedHashSet<String>();
    for (String space : spaces) {
      for (StoredObject o : repository.inSpace(space)) {
        if (known.contains(o.type())
            && authorizer.canRead(grants, space, o.type())
            && matches.test(o)
            && seen.add(o.type() + ":" + o.id() + ":" + o.namespaces())) {
          found.add(o);
        }
      }
    }
    sort(found, ex.query("sort_field"), ex.query("sort_order"));

    var body = Json.object();
    body.put("page", page);
    body.put("per_page", perPage);
    body.put("total", found.size());
    if (ex.query("aggs") != null) {
      body.set(
          "aggregations",
          SavedObjectAggregations.compute(ex.query("aggs"), new TreeSet<>(types), found));
    }
    var objects = body.putArray("saved_objects");
    List<String> fields = ex.queryAll("fields");
    for (int i = (int) from; i < Math.min(found.size(), from + perPage); i++) {
      var node = SavedObjectViews.withFields(found.get(i), fields);
      node.put("score", 0);
      objects.add(node);
    }
    return Reply.json(body);
  }

  private List<String> searchSpaces(Exchange ex) {
    List<String> requested = ex.queryAll("namespaces");
    if (requested.isEmpty()) {
      return List.of(ex.space());
    }
    if (requested.contains("*")) {
      var grants = authorizer.grants(ex.principal());
      return state.spaces().keySet().stream().filter(grants::hasAnyAccess).sorted().toList();
    }
    return requested;
  }

  private static boolean operator(Exchange ex, String name) {
    String value = ex.query(name);
    if (value == null || value.equals("OR")) {
      return false;
    }
    if (value.equals("AND")) {
      return true;
    }
    throw KibanaError.badRequest(
        "[request query."
            + name
            + "]: types that failed validation:\n- [request query."
            + name
            + ".0]: expected value to equal [OR]\n- [request query."
            + name
            + ".1]: expected value to equal [AND]");
  }

  private static void sort(List<StoredObject> found, String field, String order) {
    if (field == null) {
      return;
    }
    Comparator<StoredObject> comparator =
        switch (field) {
          case "updated_at" -> Comparator.comparing(StoredObject::updatedAt);
          case "created_at" -> Comparator.comparing(StoredObject::createdAt);
          case "type" -> Comparator.comparing(StoredObject::type);
          case "id" -> Comparator.comparing(StoredObject::id);
          default ->
              Comparator.comparing(
                  o -> {
                    JsonNode v = o.attributes().get(field.replaceFirst("\\.keyword$", ""));
                    return v == null ? "" : v.asText().toLowerCase(Locale.ROOT);
                  });
        };
    if ("desc".equalsIgnoreCase(order)) {
      comparator = comparator.reversed();
    }
    found.sort(comparator);
  }

  // ---- bulk routes ----

  private Reply bulkGet(Exchange ex) {
    ex.allowQuery();
    ArrayNode items = Validation.array(ex.jsonBody());
    counters.recordItems("POST", BASE + "/_bulk_get", items.size());
    // types per space: an item may name other spaces, each is authorized on its own
    var typesBySpace = new java.util.TreeMap<String, Set<String>>();
    for (int i = 0; i < items.size(); i++) {
      var item =
          Validation.strictObject(
              items.get(i), "request body." + i, "type", "id", "fields", "namespaces");
      String type = Validation.requiredString(item, "type", "request body." + i);
      Validation.requiredString(item, "id", "request body." + i);
      Validation.optionalStrings(item, "fields", "request body." + i);
      List<String> spaces = Validation.optionalStrings(item, "namespaces", "request body." + i);
      for (String space : spaces == null || spaces.isEmpty() ? List.of(ex.space()) : spaces) {
        typesBySpace.computeIfAbsent(space, k -> new TreeSet<>()).add(type);
      }
    }
    if (typesBySpace.isEmpty()) {
      typesBySpace.put(ex.space(), Set.of());
    }
    typesBySpace.forEach(
        (space, types) -> authorizer.requireSavedObjects(ex.principal(), space, BULK_GET, types));
    var result = Json.array();
    for (JsonNode item : items) {
      String type = item.get("type").asText();
      String id = item.get("id").asText();
      if (!SavedObjectTypes.isKnown(type)) {
        result.add(
            SavedObjectViews.itemError(
                type, id, 400, SavedObjectViews.unsupportedTypeMessage(type)));
        continue;
      }
      StoredObject stored = findInSpaces(ex.space(), item, type, id);
      if (stored == null) {
        result.add(
            SavedObjectViews.itemError(type, id, 404, SavedObjectViews.notFoundMessage(type, id)));
      } else {
        result.add(
            SavedObjectViews.withFields(
                stored, Validation.optionalStrings(item, "fields", "request body")));
      }
    }
    var body = Json.object();
    body.set("saved_objects", result);
    return Reply.json(body);
  }

  private StoredObject findInSpaces(String space, JsonNode item, String type, String id) {
    List<String> spaces = Validation.optionalStrings(item, "namespaces", "request body");
    if (spaces == null || spaces.isEmpty()) {
      return repository.get(space, type, id);
    }
    for (String s : spaces) {
      StoredObject stored = repository.get(s, type, id);
      if (stored != null) {
        return stored;
      }
    }
    return null;
  }

  private Reply bulkCreate(Exchange ex) {
    ex.allowQuery("overwrite");
    boolean overwrite = ex.queryBool("overwrite");
    ArrayNode items = Validation.array(ex.jsonBody());
    var requests = new ArrayList<NewObject>();
    var types = new TreeSet<String>();
    for (int i = 0; i < items.size(); i++) {
      String path = "request body." + i;
      var item =
          Validation.strictObject(
              items.get(i),
              path,
              "type",
              "id",
              "attributes",
              "version",
              "references",
              "migrationVersion",
              "coreMigrationVersion",
              "typeMigrationVersion",
              "initialNamespaces");
      Validation.optionalString(item, "version", path);
      var request =
          newObject(
              item,
              path,
              Validation.requiredString(item, "type", path),
              Validation.optionalString(item, "id", path));
      requests.add(request);
      types.add(request.type());
    }
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_CREATE, types);
    var result = Json.array();
    for (NewObject request : requests) {
      if (!SavedObjectTypes.isKnown(request.type())) {
        result.add(
            SavedObjectViews.itemError(
                request.type(),
                request.id(),
                400,
                SavedObjectViews.unsupportedTypeMessage(request.type())));
        continue;
      }
      try {
        result.add(SavedObjectViews.full(repository.create(ex.space(), request, overwrite)));
      } catch (KibanaError e) {
        result.add(
            SavedObjectViews.itemError(request.type(), request.id(), e.status(), e.getMessage()));
      }
    }
    var body = Json.object();
    body.set("saved_objects", result);
    return Reply.json(body);
  }

  private Reply bulkUpdate(Exchange ex) {
    ex.allowQuery();
    ArrayNode items = Validation.array(ex.jsonBody());
    var types = new TreeSet<String>();
    for (int i = 0; i < items.size(); i++) {
      String path = "request body." + i;
      var item =
          Validation.strictObject(
              items.get(i), path, "type", "id", "attributes", "version", "references", "namespace");
      types.add(Validation.requiredString(item, "type", path));
      Validation.requiredString(item, "id", path);
      Validation.requiredObject(item, "attributes", path);
      Validation.optionalString(item, "version", path);
      Validation.references(item, "references", path);
      Validation.optionalString(item, "namespace", path);
    }
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_UPDATE, types);
    var result = Json.array();
    for (JsonNode item : items) {
      String type = item.get("type").asText();
      String id = item.get("id").asText();
      String space = item.hasNonNull("namespace") ? item.get("namespace").asText() : ex.space();
      var attributes = (ObjectNode) item.get("attributes");
      var references = item.has("references") ? (ArrayNode) item.get("references") : null;
      try {
        StoredObject stored =
            repository.update(
                space,
                type,
                id,
                attributes,
                item.hasNonNull("version") ? item.get("version").asText() : null,
                references,
                null);
        result.add(partial(stored, attributes, references));
      } catch (KibanaError e) {
        result.add(SavedObjectViews.itemError(type, id, e.status(), e.getMessage()));
      }
    }
    var body = Json.object();
    body.set("saved_objects", result);
    return Reply.json(body);
  }

  private Reply bulkDelete(Exchange ex) {
    ex.allowQuery("force");
    boolean force = ex.queryBool("force");
    ArrayNode items = Validation.array(ex.jsonBody());
    var types = typesOfReferences(items);
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_DELETE, types);
    var statuses = Json.array();
    for (JsonNode item : items) {
      String type = item.get("type").asText();
      String id = item.get("id").asText();
      var status = Json.object();
      status.put("id", id);
      status.put("type", type);
      try {
        if (!SavedObjectTypes.isKnown(type)) {
          throw KibanaError.badRequest(SavedObjectViews.unsupportedTypeMessage(type));
        }
        repository.delete(ex.space(), type, id, force);
        status.put("success", true);
      } catch (KibanaError e) {
        status.put("success", false);
        status.set("error", KibanaError.body(e.status(), e.getMessage(), null));
      }
      statuses.add(status);
    }
    var body = Json.object();
    body.set("statuses", statuses);
    return Reply.json(body);
  }

  // ---- shared helpers ----

  /** Validates a create / bulk_create object (everything but the type-specific keys). */
  private static NewObject newObject(ObjectNode body, String path, String type, String id) {
    ObjectNode attributes = Validation.requiredObject(body, "attributes", path);
    ArrayNode references = Validation.references(body, "references", path);
    Validation.stringRecord(body, "migrationVersion", path);
    Validation.optionalString(body, "coreMigrationVersion", path);
    Validation.optionalString(body, "typeMigrationVersion", path);
    List<String> initialNamespaces = Validation.optionalStrings(body, "initialNamespaces", path);
    if (initialNamespaces != null
        && (initialNamespaces.isEmpty() || initialNamespaces.size() > 100)) {
      throw Validation.invalid(
          path + ".initialNamespaces",
          "array size is ["
              + initialNamespaces.size()
              + "], but cannot be "
              + (initialNamespaces.isEmpty() ? "smaller than [1]" : "greater than [100]"));
    }
    return new NewObject(type, id, attributes, references, initialNamespaces, false, null);
  }

  /** Update's answer: only what was sent, plus the server's bookkeeping (contract 1.5). */
  private static ObjectNode partial(
      StoredObject stored, ObjectNode sentAttributes, ArrayNode sentReferences) {
    var node = Json.object();
    node.put("id", stored.id());
    node.put("type", stored.type());
    node.put("updated_at", stored.updatedAt());
    node.put("version", stored.version());
    node.set("namespaces", Json.arrayOf(stored.namespaces()));
    if (stored.originId() != null) {
      node.put("originId", stored.originId());
    }
    node.set("attributes", sentAttributes);
    if (sentReferences != null) {
      node.set("references", sentReferences);
    }
    return node;
  }
}

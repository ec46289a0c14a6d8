package io.github.kibanaobjects.sim.routes;

import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_CREATE;
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
import io.github.kibanaobjects.sim.state.SavedObjectRepository.NewObject;
import io.github.kibanaobjects.sim.state.SavedObjectSearch;
import io.github.kibanaobjects.sim.state.SavedObjectTypes;
import io.github.kibanaobjects.sim.state.SavedObjectViews;
import io.github.kibanaobjects.sim.state.SimState;
import io.github.kibanaobjects.sim.state.StoredObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;

/** {@code _import} (multipart NDJSON) and {@code _export} (NDJSON): public everywhere. */
public final class ImportExportRoutes {
  /** {@code savedObjects.maxImportExportSize}. */
  static final int MAX_IMPORT_EXPORT_SIZE = 10_000;

  private final SimState state;
  private final Authorizer authorizer;
  private final SavedObjectRepository repository;

  public ImportExportRoutes(SimState state, Authorizer authorizer) {
    this.state = state;
    this.authorizer = authorizer;
    this.repository = new SavedObjectRepository(state);
  }

  public void register(Router router) {
    router.add(Route.of("POST", "/api/saved_objects/_import", this::importObjects,
        Option.IMPORT_PAYLOAD));
    router.add(Route.of("POST", "/api/saved_objects/_resolve_import_errors",
        this::resolveImportErrors, Option.IMPORT_PAYLOAD));
    router.add(Route.of("POST", "/api/saved_objects/_export", this::exportObjects,
        Option.READ_ONLY));
  }

  // ---- import ----

  /** One NDJSON line and what import decided for it. */
  private static final class Candidate {
    final JsonNode line;
    final String type;
    final String id;
    String destinationId;
    boolean overwrite;
    ObjectNode error;
    JsonNode retry;

    Candidate(JsonNode line) {
      this.line = line;
      this.type = line.path("type").asText();
      this.id = line.path("id").asText();
    }
  }

  private Reply importObjects(Exchange ex) {
    ex.allowQuery("overwrite", "createNewCopies", "compatibilityMode");
    boolean overwrite = ex.queryBool("overwrite");
    boolean createNewCopies = ex.queryBool("createNewCopies");
    boolean compatibilityMode = ex.queryBool("compatibilityMode");
    if (overwrite && createNewCopies) {
      throw KibanaError.badRequest(
          "[request query]: cannot use [overwrite] with [createNewCopies]");
    }
    if (createNewCopies && compatibilityMode) {
      throw KibanaError.badRequest(
          "[request query]: cannot use [createNewCopies] with [compatibilityMode]");
    }
    List<Candidate> candidates = candidates(upload(ex).ndjson());
    var types = new TreeSet<String>();
    candidates.stream().map(c -> c.type).filter(SavedObjectTypes::isKnown).forEach(types::add);
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_CREATE, types);

    String space = ex.space();
    var successes = Json.array();
    synchronized (state.writeLock()) {
      var inFile = new HashMap<String, Candidate>();
      candidates.forEach(c -> inFile.put(c.type + ":" + c.id, c));
      for (Candidate c : candidates) {
        if (!SavedObjectTypes.isKnown(c.type)) {
          c.error = errorType("unsupported_type");
        } else if (c.id.isEmpty()) {
          c.error = errorType("unknown").put("statusCode", 400)
              .put("message", "[id]: expected value of type [string] but got [undefined]");
        } else {
          checkReferences(c, inFile, space);
        }
      }
      for (Candidate c : candidates) {
        if (c.error == null) {
          resolveDestination(c, space, overwrite, createNewCopies);
        }
      }
      var idMap = new HashMap<String, String>();
      candidates.stream().filter(c -> c.error == null && c.destinationId != null)
          .forEach(c -> idMap.put(c.type + ":" + c.id, c.destinationId));
      writeAll(candidates, space, idMap, successes);
    }
    return importAnswer(candidates, successes);
  }

  private static Reply importAnswer(List<Candidate> candidates, ArrayNode successes) {
    var errors = Json.array();
    for (Candidate c : candidates) {
      if (c.error != null) {
        errors.add(errorResult(c));
      }
    }
    var body = Json.object();
    body.put("success", errors.isEmpty());
    body.put("successCount", successes.size());
    if (!successes.isEmpty()) {
      body.set("successResults", successes);
    }
    if (!errors.isEmpty()) {
      body.set("errors", errors);
    }
    body.putArray("warnings");
    return Reply.json(body);
  }

  /** The multipart body: the NDJSON {@code file} and, for resolve, the {@code retries} field. */
  private record Upload(String ndjson, String retries) {}

  /** Reads the multipart body; checks media type and the file's extension. */
  private static Upload upload(Exchange ex) {
    String contentType = ex.header("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new KibanaError(415, "Unsupported Media Type");
    }
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw new KibanaError(415, "Unsupported Media Type");
    }
    var config = new MultiPartConfig.Builder()
        .maxSize(Route.MAX_IMPORT_PAYLOAD)
        .maxPartSize(Route.MAX_IMPORT_PAYLOAD)
        .maxMemoryPartSize(Route.MAX_IMPORT_PAYLOAD)
        .build();
    MultiPartFormData.Parts parts;
    try {
      parts = MultiPartFormData.getParts(Content.Source.from(ByteBuffer.wrap(ex.rawBody())),
          new Attributes.Mapped(), contentType, config);
    } catch (RuntimeException e) {
      throw KibanaError.badRequest("Invalid multipart payload format");
    }
    try (parts) {
      MultiPart.Part file = parts.getFirst("file");
      if (file == null) {
        throw KibanaError.badRequest(
            "[request body.file]: expected value of type [Stream] but got [undefined]");
      }
      String filename = file.getFileName() == null ? "" : file.getFileName();
      int dot = filename.lastIndexOf('.');
      String extension = dot <= 0 ? "" : filename.substring(dot).toLowerCase(Locale.ROOT);
      if (!extension.equals(".ndjson")) {
        throw KibanaError.badRequest("Invalid file extension " + extension);
      }
      MultiPart.Part retries = parts.getFirst("retries");
      return new Upload(file.getContentAsString(StandardCharsets.UTF_8),
          retries == null ? null : retries.getContentAsString(StandardCharsets.UTF_8));
    }
  }

  private static List<Candidate> candidates(String ndjson) {
    var candidates = new ArrayList<Candidate>();
    String[] lines = ndjson.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node = Json.parseOrNull(line);
      if (node == null || !node.isObject()) {
        throw KibanaError.badRequest("Unexpected token in JSON at line " + (i + 1));
      }
      if (node.has("exportedCount")) {
        continue;
      }
      candidates.add(new Candidate(node));
    }
    if (candidates.size() > MAX_IMPORT_EXPORT_SIZE) {
      throw KibanaError.badRequest("Can't import more than " + MAX_IMPORT_EXPORT_SIZE
          + " objects");
    }
    return candidates;
  }

  /** References must point into the file or to objects of the target space. */
  private void checkReferences(Candidate c, Map<String, Candidate> inFile, String space) {
    var missing = Json.array();
    for (JsonNode ref : c.line.path("references")) {
      String type = ref.path("type").asText();
      String id = ref.path("id").asText();
      boolean resolvable = inFile.containsKey(type + ":" + id)
          || repository.get(space, type, id) != null;
      if (!resolvable) {
        var item = Json.object();
        item.put("type", type);
        item.put("id", id);
        missing.add(item);
      }
    }
    if (!missing.isEmpty()) {
      c.error = errorType("missing_references");
      c.error.set("references", missing);
    }
  }

  /**
   * Decides where the object lands (Kibana's checkConflicts / checkOriginConflicts): its own ID,
   * an object in this space that was copied from it, or a new ID when the ID lives elsewhere.
   */
  private void resolveDestination(Candidate c, String space, boolean overwrite,
                                  boolean createNewCopies) {
    if (createNewCopies) {
      c.destinationId = UUID.randomUUID().toString();
      return;
    }
    if (repository.get(space, c.type, c.id) != null) {
      if (overwrite) {
        c.overwrite = true;
      } else {
        c.error = errorType("conflict");
      }
      return;
    }
    StoredObject copy = originMatch(space, c.type, c.id);
    if (copy != null) {
      c.destinationId = copy.id();
      if (overwrite) {
        c.overwrite = true;
      } else {
        c.error = errorType("conflict");
        c.error.put("destinationId", copy.id());
      }
      return;
    }
    if (repository.anywhere(space, c.type, c.id) != null) {
      c.destinationId = UUID.randomUUID().toString();
    }
  }

  /** An object in {@code space} whose originId is {@code id} (an earlier copy of it). */
  private StoredObject originMatch(String space, String type, String id) {
    for (StoredObject o : repository.inSpace(space)) {
      if (o.type().equals(type) && id.equals(o.originId())) {
        return o;
      }
    }
    return null;
  }

  private void writeAll(List<Candidate> candidates, String space, Map<String, String> idMap,
                        ArrayNode successes) {
    for (Candidate c : candidates) {
      if (c.error != null) {
        continue;
      }
      try {
        write(c, space, idMap);
        successes.add(successResult(c));
      } catch (KibanaError e) {
        c.error = errorType(e.status() == 409 ? "conflict" : "unknown");
        if (e.status() != 409) {
          c.error.put("statusCode", e.status()).put("message", e.getMessage());
        }
      }
    }
  }

  private void write(Candidate c, String space, Map<String, String> idMap) {
    var attributes = c.line.path("attributes").isObject()
        ? (ObjectNode) c.line.get("attributes") : Json.object();
    var references = Json.array();
    for (JsonNode ref : c.line.path("references")) {
      var copy = ((ObjectNode) ref).deepCopy();
      String mapped = idMap.get(ref.path("type").asText() + ":" + ref.path("id").asText());
      if (mapped != null) {
        copy.put("id", mapped);
      }
      references.add(copy);
    }
    String id = c.destinationId == null ? c.id : c.destinationId;
    String originId = c.line.hasNonNull("originId") ? c.line.get("originId").asText() : null;
    if (c.destinationId != null && originId == null) {
      originId = c.id;
    }
    boolean managed = c.line.path("managed").asBoolean(false);
    repository.create(space, new NewObject(c.type, id, attributes, references, null, managed,
        originId), true);
  }

  private static ObjectNode successResult(Candidate c) {
    var node = Json.object();
    node.put("type", c.type);
    node.put("id", c.id);
    node.set("meta", meta(c));
    if (c.overwrite) {
      node.put("overwrite", true);
    }
    if (c.destinationId != null) {
      node.put("destinationId", c.destinationId);
    }
    node.put("managed", c.line.path("managed").asBoolean(false));
    return node;
  }

  private static ObjectNode errorResult(Candidate c) {
    var node = Json.object();
    node.put("id", c.id);
    node.put("type", c.type);
    node.set("meta", meta(c));
    node.set("error", c.error);
    if (c.overwrite) {
      node.put("overwrite", true);
    }
    return node;
  }

  private static ObjectNode meta(Candidate c) {
    var meta = Json.object();
    var info = SavedObjectTypes.find(c.type);
    JsonNode title = c.line.path("attributes")
        .get(info.map(SavedObjectTypes.TypeInfo::titleAttribute).orElse("title"));
    if (title != null && title.isValueNode()) {
      meta.put("title", title.asText());
    }
    info.ifPresent(t -> meta.put("icon", t.icon()));
    return meta;
  }

  private static ObjectNode errorType(String type) {
    return Json.object().put("type", type);
  }

  /**
   * {@code _resolve_import_errors}: imports only the objects named in {@code retries}, with the
   * retry's overwrite, destinationId, replaceReferences and ignoreMissingReferences.
   */
  private Reply resolveImportErrors(Exchange ex) {
    ex.allowQuery("createNewCopies", "compatibilityMode");
    boolean createNewCopies = ex.queryBool("createNewCopies");
    if (createNewCopies && ex.queryBool("compatibilityMode")) {
      throw KibanaError.badRequest(
          "[request query]: cannot use [createNewCopies] with [compatibilityMode]");
    }
    Upload upload = upload(ex);
    JsonNode retries = upload.retries() == null ? null : Json.parseOrNull(upload.retries());
    if (retries == null || !retries.isArray()) {
      throw Validation.wrongType("request body.retries", "array", retries);
    }
    for (int i = 0; i < retries.size(); i++) {
      String at = "request body.retries." + i;
      var retry = Validation.strictObject(retries.get(i), at, "type", "id", "overwrite",
          "destinationId", "replaceReferences", "createNewCopy", "ignoreMissingReferences");
      Validation.requiredString(retry, "type", at);
      Validation.requiredString(retry, "id", at);
      Validation.optionalBoolean(retry, "overwrite", at);
      Validation.optionalString(retry, "destinationId", at);
    }
    var candidates = new ArrayList<Candidate>();
    for (Candidate c : candidates(upload.ndjson())) {
      for (JsonNode retry : retries) {
        if (retry.get("type").asText().equals(c.type) && retry.get("id").asText().equals(c.id)) {
          c.retry = retry;
          candidates.add(c);
        }
      }
    }
    var types = new TreeSet<String>();
    candidates.stream().map(c -> c.type).filter(SavedObjectTypes::isKnown).forEach(types::add);
    authorizer.requireSavedObjects(ex.principal(), ex.space(), BULK_CREATE, types);

    String space = ex.space();
    var successes = Json.array();
    synchronized (state.writeLock()) {
      var inFile = new HashMap<String, Candidate>();
      candidates.forEach(c -> inFile.put(c.type + ":" + c.id, c));
      for (Candidate c : candidates) {
        replaceReferences(c);
        c.overwrite = c.retry.path("overwrite").asBoolean(false);
        c.destinationId = c.retry.hasNonNull("destinationId")
            ? c.retry.get("destinationId").asText()
            : createNewCopies ? UUID.randomUUID().toString() : null;
        if (!SavedObjectTypes.isKnown(c.type)) {
          c.error = errorType("unsupported_type");
        } else if (!c.retry.path("ignoreMissingReferences").asBoolean(false)) {
          checkReferences(c, inFile, space);
        }
        String target = c.destinationId == null ? c.id : c.destinationId;
        if (c.error == null && !c.overwrite && repository.anywhere(space, c.type, target) != null) {
          c.error = errorType("conflict");
        }
      }
      var idMap = new HashMap<String, String>();
      candidates.stream().filter(c -> c.error == null && c.destinationId != null)
          .forEach(c -> idMap.put(c.type + ":" + c.id, c.destinationId));
      writeAll(candidates, space, idMap, successes);
    }
    return importAnswer(candidates, successes);
  }

  /** Applies a retry's {@code replaceReferences: [{type, from, to}]} to the line. */
  private static void replaceReferences(Candidate c) {
    for (JsonNode replacement : c.retry.path("replaceReferences")) {
      for (JsonNode ref : c.line.path("references")) {
        if (ref.path("type").asText().equals(replacement.path("type").asText())
            && ref.path("id").asText().equals(replacement.path("from").asText())) {
          ((ObjectNode) ref).put("id", replacement.path("to").asText());
        }
      }
    }
  }

  // ---- export ----

  private Reply exportObjects(Exchange ex) {
    ex.allowQuery();
    ObjectNode body = ex.bodyObject("type", "objects", "search", "hasReference",
        "excludeExportDetails", "includeReferencesDeep");
    List<String> types = exportTypes(body);
    ArrayNode objects = body.has("objects") ? exportObjectList(body.get("objects")) : null;
    Boolean excludeDetails = Validation.optionalBoolean(body, "excludeExportDetails",
        "request body");
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
      throw KibanaError.badRequest("Trying to export non-exportable type(s): "
          + String.join(", ", unsupported));
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
          failures.add(SavedObjectViews.itemError(type, id, 404,
              SavedObjectViews.notFoundMessage(type, id)));
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
      var matches = SavedObjectSearch.search(search, List.of(), false)
          .and(SavedObjectSearch.hasReference(hasReference(body), false, false));
      repository.inSpace(space).stream()
          .filter(o -> requestedTypes.contains(o.type()) && matches.test(o))
          .sorted(java.util.Comparator.comparing(StoredObject::type)
              .thenComparing(StoredObject::id))
          .forEach(o -> selected.put(o.type() + ":" + o.id(), o));
    }
    var missingRefs = Json.array();
    if (Boolean.TRUE.equals(deep)) {
      addReferencesDeep(space, selected, missingRefs);
    }
    if (selected.size() > MAX_IMPORT_EXPORT_SIZE) {
      throw KibanaError.badRequest("Can't export more than " + MAX_IMPORT_EXPORT_SIZE
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

  private static ArrayNode exportObjectList(JsonNode objects) {
    if (!objects.isArray()) {
      throw Validation.wrongType("request body.objects", "array", objects);
    }
    if (objects.size() > MAX_IMPORT_EXPORT_SIZE) {
      throw Validation.invalid("request body.objects", "array size is [" + objects.size()
          + "], but cannot be greater than [" + MAX_IMPORT_EXPORT_SIZE + "]");
    }
    for (int i = 0; i < objects.size(); i++) {
      var item = Validation.strictObject(objects.get(i), "request body.objects." + i, "type",
          "id");
      Validation.requiredString(item, "type", "request body.objects." + i);
      Validation.requiredString(item, "id", "request body.objects." + i);
    }
    return (ArrayNode) objects;
  }

  private static List<SavedObjectSearch.Reference> hasReference(ObjectNode body) {
    JsonNode refs = body.get("hasReference");
    return refs == null ? List.of()
        : SavedObjectSearch.parseReferences("hasReference", refs.toString());
  }

  private void addReferencesDeep(String space, Map<String, StoredObject> selected,
                                 ArrayNode missing) {
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

  private static void visit(String key, StoredObject o, Map<String, StoredObject> selected,
                            Map<String, StoredObject> ordered, java.util.Set<String> path) {
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

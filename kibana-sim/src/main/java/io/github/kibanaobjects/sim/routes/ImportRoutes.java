package io.github.kibanaobjects.sim.routes;

import static io.github.kibanaobjects.sim.security.Authorizer.SavedObjectAction.BULK_CREATE;

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
import io.github.kibanaobjects.sim.state.SavedObjectTypes;
import io.github.kibanaobjects.sim.state.SimState;
import io.github.kibanaobjects.sim.state.StoredObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;

/**
 * {@code _import} and {@code _resolve_import_errors} (multipart NDJSON), public everywhere: how
 * each object lands (conflicts, IDs regenerated across spaces, copies, missing references).
 */
public final class ImportRoutes {

  private final SimState state;
  private final Authorizer authorizer;
  private final SavedObjectRepository repository;

  public ImportRoutes(SimState state, Authorizer authorizer) {
    this.state = state;
    this.authorizer = authorizer;
    this.repository = new SavedObjectRepository(state);
  }

  public void register(Router router) {
    router.add(
        Route.of("POST", "/api/saved_objects/_import", this::importObjects, Option.IMPORT_PAYLOAD));
    router.add(
        Route.of(
            "POST",
            "/api/saved_objects/_resolve_import_errors",
            this::resolveImportErrors,
            Option.IMPORT_PAYLOAD));
  }

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
          c.error =
              errorType("unknown")
                  .put("statusCode", 400)
                  .put("message", "[id]: expected value of type [string] but got [undefined]");
        } else if (unparsablePanels(c) != null) {
          c.error = errorType("unknown").put("statusCode", 400).put("message", unparsablePanels(c));
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
      candidates.stream()
          .filter(c -> c.error == null && c.destinationId != null)
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
  private Upload upload(Exchange ex) {
    long maxPayload = state.config().maxImportPayloadBytes();
    String contentType = ex.header("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new KibanaError(415, "Unsupported Media Type");
    }
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw new KibanaError(415, "Unsupported Media Type");
    }
    var config =
        new MultiPartConfig.Builder()
            .maxSize(maxPayload)
            .maxPartSize(maxPayload)
            .maxMemoryPartSize(maxPayload)
            .build();
    MultiPartFormData.Parts parts;
    try {
      parts =
          MultiPartFormData.getParts(
              Content.Source.from(ByteBuffer.wrap(ex.rawBody())),
              new Attributes.Mapped(),
              contentType,
              config);
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
      return new Upload(
          file.getContentAsString(StandardCharsets.UTF_8),
          retries == null ? null : retries.getContentAsString(StandardCharsets.UTF_8));
    }
  }

  /**
   * The file's objects; more than {@code savedObjects.maxImportExportSize} fail the whole import
   * with 400, as Kibana's limit stream does (create_limit_stream.ts in
   * src/core/packages/saved-objects/import-export-server-internal/src/import/lib/).
   */
  private List<Candidate> candidates(String ndjson) {
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
    int limit = state.maxImportExportSize();
    if (candidates.size() > limit) {
      throw KibanaError.badRequest("Can't import more than " + limit + " objects");
    }
    return candidates;
  }

  /**
   * Kibana checks only references to these types on import (REF_TYPES_TO_VALIDATE in
   * src/core/packages/saved-objects/import-export-server-internal/src/import/lib/
   * validate_references.ts): a dashboard whose panel names a missing visualization is imported, and
   * the panel fails only when the dashboard is opened.
   */
  static final Set<String> REFERENCE_TYPES_TO_VALIDATE = Set.of("index-pattern", "search");

  /**
   * References to index patterns and saved searches must point into the file or to objects of the
   * target space.
   */
  private void checkReferences(Candidate c, Map<String, Candidate> inFile, String space) {
    var missing = Json.array();
    for (JsonNode ref : c.line.path("references")) {
      String type = ref.path("type").asText();
      String id = ref.path("id").asText();
      if (!REFERENCE_TYPES_TO_VALIDATE.contains(type)) {
        continue;
      }
      boolean resolvable =
          inFile.containsKey(type + ":" + id) || repository.get(space, type, id) != null;
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
   * Why a dashboard's {@code panelsJSON} cannot be imported, or null. On import Kibana migrates
   * each dashboard through its embeddable migrations, which {@code JSON.parse} the panels
   * (migrate_by_value_dashboard_panels.ts in src/platform/plugins/shared/dashboard/server/
   * dashboard_saved_object/migrations/), so text that is not a JSON array fails that object with a
   * 400 [unsure: Kibana's exact message is the JavaScript parser's].
   */
  private static String unparsablePanels(Candidate c) {
    if (!c.type.equals("dashboard")) {
      return null;
    }
    JsonNode panels = c.line.path("attributes").get("panelsJSON");
    if (panels == null || panels.isNull()) {
      return null;
    }
    if (!panels.isTextual()) {
      return "[attributes.panelsJSON]: expected value of type [string] but got ["
          + Json.typeName(panels)
          + "]";
    }
    JsonNode parsed = Json.parseOrNull(panels.asText());
    if (parsed == null) {
      return "Unexpected token in JSON: attributes.panelsJSON is not valid JSON";
    }
    return null;
  }

  /**
   * Decides where the object lands (Kibana's checkConflicts / checkOriginConflicts): its own ID, an
   * object in this space that was copied from it, or a new ID when the ID lives elsewhere.
   */
  private void resolveDestination(
      Candidate c, String space, boolean overwrite, boolean createNewCopies) {
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

  private void writeAll(
      List<Candidate> candidates, String space, Map<String, String> idMap, ArrayNode successes) {
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
    var attributes =
        c.line.path("attributes").isObject()
            ? (ObjectNode) c.line.get("attributes")
            : Json.object();
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
    repository.create(
        space, new NewObject(c.type, id, attributes, references, null, managed, originId), true);
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
    JsonNode title =
        c.line
            .path("attributes")
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
      var retry =
          Validation.strictObject(
              retries.get(i),
              at,
              "type",
              "id",
              "overwrite",
              "destinationId",
              "replaceReferences",
              "createNewCopy",
              "ignoreMissingReferences");
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
        c.destinationId =
            c.retry.hasNonNull("destinationId")
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
      candidates.stream()
          .filter(c -> c.error == null && c.destinationId != null)
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
}

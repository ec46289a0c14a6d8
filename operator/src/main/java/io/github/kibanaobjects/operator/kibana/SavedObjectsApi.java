package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * Saved objects of one Kibana, in any space.
 *
 * <p>Writes go through {@code _import?overwrite=true}: it is public and stable on stateful and
 * serverless Kibana alike, and the only route that keeps {@code managed:true}. Reads use {@code
 * _export} on every flavour: it is public everywhere, while {@code _bulk_get} and {@code _find} are
 * deprecated since 8.7 and internal on serverless. Deleting is only possible on stateful Kibana
 * (see {@link #delete}).
 */
public final class SavedObjectsApi {
  private static final MediaType NDJSON = MediaType.get("application/ndjson");
  private static final String EXPORT_MISSING = "Error fetching objects to export";

  /** Kibana's default {@code savedObjects.maxImportExportSize}: objects per export by reference. */
  static final int DEFAULT_EXPORT_LIMIT = 10_000;

  private static final java.util.regex.Pattern EXPORT_LIMIT =
      java.util.regex.Pattern.compile("Can't export more than (\\d+) objects");

  private final KibanaClient client;
  private final BooleanSupplier serverless;

  /**
   * @param serverless whether the Kibana is serverless ({@link KibanaStatus#serverless()}); {@link
   *     KibanaClient#savedObjects()} asks Kibana instead
   */
  public SavedObjectsApi(KibanaClient client, boolean serverless) {
    this(client, () -> serverless);
  }

  SavedObjectsApi(KibanaClient client, BooleanSupplier serverless) {
    this.client = client;
    this.serverless = serverless;
  }

  /**
   * Imports objects into a space, one NDJSON line each (so {@code managed} and everything else
   * travels as given). Every object sent gets exactly one outcome. An object Kibana wrote under a
   * different id ({@code destinationId}: the id is taken in another space) is a {@link
   * ImportOutcome.Status#CONFLICT}; if that copy is new and this Kibana can delete, it is deleted
   * again so no stray copy is left behind.
   */
  public ImportResult importObjects(String space, List<ObjectNode> objects, boolean overwrite) {
    if (objects.isEmpty()) {
      return new ImportResult(List.of());
    }
    var ndjson = new StringBuilder();
    for (var object : objects) {
      ndjson.append(importLine(object)).append('\n');
    }
    var body =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart("file", "import.ndjson", RequestBody.create(ndjson.toString(), NDJSON))
            .build();
    var url =
        client
            .spaceUrl(space, "api", "saved_objects", "_import")
            .addQueryParameter("overwrite", Boolean.toString(overwrite))
            .build();
    var response = client.redactedAsReport(client.send("POST", url, body, false));
    var answer = client.readJson(response);

    var successes = new HashMap<SavedObjectRef, JsonNode>();
    answer.path("successResults").forEach(r -> successes.put(SavedObjectRef.of(r), r));
    var errors = new HashMap<SavedObjectRef, JsonNode>();
    answer.path("errors").forEach(e -> errors.put(SavedObjectRef.of(e), e));

    var outcomes = new ArrayList<ImportOutcome>();
    for (var object : objects) {
      var ref = SavedObjectRef.of(object);
      if (errors.containsKey(ref)) {
        outcomes.add(errorOutcome(space, ref, errors.get(ref)));
      } else if (successes.containsKey(ref)) {
        outcomes.add(successOutcome(space, ref, successes.get(ref)));
      } else {
        outcomes.add(
            new ImportOutcome(
                ref,
                ImportOutcome.Status.ERROR,
                null,
                false,
                null,
                "unknown",
                describe(ref, space) + ": Kibana's import answer does not mention it"));
      }
    }
    return new ImportResult(outcomes);
  }

  /**
   * Writes one object with {@code overwrite=true}, in one {@code _import} with whatever else is
   * being written to the space through this client at the same time ({@link ImportBatcher}).
   * Returns this object's own outcome; a failure of the request itself is thrown.
   */
  public ImportOutcome upsert(String space, ObjectNode object) {
    return client.imports().submit(space, object);
  }

  /**
   * Says that this thread is preparing an {@link #upsert} to the space (e.g. its chart is being
   * checked): a batch to the space waits for it, up to {@link ImportBatching#maxLinger()}, so that
   * writes that reach the batcher one chart check apart still share an import. The upsert, or
   * closing what this returns, ends the announcement.
   */
  public ExpectedUpsert expectUpsert(String space) {
    return client.imports().expect(space);
  }

  /**
   * The Kibana feature whose privileges guard saved objects of this type, e.g. {@code visualize}
   * for {@code visualization}, for messages that say which privilege is missing.
   */
  public static String featureOf(String type) {
    return KibanaErrors.featureOf(type);
  }

  /**
   * The objects that exist, keyed by reference, in request order; missing ones are simply absent.
   * Read through {@code _export} on every flavour ({@code _bulk_get} is deprecated since 8.7 and
   * internal on serverless), {@code limit} at most per request.
   */
  public Map<SavedObjectRef, ObjectNode> bulkGet(String space, Collection<SavedObjectRef> refs) {
    var wanted = new ArrayList<>(new LinkedHashSet<>(refs));
    var found = new LinkedHashMap<SavedObjectRef, ObjectNode>();
    for (int from = 0; from < wanted.size(); from += DEFAULT_EXPORT_LIMIT) {
      var page = wanted.subList(from, Math.min(wanted.size(), from + DEFAULT_EXPORT_LIMIT));
      found.putAll(exportObjects(space, new LinkedHashSet<>(page)));
    }
    return found;
  }

  public Optional<ObjectNode> get(String space, String type, String id) {
    var ref = new SavedObjectRef(type, id);
    return Optional.ofNullable(bulkGet(space, List.of(ref)).get(ref));
  }

  /**
   * Every object of a type in a space, keyed by id, in one {@code _export} by type. Kibana refuses
   * an export of more objects than {@code savedObjects.maxImportExportSize} (default 10,000) with a
   * 400 that names the limit ({@code SavedObjectsExporter.fetchByTypes} throws {@code
   * exportSizeExceeded}, src/core/server/saved_objects/export/saved_objects_exporter.ts); then
   * {@code ids} (the objects the caller cares about) are exported by reference instead, that many
   * per request, and the answer covers only those.
   */
  public TypeExport exportType(String space, String type, Collection<String> ids) {
    var body = KibanaClient.JSON.createObjectNode().put("excludeExportDetails", true);
    body.putArray("type").add(type);
    var response = client.send("POST", exportUrl(space), KibanaClient.jsonBody(body), false, 400);
    if (response.isSuccessful()) {
      var all = new LinkedHashMap<String, ObjectNode>();
      parseNdjson(response).stream()
          .filter(o -> type.equals(o.path("type").asText()))
          .forEach(o -> all.put(o.path("id").asText(), o));
      return new TypeExport(all, true);
    }
    var limit = exportLimit(response).orElseThrow(() -> client.error(response));
    var refs = ids.stream().sorted().map(id -> new SavedObjectRef(type, id)).toList();
    var some = new LinkedHashMap<String, ObjectNode>();
    for (int from = 0; from < refs.size(); from += limit) {
      var page = refs.subList(from, Math.min(refs.size(), from + limit));
      client.metrics().batchSize("read", page.size());
      exportObjects(space, new LinkedHashSet<>(page)).forEach((ref, o) -> some.put(ref.id(), o));
    }
    return new TypeExport(some, false);
  }

  /**
   * What an export of a type found.
   *
   * @param objects id to object
   * @param complete whether it holds every object of the type (else only those asked for)
   */
  public record TypeExport(Map<String, ObjectNode> objects, boolean complete) {}

  /** The limit a "Can't export more than N objects" answer names. */
  private static Optional<Integer> exportLimit(KibanaResponse response) {
    var matcher = EXPORT_LIMIT.matcher(response.body());
    if (response.status() != 400 || !matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Math.max(1, Integer.parseInt(matcher.group(1))));
    } catch (NumberFormatException tooLarge) {
      return Optional.of(DEFAULT_EXPORT_LIMIT);
    }
  }

  /**
   * Deletes an object; one that is already gone counts as deleted. Serverless Kibana has no public
   * delete route (the saved objects CRUD routes are internal there and {@code _import} cannot
   * delete), so there this raises a non-retryable {@link Reason#KIBANA_ERROR} that says so: the
   * caller decides whether to orphan the object.
   */
  public void delete(String space, String type, String id) {
    if (serverless.getAsBoolean()) {
      throw new OperatorException(
          Reason.KIBANA_ERROR,
          "cannot delete "
              + describe(new SavedObjectRef(type, id), space)
              + ": serverless Kibana has no public API to delete saved objects; delete it in"
              + " Kibana's UI or set deletionPolicy: Orphan");
    }
    var url = client.spaceUrl(space, "api", "saved_objects", type, id).build();
    client.send("DELETE", url, null, false, 404);
  }

  /** Every object of a type in a space, read {@code perPage} at a time. */
  public List<ObjectNode> find(String space, String type, int perPage) {
    if (perPage < 1) {
      throw new IllegalArgumentException("perPage must be at least 1");
    }
    if (serverless.getAsBoolean()) {
      var body = KibanaClient.JSON.createObjectNode().put("excludeExportDetails", true);
      body.putArray("type").add(type);
      return parseNdjson(client.send("POST", exportUrl(space), KibanaClient.jsonBody(body), false));
    }
    var all = new ArrayList<ObjectNode>();
    for (var page = 1; ; page++) {
      var url =
          client
              .spaceUrl(space, "api", "saved_objects", "_find")
              .addQueryParameter("type", type)
              .addQueryParameter("per_page", Integer.toString(perPage))
              .addQueryParameter("page", Integer.toString(page))
              .build();
      var response = client.send("GET", url, null, false);
      var answer = client.readJson(response);
      var objects = answer.path("saved_objects");
      objects.forEach(o -> all.add((ObjectNode) o));
      if (objects.isEmpty() || all.size() >= answer.path("total").asLong()) {
        return all;
      }
    }
  }

  /**
   * Reads objects through {@code _export}. A missing object fails the whole export with 400 and
   * lists the missing ones in {@code attributes.objects}: those are dropped and the rest asked
   * again.
   */
  private Map<SavedObjectRef, ObjectNode> exportObjects(String space, Set<SavedObjectRef> refs) {
    var remaining = new LinkedHashSet<>(refs);
    while (!remaining.isEmpty()) {
      var body =
          KibanaClient.JSON
              .createObjectNode()
              .put("includeReferencesDeep", false)
              .put("excludeExportDetails", true);
      var objects = body.putArray("objects");
      remaining.forEach(ref -> objects.add(ref.toJson()));
      var response = client.send("POST", exportUrl(space), KibanaClient.jsonBody(body), false, 400);
      if (response.isSuccessful()) {
        var found = new LinkedHashMap<SavedObjectRef, ObjectNode>();
        parseNdjson(response).forEach(o -> found.put(SavedObjectRef.of(o), o));
        // request order, as _bulk_get gives it
        var ordered = new LinkedHashMap<SavedObjectRef, ObjectNode>();
        refs.stream().filter(found::containsKey).forEach(ref -> ordered.put(ref, found.get(ref)));
        return ordered;
      }
      var missing = missingFromExport(response);
      if (missing.isEmpty() || !remaining.containsAll(missing)) {
        throw client.error(response);
      }
      remaining.removeAll(missing);
    }
    return Map.of();
  }

  private Set<SavedObjectRef> missingFromExport(KibanaResponse response) {
    JsonNode answer;
    try {
      answer = KibanaClient.JSON.readTree(response.body());
    } catch (JsonProcessingException notJson) {
      return Set.of();
    }
    if (answer == null || !EXPORT_MISSING.equals(answer.path("message").asText())) {
      return Set.of();
    }
    var missing = new LinkedHashSet<SavedObjectRef>();
    answer.path("attributes").path("objects").forEach(o -> missing.add(SavedObjectRef.of(o)));
    return missing;
  }

  private List<ObjectNode> parseNdjson(KibanaResponse response) {
    var objects = new ArrayList<ObjectNode>();
    for (var line : response.body().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = KibanaClient.JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw client.unexpectedAnswer(response, "an export line that is not JSON");
      }
      // the export details line, if Kibana added one anyway
      if (node instanceof ObjectNode object && !object.has("exportedCount")) {
        objects.add(object);
      }
    }
    return objects;
  }

  private HttpUrl exportUrl(String space) {
    return client.spaceUrl(space, "api", "saved_objects", "_export").build();
  }

  private ImportOutcome successOutcome(String space, SavedObjectRef ref, JsonNode result) {
    var destinationId = result.path("destinationId").asText(null);
    if (destinationId == null || destinationId.equals(ref.id())) {
      return new ImportOutcome(ref, ImportOutcome.Status.WRITTEN, null, false, null, null, null);
    }
    // Kibana regenerated the id because it is taken in another space. A copy it just created is
    // ours to remove; one it overwrote (overwrite:true) existed before and is left alone.
    var fresh = !result.path("overwrite").asBoolean(false);
    var removal =
        fresh
            ? removeCopy(space, ref.type(), destinationId)
            : "it replaced an existing copy (an object whose originId is this id), left in place";
    return new ImportOutcome(
        ref,
        ImportOutcome.Status.CONFLICT,
        destinationId,
        removal == null,
        fresh && removal != null ? space + "/" + ref.type() + "/" + destinationId : null,
        "conflict",
        describe(ref, space)
            + " was not written: the id is taken by an object in another space, so Kibana imported"
            + " it under id '"
            + destinationId
            + "' instead; "
            + (removal == null
                ? "that copy was deleted again"
                : removal + (fresh ? "; the operator deletes it later" : "")));
  }

  /** Deletes a copy the import made; returns why it could not, or null when it is gone. */
  private String removeCopy(String space, String type, String copyId) {
    try {
      delete(space, type, copyId);
      return null;
    } catch (OperatorException e) {
      return "the copy could not be deleted (" + e.getMessage() + ")";
    }
  }

  private ImportOutcome errorOutcome(String space, SavedObjectRef ref, JsonNode item) {
    var error = item.path("error");
    var type = error.path("type").asText("unknown");
    var conflict = type.equals("conflict") || type.equals("ambiguous_conflict");
    String detail =
        switch (type) {
          case "conflict" -> "an object with this id exists and overwrite was off";
          case "ambiguous_conflict" ->
              "several objects in the space claim this id as their origin: "
                  + error.path("destinations").findValuesAsText("id");
          case "missing_references" ->
              "it references objects that do not exist: "
                  + StreamSupport.stream(error.path("references").spliterator(), false)
                      .map(r -> r.path("type").asText() + "/" + r.path("id").asText())
                      .collect(Collectors.joining(", "));
          case "unsupported_type" -> "Kibana does not support importing this type";
          default -> error.path("message").asText(error.toString());
        };
    return new ImportOutcome(
        ref,
        conflict ? ImportOutcome.Status.CONFLICT : ImportOutcome.Status.ERROR,
        null,
        false,
        null,
        type,
        describe(ref, space) + " was not imported (" + type + "): " + detail);
  }

  private static String describe(SavedObjectRef ref, String space) {
    return ref.type() + " '" + ref.id() + "' in space '" + space + "'";
  }

  /** One object as an import file's line; refuses an object without a type and an id. */
  static String importLine(ObjectNode object) {
    if (!object.path("type").isTextual() || !object.path("id").isTextual()) {
      throw new IllegalArgumentException("every imported object needs a type and an id");
    }
    try {
      return KibanaClient.JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise a saved object", e);
    }
  }
}

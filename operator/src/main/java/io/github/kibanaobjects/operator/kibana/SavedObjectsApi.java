package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
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
 * _bulk_get} and {@code _find} on stateful Kibana; on serverless those routes are internal, so
 * reads use {@code _export} instead. Deleting is only possible on stateful Kibana (see {@link
 * #delete}).
 */
public final class SavedObjectsApi {
  private static final MediaType NDJSON = MediaType.get("application/ndjson");
  private static final String EXPORT_MISSING = "Error fetching objects to export";

  /** Objects per request when reads are shared: bounds each answer's size. */
  private static final int SHARED_READ_BATCH = 50;

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
   * The Kibana feature whose privileges guard saved objects of this type, e.g. {@code visualize}
   * for {@code visualization}, for messages that say which privilege is missing.
   */
  public static String featureOf(String type) {
    return KibanaErrors.featureOf(type);
  }

  /**
   * The objects that exist, keyed by reference, in request order; missing ones are simply absent.
   */
  public Map<SavedObjectRef, ObjectNode> bulkGet(String space, Collection<SavedObjectRef> refs) {
    var wanted = new LinkedHashSet<>(refs);
    if (wanted.isEmpty()) {
      return Map.of();
    }
    return serverless.getAsBoolean()
        ? exportObjects(space, wanted)
        : bulkGetStateful(space, wanted);
  }

  public Optional<ObjectNode> get(String space, String type, String id) {
    var ref = new SavedObjectRef(type, id);
    return Optional.ofNullable(bulkGet(space, List.of(ref)).get(ref));
  }

  /**
   * Whether the object is still in the state whose {@code digest} is {@code expected}, as a read
   * shared with every other caller on this client says: one {@code _bulk_get} (fifty objects at a
   * time) of every object of the type in the space that callers asked about lately, no older than
   * {@code maxAge}. False also when that read cannot tell; the caller then reads the object.
   */
  public boolean recentlyMatches(
      String space,
      String type,
      String id,
      Duration maxAge,
      Function<ObjectNode, String> digest,
      String expected) {
    return client
        .snapshots()
        .confirms(
            space + "/" + type,
            id,
            maxAge,
            expected,
            (wanted, outOfTime) -> {
              var covered = new HashSet<String>();
              var digests = new HashMap<String, String>();
              var refs = wanted.stream().sorted().map(i -> new SavedObjectRef(type, i)).toList();
              for (int from = 0; from < refs.size() && !outOfTime.getAsBoolean(); ) {
                var batch = refs.subList(from, Math.min(refs.size(), from + SHARED_READ_BATCH));
                from += batch.size();
                client.metrics().batchSize("read", batch.size());
                try {
                  bulkGet(space, batch)
                      .forEach(
                          (ref, object) ->
                              digests.put(ref.id(), CollectionSnapshots.digestOf(digest, object)));
                } catch (RuntimeException e) {
                  // this batch's objects read their own; the other batches stand
                  continue;
                }
                batch.forEach(ref -> covered.add(ref.id()));
              }
              return new CollectionSnapshots.Read(covered, digests);
            });
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

  private Map<SavedObjectRef, ObjectNode> bulkGetStateful(String space, Set<SavedObjectRef> refs) {
    var body = KibanaClient.JSON.createArrayNode();
    refs.forEach(ref -> body.add(ref.toJson()));
    var url = client.spaceUrl(space, "api", "saved_objects", "_bulk_get").build();
    var response = client.send("POST", url, KibanaClient.jsonBody(body), false);
    var found = new LinkedHashMap<SavedObjectRef, ObjectNode>();
    for (var item : client.readJson(response).path("saved_objects")) {
      var error = item.get("error");
      if (error == null) {
        found.put(SavedObjectRef.of(item), (ObjectNode) item);
      } else if (error.path("statusCode").asInt() != 404) {
        // a 200 with a per-item failure (403, 400, ...) is still a failure
        throw client.error(
            new KibanaResponse(
                response.method(),
                response.path(),
                error.path("statusCode").asInt(500),
                response.headers(),
                error.toString()));
      }
    }
    return found;
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

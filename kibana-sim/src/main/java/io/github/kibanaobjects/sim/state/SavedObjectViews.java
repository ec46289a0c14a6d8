package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Json;
import java.util.Collection;

/** Pure mappers from stored objects to the JSON shapes Kibana answers with. */
public final class SavedObjectViews {
  private SavedObjectViews() {}

  /** What get, create, bulk_get and bulk_create return (contract 1.2). */
  public static ObjectNode full(StoredObject o) {
    var info = SavedObjectTypes.find(o.type()).orElseThrow();
    var node = Json.object();
    node.put("id", o.id());
    node.put("type", o.type());
    node.set("namespaces", Json.arrayOf(o.namespaces()));
    node.put("updated_at", o.updatedAt());
    node.put("created_at", o.createdAt());
    node.put("version", o.version());
    node.putObject("migrationVersion").put(o.type(), info.typeMigrationVersion());
    node.put("coreMigrationVersion", SavedObjectTypes.CORE_MIGRATION_VERSION);
    node.put("typeMigrationVersion", info.typeMigrationVersion());
    node.put("managed", o.managed());
    if (o.originId() != null) {
      node.put("originId", o.originId());
    }
    node.set("attributes", o.attributes());
    node.set("references", o.references());
    return node;
  }

  /** Like {@link #full} with {@code attributes} limited to {@code fields} (find/bulk_get). */
  public static ObjectNode withFields(StoredObject o, Collection<String> fields) {
    var node = full(o);
    if (fields != null && !fields.isEmpty()) {
      var attributes = Json.object();
      for (String field : fields) {
        JsonNode value = o.attributes().get(field);
        if (value != null) {
          attributes.set(field, value);
        }
      }
      node.set("attributes", attributes);
    }
    return node;
  }

  /** One line of an export: no namespaces or legacy migrationVersion, keys sorted. */
  public static JsonNode exportLine(StoredObject o) {
    var node = full(o);
    node.remove("namespaces");
    node.remove("migrationVersion");
    return Json.sortedKeys(node);
  }

  /** The {@code {id,type,error:{statusCode,error,message}}} item of bulk answers. */
  public static ObjectNode itemError(String type, String id, int status, String message) {
    var node = Json.object();
    node.put("id", id);
    node.put("type", type);
    node.set("error", io.github.kibanaobjects.sim.http.KibanaError.body(status, message, null));
    return node;
  }

  public static String notFoundMessage(String type, String id) {
    return "Saved object [" + type + "/" + id + "] not found";
  }

  public static String conflictMessage(String type, String id) {
    return "Saved object [" + type + "/" + id + "] conflict";
  }

  public static String unsupportedTypeMessage(String type) {
    return "Unsupported saved object type: '" + type + "': Bad Request";
  }
}

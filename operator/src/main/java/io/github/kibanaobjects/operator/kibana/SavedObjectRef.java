package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A saved object's identity within a space: its type and id. */
public record SavedObjectRef(String type, String id) {
  public SavedObjectRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  static SavedObjectRef of(JsonNode object) {
    return new SavedObjectRef(object.path("type").asText(), object.path("id").asText());
  }

  ObjectNode toJson() {
    return KibanaClient.JSON.createObjectNode().put("type", type).put("id", id);
  }

  @Override
  public String toString() {
    return type + "/" + id;
  }
}

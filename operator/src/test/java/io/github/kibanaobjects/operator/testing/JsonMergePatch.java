package io.github.kibanaobjects.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON merge patch (RFC 7386), as test case files write a case's change to a base spec. */
public final class JsonMergePatch {
  /** Objects merge, null removes, anything else replaces; {@code target} may be changed. */
  public static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isMissingNode()) {
      return target;
    }
    if (!patch.isObject() || !(target instanceof ObjectNode object)) {
      return patch.deepCopy();
    }
    patch
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                object.remove(field.getKey());
              } else {
                var current = object.get(field.getKey());
                object.set(
                    field.getKey(),
                    current == null
                        ? field.getValue().deepCopy()
                        : merge(current, field.getValue()));
              }
            });
    return object;
  }

  private JsonMergePatch() {}
}

package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One saved object as stored. Instances are never mutated: every write stores a new one, so readers
 * may serialise the JSON nodes without locks.
 *
 * @param seqNo ES {@code _seq_no}, encoded into {@code version}
 * @param order insertion order, the default {@code _find} order
 */
public record StoredObject(
    String type,
    String id,
    List<String> namespaces,
    ObjectNode attributes,
    ArrayNode references,
    String createdAt,
    String updatedAt,
    long seqNo,
    boolean managed,
    String originId,
    long order) {

  public boolean inSpace(String space) {
    return namespaces.contains(space) || namespaces.contains("*");
  }

  public String version() {
    return SavedObjectVersion.encode(seqNo, 1);
  }
}

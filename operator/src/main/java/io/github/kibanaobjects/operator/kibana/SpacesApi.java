package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kibana's spaces API ({@code /api/spaces/space}, versioned {@code 2023-10-31}). Spaces are global:
 * there is no space prefix. Routes: {@code
 * x-pack/platform/plugins/shared/spaces/server/routes/api/external/*.ts}.
 */
public final class SpacesApi {
  /** The space every Kibana has; it cannot be deleted. */
  public static final String DEFAULT_SPACE = "default";

  private final KibanaClient client;

  SpacesApi(KibanaClient client) {
    this.client = client;
  }

  public Optional<ObjectNode> get(String id) {
    var response =
        client.send("GET", client.globalUrl("api", "spaces", "space", id).build(), null, true, 404);
    if (response.status() == 404) {
      client.knownSpaces().gone(id);
      return Optional.empty();
    }
    var space = client.readJson(response);
    if (!space.isObject()) {
      throw client.unexpectedAnswer(response, "a space that is not a JSON object");
    }
    client.knownSpaces().seen(id);
    return Optional.of((ObjectNode) space);
  }

  /** Every space the credentials may see, {@code default} included, as Kibana orders them. */
  public List<ObjectNode> list() {
    var response =
        client.send("GET", client.globalUrl("api", "spaces", "space").build(), null, true);
    var spaces = client.readJson(response);
    if (!spaces.isArray()) {
      throw client.unexpectedAnswer(response, "a space list that is not a JSON array");
    }
    var result = new ArrayList<ObjectNode>();
    for (var space : spaces) {
      if (!space.isObject()) {
        throw client.unexpectedAnswer(response, "a space that is not a JSON object");
      }
      result.add((ObjectNode) space);
    }
    return result;
  }

  /**
   * Whether the space exists; {@code default} always does. A space Kibana answered for or listed
   * within {@link KnownSpaces#FRESH_FOR} is not asked about again; one that is not listed (missing,
   * or the list left it out) is asked about by its id.
   */
  public boolean exists(String id) {
    if (DEFAULT_SPACE.equals(id) || client.knownSpaces().recentlySeen(id)) {
      return true;
    }
    // a list refused or failed leaves the space to its own route, which says what is wrong
    client.knownSpaces().learn(() -> list().stream().map(s -> s.path("id").asText()).toList());
    return client.knownSpaces().recentlySeen(id) || get(id).isPresent();
  }

  /**
   * Creates a space; one that exists already (created meanwhile by someone else) is not touched and
   * the call fails with {@link Reason#CONFLICT}.
   */
  public void create(ObjectNode body) {
    var response =
        client.send(
            "POST",
            client.globalUrl("api", "spaces", "space").build(),
            KibanaClient.jsonBody(body),
            true,
            409);
    if (response.status() == 409) {
      var kibana = client.error(response);
      throw new OperatorException(
          Reason.CONFLICT,
          "space "
              + body.path("id").asText()
              + " already exists in Kibana and was left unchanged; set adopt: true to take it"
              + " over. "
              + kibana.getMessage(),
          false,
          null,
          409,
          null);
    }
    client.knownSpaces().seen(body.path("id").asText());
  }

  /** Replaces a space (the whole object: Kibana's PUT is not a merge). */
  public void update(String id, ObjectNode body) {
    client.send(
        "PUT",
        client.globalUrl("api", "spaces", "space", id).build(),
        KibanaClient.jsonBody(body),
        true);
  }

  /** Deletes a space and every object in it; one that is already gone counts as deleted. */
  public void delete(String id) {
    client.knownSpaces().gone(id);
    client.send("DELETE", client.globalUrl("api", "spaces", "space", id).build(), null, true, 404);
    // again: a check answered while the delete was under way may have seen it still there
    client.knownSpaces().gone(id);
  }
}

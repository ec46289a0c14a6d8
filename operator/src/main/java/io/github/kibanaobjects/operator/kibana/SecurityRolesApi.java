package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kibana's role API ({@code /api/security/role}, versioned {@code 2023-10-31}). Roles are global:
 * there is no space prefix.
 */
public final class SecurityRolesApi {
  private final KibanaClient client;

  SecurityRolesApi(KibanaClient client) {
    this.client = client;
  }

  /**
   * The role, with deprecated feature privileges replaced by their v2 ids where Kibana can
   * (capabilities, once a status check told them): Kibana's own UI reads roles that way
   * (roles_api_client.ts), and the normaliser compares either form as equal, so a read before any
   * status check may take the stored form.
   */
  public Optional<ObjectNode> get(String name) {
    var response =
        client.send(
            "GET",
            withReplacement(client.globalUrl("api", "security", "role", name)),
            null,
            true,
            404);
    if (response.status() == 404) {
      return Optional.empty();
    }
    var role = client.readJson(response);
    if (!role.isObject()) {
      throw client.unexpectedAnswer(response, "a role that is not a JSON object");
    }
    return Optional.of((ObjectNode) role);
  }

  /** Every role, reserved ones included, as Kibana sorts them (by name). */
  public List<ObjectNode> list() {
    var response =
        client.send(
            "GET", withReplacement(client.globalUrl("api", "security", "role")), null, true);
    var roles = client.readJson(response);
    if (!roles.isArray()) {
      throw client.unexpectedAnswer(response, "a role list that is not a JSON array");
    }
    var result = new ArrayList<ObjectNode>();
    roles.forEach(role -> result.add((ObjectNode) role));
    return result;
  }

  /**
   * Creates or replaces a role. With {@code createOnly}, an existing role is not touched and the
   * call fails with {@link Reason#CONFLICT}.
   */
  public void put(String name, ObjectNode body, boolean createOnly) {
    var url = client.globalUrl("api", "security", "role", name);
    if (createOnly) {
      url.addQueryParameter("createOnly", "true");
    }
    var response = client.send("PUT", url.build(), KibanaClient.jsonBody(body), true, 409);
    if (response.status() == 409) {
      var kibana = client.error(response);
      throw new OperatorException(
          Reason.CONFLICT,
          "role "
              + name
              + " already exists in Kibana and was left unchanged (createOnly); set adopt: true to"
              + " take it over. "
              + kibana.getMessage(),
          false,
          null,
          409,
          null);
    }
  }

  private okhttp3.HttpUrl withReplacement(okhttp3.HttpUrl.Builder url) {
    if (client
        .knownCapabilities()
        .map(KibanaCapabilities::replaceDeprecatedPrivilegesParameter)
        .orElse(false)) {
      url.addQueryParameter("replaceDeprecatedPrivileges", "true");
    }
    return url.build();
  }

  /** Deletes a role; one that is already gone counts as deleted. */
  public void delete(String name) {
    client.send(
        "DELETE", client.globalUrl("api", "security", "role", name).build(), null, true, 404);
  }
}

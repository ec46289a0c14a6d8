package io.github.kibanaobjects.operator.reconciler.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.kibana.SecurityRolesApi;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.RoleNormalizer;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import java.util.List;
import java.util.Optional;

/**
 * One role, written with {@code PUT /api/security/role/{name}} and read from the connection's
 * {@link KibanaState}, which lists every role at once.
 */
final class RoleTarget implements ObjectSync.Target {
  private final SecurityRolesApi api;
  private final String name;
  private final ObjectNode desired;
  private final KibanaState state;
  private final KibanaState.Owner owner;
  private JsonNode seen;

  /** The state's collection of roles: one list of every role per connection. */
  static final String COLLECTION = "roles";

  /**
   * @param state what the connection's Kibana holds, read and updated here
   * @param owner the resource, which expects the role to stay as it leaves it
   */
  RoleTarget(
      SecurityRolesApi api,
      String name,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner) {
    this.api = api;
    this.name = name;
    this.desired = desired;
    this.state = state;
    this.owner = owner;
  }

  @Override
  public String describe() {
    return KibanaObjectRef.global("role", name).describe();
  }

  @Override
  public String key() {
    return name;
  }

  @Override
  public Optional<JsonNode> read() {
    var current =
        state
            .current(
                COLLECTION,
                name,
                KibanaState.Loader.of(
                    members -> {
                      var roles = new java.util.HashMap<String, ObjectNode>();
                      api.list().forEach(role -> roles.put(role.path("name").asText(), role));
                      return new KibanaState.Loaded(roles, true);
                    },
                    api::get))
            .map(JsonNode.class::cast);
    seen = current.orElse(null);
    return current;
  }

  @Override
  public boolean matches(JsonNode current) {
    return RoleNormalizer.equivalent(desired, current);
  }

  @Override
  public List<String> diff(JsonNode current) {
    return RoleNormalizer.diff(desired, current);
  }

  /** A first create uses createOnly, so a role made meanwhile by someone else is not replaced. */
  @Override
  public void write(boolean firstCreate) {
    api.put(name, desired, firstCreate);
    var written = desired.deepCopy().put("name", name);
    state.wrote(COLLECTION, name, written);
    seen = written;
  }

  @Override
  public void synced() {
    if (seen != null) {
      state.expect(COLLECTION, name, owner, DesiredStateHash::ofRole, seen);
    }
  }

  @Override
  public Optional<String> refuseAdoption(JsonNode current) {
    return current.path("metadata").path("_reserved").asBoolean(false)
        ? Optional.of("is a reserved role of Elasticsearch and cannot be managed")
        : Optional.empty();
  }
}

package io.github.kibanaobjects.operator.reconciler.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.kibana.SecurityRolesApi;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import io.github.kibanaobjects.operator.mapping.RoleNormalizer;
import io.github.kibanaobjects.operator.reconciler.KibanaObjectRef;
import io.github.kibanaobjects.operator.reconciler.ObjectSync;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One role, written with {@code PUT /api/security/role/{name}}. */
final class RoleTarget implements ObjectSync.Target {
  private final SecurityRolesApi api;
  private final String name;
  private final ObjectNode desired;
  private final Duration recentEnough;

  /**
   * @param recentEnough how old a shared list of every role may be to tell the role is in sync, or
   *     null when only a read of the role itself will do
   */
  RoleTarget(SecurityRolesApi api, String name, ObjectNode desired, Duration recentEnough) {
    this.api = api;
    this.name = name;
    this.desired = desired;
    this.recentEnough = recentEnough;
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
    return api.get(name).map(JsonNode.class::cast);
  }

  @Override
  public boolean recentlyInSync() {
    return recentEnough != null
        && api.recentlyMatches(
            name, recentEnough, DesiredStateHash::ofRole, DesiredStateHash.ofRole(desired));
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
  }

  @Override
  public Optional<String> refuseAdoption(JsonNode current) {
    return current.path("metadata").path("_reserved").asBoolean(false)
        ? Optional.of("is a reserved role of Elasticsearch and cannot be managed")
        : Optional.empty();
  }
}

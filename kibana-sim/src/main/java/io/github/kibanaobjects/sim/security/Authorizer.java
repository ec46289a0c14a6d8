package io.github.kibanaobjects.sim.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.state.SavedObjectTypes;
import io.github.kibanaobjects.sim.state.SimState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Evaluates the caller's stored roles like Elasticsearch evaluates Kibana's application privileges:
 * global and per-space base privileges, feature privileges, and the {@code superuser} / {@code
 * manage_security} cluster rights for the role API.
 */
public final class Authorizer {

  public enum Level {
    NONE,
    READ,
    ALL
  }

  /** Saved-object actions with the feature privilege level each needs. */
  public enum SavedObjectAction {
    CREATE(Level.ALL),
    GET(Level.READ),
    UPDATE(Level.ALL),
    DELETE(Level.ALL),
    FIND(Level.READ),
    BULK_GET(Level.READ),
    BULK_CREATE(Level.ALL),
    BULK_UPDATE(Level.ALL),
    BULK_DELETE(Level.ALL);

    final Level needs;

    SavedObjectAction(Level needs) {
      this.needs = needs;
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One {@code kibana} entry of a role: where it applies and what it grants. */
  private record Entry(List<String> spaces, Level base, Map<String, Level> features) {
    boolean appliesTo(String space) {
      return spaces.contains("*") || spaces.contains(space);
    }

    boolean global() {
      return spaces.contains("*");
    }
  }

  /** What one principal may do, derived from its roles at request time. */
  public static final class Grants {
    private final Principal principal;
    private final boolean superuser;
    private final boolean manageSecurity;
    private final List<Entry> entries;
    private final boolean v2Features;

    private Grants(
        Principal principal,
        boolean superuser,
        boolean manageSecurity,
        List<Entry> entries,
        boolean v2Features) {
      this.v2Features = v2Features;
      this.principal = principal;
      this.superuser = superuser;
      this.manageSecurity = manageSecurity;
      this.entries = entries;
    }

    public boolean superuser() {
      return superuser;
    }

    public boolean hasAnyAccess(String space) {
      if (superuser) {
        return true;
      }
      for (Entry e : entries) {
        if (e.appliesTo(space) && (e.base() != Level.NONE || !e.features().isEmpty())) {
          return true;
        }
      }
      return false;
    }

    public Level featureLevel(String space, String feature) {
      if (superuser) {
        return Level.ALL;
      }
      Level best = Level.NONE;
      for (Entry e : entries) {
        if (e.appliesTo(space)) {
          best = max(best, e.base());
          best = max(best, e.features().getOrDefault(feature, Level.NONE));
        }
      }
      return best;
    }

    /** Level for a saved-object type: its feature, or savedObjectsManagement. */
    public Level typeLevel(String space, String type) {
      var info = SavedObjectTypes.find(type);
      // The v2 feature of a deprecated one grants the same saved-object types (without 'query').
      Level viaFeature =
          info.map(
                  t ->
                      max(
                          featureLevel(space, t.feature()),
                          v2Features ? featureLevel(space, t.feature() + "_v2") : Level.NONE))
              .orElse(Level.NONE);
      return max(viaFeature, featureLevel(space, SavedObjectTypes.MANAGEMENT_FEATURE));
    }

    /** Creating, updating and deleting spaces needs the global base privilege {@code all}. */
    public boolean canManageSpaces() {
      return superuser || entries.stream().anyMatch(e -> e.global() && e.base() == Level.ALL);
    }

    public boolean canManageRoles() {
      return superuser || manageSecurity;
    }

    public Principal principal() {
      return principal;
    }
  }

  private final SimState state;

  public Authorizer(SimState state) {
    this.state = state;
  }

  public Grants grants(Principal principal) {
    boolean superuser = false;
    boolean manageSecurity = false;
    var entries = new ArrayList<Entry>();
    for (String roleName : principal.roles()) {
      var role = state.roles().get(roleName);
      if (role == null) {
        continue;
      }
      if ("superuser".equals(roleName)) {
        superuser = true;
      }
      for (JsonNode cluster : role.path("elasticsearch").path("cluster")) {
        String c = cluster.asText();
        if (c.equals("all") || c.equals("manage_security")) {
          manageSecurity = true;
        }
      }
      for (JsonNode kibana : role.path("kibana")) {
        entries.add(entry(kibana));
      }
    }
    return new Grants(
        principal, superuser, manageSecurity, entries, state.config().v2FeaturePrivileges());
  }

  /**
   * Throws Kibana's 403 unless the caller may run {@code action} on every one of {@code types} in
   * {@code space}: {@code Forbidden} without any access to the space, otherwise {@code Unable to
   * <action> <denied types, sorted>}.
   */
  public void requireSavedObjects(
      Principal principal, String space, SavedObjectAction action, Collection<String> types) {
    var grants = grants(principal);
    if (grants.superuser()) {
      return;
    }
    if (!grants.hasAnyAccess(space)) {
      throw KibanaError.forbidden("Forbidden");
    }
    var denied = new TreeSet<String>();
    for (String type : types) {
      boolean known = SavedObjectTypes.isKnown(type);
      if (known && grants.typeLevel(space, type).compareTo(action.needs) < 0) {
        denied.add(type);
      }
    }
    if (!denied.isEmpty()) {
      throw KibanaError.forbidden("Unable to " + action.label() + " " + String.join(",", denied));
    }
  }

  /** Whether the caller may read objects of {@code type} in {@code space} (for _find filtering). */
  public boolean canRead(Grants grants, String space, String type) {
    return grants.typeLevel(space, type).compareTo(Level.READ) >= 0;
  }

  /** The ES 403 for the role API, passed through by Kibana. */
  public void requireManageSecurity(Principal principal, String esAction) {
    if (!grants(principal).canManageRoles()) {
      throw KibanaError.forbidden(
          "action [cluster:admin/xpack/security/role/"
              + esAction
              + "] is unauthorized for user ["
              + principal.username()
              + "] with effective roles ["
              + String.join(",", new TreeSet<>(principal.roles()))
              + "], this action is granted by"
              + " the cluster privileges [manage_security,all]");
    }
  }

  private static Entry entry(JsonNode kibana) {
    var spaces = new ArrayList<String>();
    kibana.path("spaces").forEach(s -> spaces.add(s.asText()));
    if (spaces.isEmpty()) {
      spaces.add("*");
    }
    Level base = Level.NONE;
    for (JsonNode b : kibana.path("base")) {
      base = max(base, level(b.asText()));
    }
    var features = new HashMap<String, Level>();
    kibana
        .path("feature")
        .properties()
        .forEach(
            f -> {
              Level level = Level.NONE;
              for (JsonNode p : f.getValue()) {
                level = max(level, level(p.asText()));
              }
              features.put(f.getKey(), level);
            });
    return new Entry(spaces, base, features);
  }

  private static Level level(String privilege) {
    return switch (privilege) {
      case "all", "minimal_all" -> Level.ALL;
      case "read", "minimal_read" -> Level.READ;
      default -> Level.NONE;
    };
  }

  private static Level max(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

package io.github.kibanaobjects.sim.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The saved-object types the simulator knows, with Kibana's per-type properties. */
public final class SavedObjectTypes {

  /** How IDs and namespaces relate (Kibana's {@code namespaceType}). */
  public enum NamespaceType {
    /** One space per object, IDs unique across all spaces ({@code multiple-isolated}). */
    MULTIPLE_ISOLATED,
    /** Shareable into several spaces ({@code multiple}). */
    MULTIPLE,
    /** One space per object, the same ID may exist in every space ({@code single}). */
    SINGLE
  }

  /**
   * @param feature the Kibana feature whose privileges govern the type
   * @param typeMigrationVersion what the server reports after migrating an object
   */
  public record TypeInfo(
      String name,
      NamespaceType namespaceType,
      String feature,
      String typeMigrationVersion,
      String icon,
      String titleAttribute) {}

  public static final String CORE_MIGRATION_VERSION = "8.8.0";

  /** {@code savedObjectsManagement: all} (or read) covers every type. */
  public static final String MANAGEMENT_FEATURE = "savedObjectsManagement";

  private static final Map<String, TypeInfo> TYPES =
      Map.of(
          "visualization",
              new TypeInfo(
                  "visualization",
                  NamespaceType.MULTIPLE_ISOLATED,
                  "visualize",
                  "8.5.0",
                  "visualizeApp",
                  "title"),
          "dashboard",
              new TypeInfo(
                  "dashboard",
                  NamespaceType.MULTIPLE_ISOLATED,
                  "dashboard",
                  "10.2.0",
                  "dashboardApp",
                  "title"),
          "search",
              new TypeInfo(
                  "search",
                  NamespaceType.MULTIPLE_ISOLATED,
                  "discover",
                  "10.5.0",
                  "discoverApp",
                  "title"),
          "index-pattern",
              new TypeInfo(
                  "index-pattern",
                  NamespaceType.MULTIPLE,
                  "indexPatterns",
                  "8.0.0",
                  "indexPatternApp",
                  "title"),
          "config",
              new TypeInfo(
                  "config",
                  NamespaceType.SINGLE,
                  "advancedSettings",
                  "8.9.0",
                  "advancedSettingsApp",
                  "buildNum"));

  private SavedObjectTypes() {}

  public static Optional<TypeInfo> find(String type) {
    return Optional.ofNullable(TYPES.get(type));
  }

  public static boolean isKnown(String type) {
    return TYPES.containsKey(type);
  }

  public static List<String> names() {
    return TYPES.keySet().stream().sorted().toList();
  }

  /** Storage key: single-namespace types are stored once per space, the others once overall. */
  public static String key(String type, String id, String space) {
    var info = TYPES.get(type);
    if (info != null && info.namespaceType() == NamespaceType.SINGLE) {
      return space + ":" + type + ":" + id;
    }
    return type + ":" + id;
  }
}

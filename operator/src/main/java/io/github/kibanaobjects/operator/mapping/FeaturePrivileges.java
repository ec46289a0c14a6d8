package io.github.kibanaobjects.operator.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kibana feature privileges deprecated in 8.18/9.0 and what replaces them, so a role written
 * with the old ids equals the one Kibana 9 returns with the new ids (and the other way round).
 *
 * <p>Source: {@code x-pack/platform/plugins/shared/features/server/oss_features.ts} (features
 * {@code discover}, {@code dashboard}, {@code visualize}: {@code deprecated.replacedBy} and each
 * privilege's {@code replacedBy.default}/{@code .minimal}) and {@code
 * x-pack/platform/plugins/shared/maps/server/plugin.ts} ({@code maps}). In all four, {@code all}
 * and {@code read} become the same privilege of {@code <id>_v2} plus the same privilege of {@code
 * savedQueryManagement}; {@code minimal_all}/{@code minimal_read} become the minimal ones of both;
 * a sub-feature privilege ({@code url_create}, {@code store_search_session}, {@code
 * generate_report}, {@code download_csv_report}) keeps its id on {@code <id>_v2}. Maps has no
 * sub-features and its {@code all} replacement is one list for both default and minimal. Kibana
 * applies this mapping in {@code transformElasticsearchRoleToRole} when {@code GET
 * /api/security/role/{name}?replaceDeprecatedPrivileges=true} (routes/authorization/roles/get.ts).
 */
public final class FeaturePrivileges {
  /** Deprecated feature id to its replacement. */
  public static final Map<String, String> REPLACED_BY =
      Map.of(
          "discover", "discover_v2",
          "dashboard", "dashboard_v2",
          "visualize", "visualize_v2",
          "maps", "maps_v2");

  /** The feature that took over saved queries from the four deprecated features. */
  public static final String SAVED_QUERY_MANAGEMENT = "savedQueryManagement";

  private static final Set<String> TOP_LEVEL = Set.of("all", "read", "minimal_all", "minimal_read");

  private FeaturePrivileges() {}

  public static boolean isDeprecated(String featureId) {
    return REPLACED_BY.containsKey(featureId);
  }

  /** The deprecated feature ids a feature map uses, sorted. */
  public static List<String> deprecatedIn(Map<String, ? extends Iterable<String>> feature) {
    if (feature == null) {
      return List.of();
    }
    return feature.keySet().stream().filter(FeaturePrivileges::isDeprecated).sorted().toList();
  }

  /**
   * The feature map with every deprecated privilege replaced as Kibana replaces it; other features
   * are kept. Privileges granted twice (e.g. {@code savedQueryManagement} from both {@code
   * discover} and {@code dashboard}) appear once.
   */
  public static Map<String, Set<String>> replaceDeprecated(
      Map<String, ? extends Iterable<String>> feature) {
    var out = new TreeMap<String, Set<String>>();
    feature.forEach(
        (id, privileges) -> {
          var replacement = REPLACED_BY.get(id);
          for (var privilege : privileges) {
            if (replacement == null) {
              out.computeIfAbsent(id, k -> new TreeSet<>()).add(privilege);
              continue;
            }
            var v2 = replacement;
            var mapsMinimalAll = "maps".equals(id) && "minimal_all".equals(privilege);
            out.computeIfAbsent(v2, k -> new TreeSet<>()).add(mapsMinimalAll ? "all" : privilege);
            if (TOP_LEVEL.contains(privilege)) {
              out.computeIfAbsent(SAVED_QUERY_MANAGEMENT, k -> new TreeSet<>())
                  .add(mapsMinimalAll ? "all" : privilege);
            }
          }
        });
    return out;
  }
}

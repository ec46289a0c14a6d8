package io.github.kibanaobjects.operator.kibana;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Route templates for metrics: a request path with its space, object ids, types and role names
 * replaced by placeholders, so a metric has one series per route, not one per object. Pure.
 */
public final class KibanaRoutes {
  /** Path segments that are part of Kibana's API itself, kept as they are. */
  private static final Set<String> LITERALS =
      Set.of("api", "saved_objects", "security", "role", "spaces", "space", "status", "features");

  private KibanaRoutes() {}

  /**
   * The template of a path relative to Kibana's base path: {@code /s/analytics/api/saved_objects/
   * visualization/cars} is {@code /s/{space}/api/saved_objects/{type}/{id}}; {@code
   * /api/security/role/publisher} is {@code /api/security/role/{name}}. Kibana's own operations
   * ({@code _import}, {@code _bulk_get}, ...) start with an underscore and are kept.
   */
  public static String template(String relativePath) {
    var segments = new ArrayList<>(List.of(relativePath.replaceFirst("^/+", "").split("/")));
    segments.removeIf(String::isEmpty);
    var out = new StringBuilder();
    var i = 0;
    if (segments.size() >= 2 && segments.get(0).equals("s")) {
      out.append("/s/{space}");
      i = 2;
    }
    var rest = segments.subList(i, segments.size());
    if (startsWith(rest, "api", "saved_objects") && rest.size() == 4) {
      return out.append("/api/saved_objects/{type}/{id}").toString();
    }
    for (var segment : rest) {
      out.append('/');
      if (LITERALS.contains(segment) || segment.startsWith("_")) {
        out.append(segment);
      } else {
        out.append(placeholder(rest));
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private static String placeholder(List<String> rest) {
    if (startsWith(rest, "api", "security", "role")) {
      return "{name}";
    }
    return "{id}";
  }

  private static boolean startsWith(List<String> segments, String... prefix) {
    if (segments.size() < prefix.length) {
      return false;
    }
    for (var i = 0; i < prefix.length; i++) {
      if (!segments.get(i).equals(prefix[i])) {
        return false;
      }
    }
    return true;
  }
}

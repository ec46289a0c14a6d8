package io.github.kibanaobjects.sim.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches method and path segments (space prefix already removed) against route templates. Literal
 * segments win over parameters, so {@code /api/saved_objects/_find} beats {@code
 * /api/saved_objects/{type}}.
 */
public final class Router {

  public record Match(Route route, Map<String, String> params) {}

  private record Compiled(Route route, String[] segments, int literals) {}

  private final List<Compiled> routes = new ArrayList<>();

  public Router add(Route route) {
    String[] segments = route.segments();
    int literals = 0;
    for (String s : segments) {
      if (!s.startsWith("{")) {
        literals++;
      }
    }
    routes.add(new Compiled(route, segments, literals));
    routes.sort(Comparator.comparingInt((Compiled c) -> -c.literals()));
    return this;
  }

  /** Returns null when no route has this method and path (Kibana then answers 404). */
  public Match match(String method, List<String> path) {
    for (Compiled c : routes) {
      if (!c.route().method().equals(method) || c.segments().length != path.size()) {
        continue;
      }
      Map<String, String> params = null;
      boolean ok = true;
      for (int i = 0; i < c.segments().length && ok; i++) {
        String s = c.segments()[i];
        if (s.startsWith("{")) {
          if (path.get(i).isEmpty()) {
            ok = false;
          } else {
            if (params == null) {
              params = new HashMap<>(4);
            }
            params.put(s.substring(1, s.length() - 1), path.get(i));
          }
        } else if (!s.equals(path.get(i))) {
          ok = false;
        }
      }
      if (ok) {
        return new Match(c.route(), params == null ? Map.of() : params);
      }
    }
    return null;
  }

  public List<Route> routes() {
    return routes.stream().map(Compiled::route).toList();
  }
}

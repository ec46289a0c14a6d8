package io.github.kibanaobjects.sim.routes;

import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.security.KibanaFeatures;

/** {@code GET /api/features}: the raw feature definitions roles refer to (not versioned). */
public final class FeaturesRoutes {
  private final io.github.kibanaobjects.sim.state.SimState state;

  public FeaturesRoutes(io.github.kibanaobjects.sim.state.SimState state) {
    this.state = state;
  }

  public void register(Router router) {
    router.add(
        Route.of(
            "GET",
            "/api/features",
            exchange -> {
              exchange.allowQuery("ignoreValidLicenses");
              return Reply.json(KibanaFeatures.json(state.config().v2FeaturePrivileges()));
            }));
  }
}

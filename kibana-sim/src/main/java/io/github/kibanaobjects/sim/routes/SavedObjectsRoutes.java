package io.github.kibanaobjects.sim.routes;

import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.state.SimState;

public final class SavedObjectsRoutes {
  private final SimState state;
  private final Authorizer authorizer;

  public SavedObjectsRoutes(SimState state, Authorizer authorizer) {
    this.state = state;
    this.authorizer = authorizer;
  }

  public void register(Router router) {
  }
}

package io.github.kibanaobjects.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.routes.AdminRoutes;
import io.github.kibanaobjects.sim.routes.ExportRoutes;
import io.github.kibanaobjects.sim.routes.FeaturesRoutes;
import io.github.kibanaobjects.sim.routes.ImportRoutes;
import io.github.kibanaobjects.sim.routes.SavedObjectsRoutes;
import io.github.kibanaobjects.sim.routes.SecurityRoleRoutes;
import io.github.kibanaobjects.sim.routes.SpacesRoutes;
import io.github.kibanaobjects.sim.routes.StatusRoutes;
import io.github.kibanaobjects.sim.security.Authenticator;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.state.SavedObjectViews;
import io.github.kibanaobjects.sim.state.SimState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * An in-memory Kibana HTTP server. Start one per test class (or per test), talk to {@link
 * #baseUrl()}, and use the methods here to prepare users, read counters and set faults.
 */
public final class KibanaSim implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";

  private final SimConfig config;
  private final SimState state;
  private final SimCounters counters = new SimCounters();
  private final SimFaults faults = new SimFaults();
  private final List<String[]> startupUsers = new ArrayList<>();
  private final Server server;
  private final ServerConnector connector;

  private KibanaSim(SimConfig config, String host, boolean daemon) {
    this.config = config;
    this.state = new SimState(config);
    var authorizer = new Authorizer(state);
    var router = new Router();
    new SavedObjectsRoutes(state, authorizer, counters).register(router);
    new ImportRoutes(state, authorizer).register(router);
    new ExportRoutes(state, authorizer).register(router);
    new SecurityRoleRoutes(state, authorizer).register(router);
    new SpacesRoutes(state, authorizer).register(router);
    new FeaturesRoutes(state).register(router);
    new StatusRoutes(state).register(router);
    var admin = new AdminRoutes(state, counters, faults, this::reset);

    var threads = new QueuedThreadPool(64, 4);
    threads.setName("kibana-sim");
    threads.setDaemon(daemon);
    // daemon threads (library use): a test that forgets close() does not keep the JVM alive
    server =
        new Server(threads, new ScheduledExecutorScheduler("kibana-sim-scheduler", daemon), null);
    var http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(
        new KibanaHandler(state, router, admin, new Authenticator(state), counters, faults));
  }

  /** Starts on a free port of 127.0.0.1 with {@link SimConfig#defaults()}. */
  public static KibanaSim start() {
    return start(SimConfig.defaults());
  }

  /** A simulator reproducing one Kibana version and flavour (see {@link SimProfile}). */
  public static KibanaSim start(SimProfile profile) {
    return start(profile.config());
  }

  public static KibanaSim start(SimConfig config) {
    return start(config, LOOPBACK, true);
  }

  static KibanaSim start(SimConfig config, String host, boolean daemonThreads) {
    var sim = new KibanaSim(config, host, daemonThreads);
    try {
      sim.server.start();
    } catch (Exception e) {
      sim.close();
      throw new IllegalStateException(
          "kibana-sim could not start on " + host + ":" + config.port(), e);
    }
    return sim;
  }

  public String baseUrl() {
    return "http://" + LOOPBACK + ":" + port();
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String kibanaVersion() {
    return config.kibanaVersion();
  }

  public SimConfig config() {
    return config;
  }

  /**
   * Start state again: default space, built-in users and roles, no objects, counters and faults
   * cleared.
   */
  public void reset() {
    state.reset();
    synchronized (startupUsers) {
      startupUsers.forEach(u -> state.addUser(u[0], u[1], List.of(u).subList(2, u.length)));
    }
    counters.reset();
    faults.clear();
  }

  public void addUser(String username, String password, String... roles) {
    state.addUser(username, password, List.of(roles));
  }

  /** A user that survives {@link #reset()} (the standalone jar's {@code --user}). */
  void addStartupUser(String username, String password, List<String> roles) {
    var entry = new ArrayList<String>();
    entry.add(username);
    entry.add(password);
    entry.addAll(roles);
    synchronized (startupUsers) {
      startupUsers.add(entry.toArray(String[]::new));
    }
    state.addUser(username, password, roles);
  }

  /** Returns ES's {@code encoded} value, base64("id:api_key"), for "Authorization: ApiKey ...". */
  public String createApiKey(String username) {
    return state.createApiKey(username).encoded();
  }

  /** The key then gets 401. Accepts the encoded value (or just the key id). */
  public void invalidateApiKey(String encoded) {
    String id = encoded;
    try {
      String decoded =
          new String(
              java.util.Base64.getDecoder().decode(encoded),
              java.nio.charset.StandardCharsets.UTF_8);
      if (decoded.contains(":")) {
        id = decoded.substring(0, decoded.indexOf(':'));
      }
    } catch (IllegalArgumentException e) {
      // not base64: treat it as a key id
    }
    state.invalidateApiKey(id);
  }

  public void addBearerToken(String token, String username) {
    state.bearerTokens().put(token, username);
  }

  /** Sets {@code savedObjects.maxImportExportSize} (reset() restores the configured limit). */
  public void maxImportExportSize(int size) {
    state.maxImportExportSize(size);
  }

  public SimCounters counters() {
    return counters;
  }

  public SimFaults faults() {
    return faults;
  }

  /** The object as {@code GET /s/{spaceId}/api/saved_objects/{type}/{id}} would return it. */
  public Optional<ObjectNode> savedObject(String spaceId, String type, String id) {
    return Optional.ofNullable(state.object(spaceId, type, id))
        .map(o -> SavedObjectViews.full(o).deepCopy());
  }

  /** The role as {@code GET /api/security/role/{name}} would return it. */
  public Optional<ObjectNode> role(String name) {
    return Optional.ofNullable(state.roles().get(name)).map(ObjectNode::deepCopy);
  }

  /**
   * Every saved object of this type in every space, as GET would return each (with its {@code
   * namespaces}): what a test compares with the resources that should have made them.
   */
  public List<ObjectNode> savedObjects(String type) {
    return state.objects().values().stream()
        .filter(o -> o.type().equals(type))
        .distinct()
        .map(o -> SavedObjectViews.full(o).deepCopy())
        .toList();
  }

  /** Every role, built-in ones included, by name, as {@code GET /api/security/role} lists them. */
  public java.util.Map<String, ObjectNode> roles() {
    return new java.util.TreeMap<>(state.roles());
  }

  /** Every space, {@code default} included, by id. */
  public java.util.Map<String, ObjectNode> spaces() {
    return new java.util.TreeMap<>(state.spaces());
  }

  /** Blocks until the server stops (the standalone jar's main thread). */
  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    // a parked request would keep its thread, and so the stop, waiting
    faults.releaseHolds();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("kibana-sim did not stop cleanly", e);
    }
  }
}

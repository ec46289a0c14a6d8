package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.SimConfig;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.security.BuiltInRoles;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the simulated Kibana (and the Elasticsearch behind it) stores. Reads go straight to
 * concurrent maps; writers that check and then act hold {@link #writeLock()}.
 */
public final class SimState {

  public record User(String username, String password, List<String> roles) {}

  public record ApiKey(String id, String secret, String username) {
    /** ES's {@code encoded} value: base64("id:api_key"), sent as "Authorization: ApiKey ...". */
    public String encoded() {
      return java.util.Base64.getEncoder()
          .encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final SimConfig config;
  private final Object writeLock = new Object();
  private final Map<String, ObjectNode> spaces = new ConcurrentHashMap<>();
  private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> roles = new ConcurrentHashMap<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, ApiKey> apiKeys = new ConcurrentHashMap<>();
  private final Map<String, String> bearerTokens = new ConcurrentHashMap<>();
  private final AtomicLong seqNo = new AtomicLong();
  private final AtomicLong insertionOrder = new AtomicLong();

  /** Starts at the configured limit; tests may change it while the sim runs. */
  private volatile int maxImportExportSize;

  public SimState(SimConfig config) {
    this.config = config;
    reset();
  }

  public SimConfig config() {
    return config;
  }

  /**
   * {@code savedObjects.maxImportExportSize} (kibana.yml; default 10,000): the most objects one
   * import or export may hold.
   */
  public int maxImportExportSize() {
    return maxImportExportSize;
  }

  public void maxImportExportSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("maxImportExportSize must be at least 1");
    }
    maxImportExportSize = size;
  }

  /** Back to the start state: default space, built-in users and roles, nothing else. */
  public void reset() {
    synchronized (writeLock) {
      spaces.clear();
      objects.clear();
      roles.clear();
      users.clear();
      apiKeys.clear();
      bearerTokens.clear();
      seqNo.set(0);
      insertionOrder.set(0);
      maxImportExportSize = config.maxImportExportSize();
      spaces.put("default", defaultSpace());
      BuiltInRoles.all().forEach(role -> roles.put(role.get("name").asText(), role));
      users.put(
          config.superuserName(),
          new User(config.superuserName(), config.superuserPassword(), List.of("superuser")));
    }
  }

  public Object writeLock() {
    return writeLock;
  }

  public Map<String, ObjectNode> spaces() {
    return spaces;
  }

  public Map<String, StoredObject> objects() {
    return objects;
  }

  public Map<String, ObjectNode> roles() {
    return roles;
  }

  public Map<String, User> users() {
    return users;
  }

  public Map<String, ApiKey> apiKeys() {
    return apiKeys;
  }

  public Map<String, String> bearerTokens() {
    return bearerTokens;
  }

  /** Adds or replaces a native-realm user. */
  public void addUser(String username, String password, List<String> roles) {
    if (username == null || username.isBlank() || password == null) {
      throw new IllegalArgumentException("username and password are required");
    }
    users.put(username, new User(username, password, List.copyOf(roles)));
  }

  /** Creates an API key acting with the user's roles, as ES's create API key would. */
  public ApiKey createApiKey(String username) {
    if (!users.containsKey(username)) {
      throw new IllegalArgumentException("no such user: " + username);
    }
    var key = new ApiKey(randomToken(20), randomToken(22), username);
    apiKeys.put(key.id(), key);
    return key;
  }

  /** Invalidates by key id; returns false when there was no such key. */
  public boolean invalidateApiKey(String id) {
    return apiKeys.remove(id) != null;
  }

  private static String randomToken(int length) {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    var token = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return token.toString();
  }

  public long nextSeqNo() {
    return seqNo.getAndIncrement();
  }

  public long nextInsertionOrder() {
    return insertionOrder.getAndIncrement();
  }

  public static String now() {
    return TIMESTAMP.format(Instant.now());
  }

  /** The saved object visible in {@code space}, if any. */
  public StoredObject object(String space, String type, String id) {
    var stored = objects.get(SavedObjectTypes.key(type, id, space));
    return stored != null && stored.inSpace(space) ? stored : null;
  }

  public void put(StoredObject object, String space) {
    objects.put(SavedObjectTypes.key(object.type(), object.id(), space), object);
  }

  public void remove(StoredObject object, String space) {
    objects.remove(SavedObjectTypes.key(object.type(), object.id(), space));
  }

  private static ObjectNode defaultSpace() {
    var space = Json.object();
    space.put("id", "default");
    space.put("name", "Default");
    space.put("description", "This is your default space!");
    space.put("color", "#00bfb3");
    space.putArray("disabledFeatures");
    space.put("_reserved", true);
    return space;
  }
}

package io.github.kibanaobjects.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kibanaobjects.operator.JsonLimits;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.KubernetesClients;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboard;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaPrivilege;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.validation.ChartValidations;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import io.github.kibanaobjects.sim.SimProfile;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real operator against the Fabric8 mock API (CRUD mode, generated CRDs installed) and a
 * kibana-sim, for controller tests. One per test class; each test works in its own namespace.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(30);
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  // JUL holds loggers weakly: keep the one whose level is lowered.
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final KubernetesClient client;
  private KubernetesClient operatorClient;
  private final KibanaSim defaultSim;
  // The simulator that helpers (connections, counters, faults) use: the default one, or one per
  // version profile for the compatibility matrix. One operator serves them all, as in production.
  private KibanaSim sim;
  private final Map<SimProfile, KibanaSim> profileSims = new java.util.EnumMap<>(SimProfile.class);

  /** Tests see a rotated Secret within a second or two rather than the production 30 s. */
  public static final Duration SECRET_POLL = Duration.ofSeconds(1);

  private final OperatorConfig config;
  // the operator's meters, as /metrics would serve them (one registry across restarts)
  private final PrometheusMeterRegistry metrics;
  private Operator operator;

  private OperatorHarness(
      KubernetesClient client,
      KubernetesClient operatorClient,
      KibanaSim sim,
      OperatorConfig config,
      PrometheusMeterRegistry metrics,
      Operator operator) {
    this.metrics = metrics;
    this.client = client;
    this.operatorClient = operatorClient;
    this.sim = sim;
    this.defaultSim = sim;
    this.config = config;
    this.operator = operator;
  }

  /** Installs the CRDs, starts a simulator and the operator with this resync period. */
  public static OperatorHarness start(KubernetesClient client, Duration resync) {
    return start(client, resync, SimConfig.defaults());
  }

  /** As above, with a simulator of this configuration (version, serverless). */
  public static OperatorHarness start(
      KubernetesClient client, Duration resync, SimConfig simConfig) {
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(resync)
            .withSecretPollPeriod(SECRET_POLL);
    return start(client, client, config, simConfig);
  }

  /**
   * On the Fabric8 mock API ({@code mockClient} of {@code @EnableKubernetesMockClient(crud =
   * true)}), for resources the mock admits and a real API server would refuse: the test and the
   * operator use clients of the operator's own factory, and the mock stores through Fabric8's
   * static mapper, which is given a real API server's JSON limits.
   */
  public static OperatorHarness startOnMock(KubernetesClient mockClient) {
    JsonLimits.kubernetes(
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().getFactory());
    return start(
        KubernetesClients.create(mockClient.getConfiguration()),
        KubernetesClients.create(mockClient.getConfiguration()),
        OperatorConfig.defaults().withHealthPort(-1).withResyncPeriod(Duration.ofMinutes(10)),
        SimConfig.defaults());
  }

  /**
   * The general form: the operator on its own client (e.g. one whose requests a test tells apart)
   * with its own settings; the test uses {@code client}.
   */
  public static OperatorHarness start(
      KubernetesClient client,
      KubernetesClient operatorClient,
      OperatorConfig config,
      SimConfig simConfig) {
    // one line per mock API request drowns the operator's own log
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    LogCapture.install();
    installCrds(client);
    // The chart libraries load once per JVM (seconds, minutes on a busy machine), before any
    // wait starts counting.
    ChartValidations.shared()
        .warmUp(VegaLibraries.forKibana(simConfig.versionNumber(), simConfig.serverless()));
    var sim = KibanaSim.start(simConfig);
    var metrics = KibanaObjectsOperator.prometheus();
    var operator = KibanaObjectsOperator.create(operatorClient, config, () -> {}, metrics);
    operator.start();
    var harness = new OperatorHarness(client, operatorClient, sim, config, metrics, operator);
    harness.awaitInformersSynced();
    // The space most tests' roles and charts name: a space must exist before anything uses it.
    harness.ensureSpace("analytics");
    return harness;
  }

  /**
   * Waits until every informer of the operator has listed what exists and is watching: a test that
   * creates resources earlier would race the operator's first view of the cluster.
   */
  public void awaitInformersSynced() {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                operator.getRegisteredControllers().stream()
                    .flatMap(
                        c -> ((Controller<?>) c).getEventSourceManager().getEventSourcesStream())
                    .filter(ManagedInformerEventSource.class::isInstance)
                    .flatMap(
                        source ->
                            ((ManagedInformerEventSource<?, ?, ?>) source)
                                .informerHealthIndicators().values().stream())
                    .allMatch(informer -> informer.hasSynced() && informer.isWatching()));
  }

  /**
   * The CRDs the build generated from the CR classes, unless installed: the status subresource
   * needs them.
   */
  public static void installCrds(KubernetesClient client) {
    var dir = Path.of("target", "classes", "META-INF", "fabric8");
    try (var files = Files.list(dir)) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        try (var in = Files.newInputStream(file)) {
          var crd =
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          var crds = client.apiextensions().v1().customResourceDefinitions();
          // a real API server (RealApiServer) has crds/ installed already, which equal these
          if (crds.withName(crd.getMetadata().getName()).get() == null) {
            try {
              crds.resource(crd).create();
            } catch (KubernetesClientException e) {
              // a create retried by the client after a timeout on a loaded machine finds its CRD
              if (e.getCode() != 409) {
                throw e;
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("generated CRDs not found under " + dir, e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public KibanaSim sim() {
    return sim;
  }

  /**
   * Makes a simulator of this profile the current one (started on first use, then kept): later
   * connections point at it. Tests of the compatibility matrix call this in {@code @BeforeEach}.
   */
  public KibanaSim useProfile(SimProfile profile) {
    boolean fresh = !profileSims.containsKey(profile);
    sim = profileSims.computeIfAbsent(profile, KibanaSim::start);
    if (fresh) {
      ensureSpace("analytics");
    }
    return sim;
  }

  /** Creates a space in the current simulator unless it is there already. */
  public void ensureSpace(String id) {
    var answer =
        kibana("POST", "/api/spaces/space", "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}");
    if (answer.status() != 200 && answer.status() != 409) {
      throw new IllegalStateException("cannot create the space " + id + ": " + answer);
    }
  }

  /** Back to the simulator the harness started with. */
  public void useDefaultSim() {
    sim = defaultSim;
  }

  /**
   * The Visualize feature id a role should use on the current simulator: {@code visualize_v2} where
   * it exists (8.18+ and serverless), else {@code visualize}.
   */
  public String visualizeFeature() {
    return sim.config().v2FeaturePrivileges() ? "visualize_v2" : "visualize";
  }

  /** The running operator (its runtime info tells whether its informers are healthy). */
  /** The operator's meters in Prometheus' text format, as {@code /metrics} serves them. */
  public String scrape() {
    return metrics.scrape();
  }

  /** The operator's meter registry (a test may record through the operator's hooks). */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public Operator operator() {
    return operator;
  }

  /** A fresh namespace for one test. */
  public String newNamespace(String prefix) {
    var name = prefix + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  public void basicAuthSecret(String namespace, String name, String username, String password) {
    secret(namespace, name, Map.of("username", username, "password", password));
  }

  public void apiKeySecret(String namespace, String name, String encodedKey) {
    secret(namespace, name, Map.of("apiKey", encodedKey));
  }

  /** A KibanaConnection to the simulator with Basic auth from Secret {@code secretName}. */
  public KibanaConnection basicConnection(String namespace, String name, String secretName) {
    var auth = new ConnectionAuth();
    auth.setBasicAuthSecretRef(new BasicAuthSecretRef(secretName, null, null));
    return connection(namespace, name, auth);
  }

  /** A KibanaConnection to the simulator with an API key from Secret {@code secretName}. */
  public KibanaConnection apiKeyConnection(String namespace, String name, String secretName) {
    var auth = new ConnectionAuth();
    auth.setApiKeySecretRef(new SecretKeyRef(secretName, null));
    return connection(namespace, name, auth);
  }

  private KibanaConnection connection(String namespace, String name, ConnectionAuth auth) {
    var connection = new KibanaConnection();
    connection.getMetadata().setName(name);
    connection.getMetadata().setNamespace(namespace);
    var spec = new KibanaConnectionSpec();
    spec.setUrl(sim.baseUrl());
    spec.setAuth(auth);
    // Kibana polled every second: an edit made in Kibana by a test is seen at once
    spec.setPollInterval("1s");
    connection.setSpec(spec);
    return connection;
  }

  public <T extends CustomResource<?, ?>> T create(T resource) {
    return client.resource(resource).create();
  }

  public <T extends CustomResource<?, ?>> T get(T resource) {
    return client.resource(resource).get();
  }

  /** Waits until the resource's current generation is observed and matches the predicate. */
  @SuppressWarnings("unchecked")
  public <T extends CustomResource<?, ? extends ResourceStatus>> T await(
      T resource, Predicate<T> condition) {
    var result = new Object[1];
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var current = (T) client.resource(resource).get();
              if (current != null
                  && current.getStatus() != null
                  && Objects.equals(
                      current.getStatus().getObservedGeneration(),
                      current.getMetadata().getGeneration())
                  && condition.test(current)) {
                result[0] = current;
                return true;
              }
              return false;
            });
    // what the test now acts on (a Ready connection, say) is what every reconcile will read
    awaitCached((T) result[0]);
    return (T) result[0];
  }

  /**
   * Waits until every informer of the operator that holds this kind (a controller's own and the
   * event sources of other controllers) has this version of the resource or a later one. A
   * reconcile reads secondary resources from these caches, so a test that goes on before they have
   * synced sees an extra reconcile (and events) that depend on timing.
   */
  public void awaitCached(HasMetadata resource) {
    var id = ResourceID.fromResource(resource);
    long version = Long.parseLong(resource.getMetadata().getResourceVersion());
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                informers(resource.getClass(), resource.getMetadata().getNamespace()).stream()
                    .allMatch(
                        informer ->
                            informer
                                .getCachedValue(id)
                                .map(cached -> resourceVersion(cached) >= version)
                                .orElse(false)));
  }

  private static long resourceVersion(HasMetadata resource) {
    return Long.parseLong(resource.getMetadata().getResourceVersion());
  }

  /** The running operator's informers of this kind that watch this namespace. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private List<ManagedInformerEventSource<?, ?, ?>> informers(Class<?> type, String namespace) {
    var found = new ArrayList<ManagedInformerEventSource<?, ?, ?>>();
    if (!config.watchesAllNamespaces() && !config.watchNamespaces().contains(namespace)) {
      return found;
    }
    for (var registered : operator.getRegisteredControllers()) {
      var sources = ((Controller<?>) registered).getEventSourceManager();
      var primary = sources.getControllerEventSource();
      if (primary.resourceType().equals(type)) {
        found.add(primary);
      }
      for (Object source : sources.getEventSourcesFor((Class) type)) {
        if (source instanceof ManagedInformerEventSource<?, ?, ?> informer) {
          found.add(informer);
        }
      }
    }
    return found;
  }

  public <T extends CustomResource<?, ? extends ResourceStatus>> T awaitReady(T resource) {
    return await(resource, r -> Conditions.isReady(r.getStatus()));
  }

  /** Waits for {@code Ready=False} with this reason. */
  public <T extends CustomResource<?, ? extends ResourceStatus>> T awaitReason(
      T resource, String reason) {
    return await(
        resource,
        r ->
            Conditions.find(r.getStatus().getConditions(), Conditions.READY)
                .map(c -> reason.equals(c.getReason()))
                .orElse(false));
  }

  /** A Secret with these string values (created or replaced). */
  public void secret(String namespace, String name, Map<String, String> values) {
    var secret =
        client
            .secrets()
            .inNamespace(namespace)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withStringData(values)
                    .build())
            .createOr(existing -> existing.update());
    awaitCached(secret);
  }

  /** A ConfigMap with these values (created or replaced). */
  public void configMap(String namespace, String name, Map<String, String> data) {
    var configMap =
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withData(data)
                    .build())
            .createOr(existing -> existing.update());
    awaitCached(configMap);
  }

  /** A Secret for the superuser and a Ready connection {@code kibana} using it. */
  public KibanaConnection readySuperuserConnection(String namespace) {
    basicAuthSecret(namespace, "kibana-credentials", "elastic", "changeme");
    return awaitReady(create(basicConnection(namespace, "kibana", "kibana-credentials")));
  }

  /** A bar chart titled like the resource, through connection {@code connectionName}. */
  public static KibanaVisualization visualization(
      String namespace, String name, String connectionName) {
    var vis = new KibanaVisualization();
    vis.getMetadata().setName(name);
    vis.getMetadata().setNamespace(namespace);
    var spec = new KibanaVisualizationSpec();
    spec.setConnectionRef(new ConnectionRef(connectionName, null));
    spec.setTitle("Chart " + name);
    spec.setVegaLite(
        json(
            "{\"mark\":\"bar\",\"data\":{\"values\":[{\"a\":1,\"b\":2}]},"
                + "\"encoding\":{\"x\":{\"field\":\"a\"},\"y\":{\"field\":\"b\"}}}"));
    vis.setSpec(spec);
    return vis;
  }

  /**
   * A role granting {@code visualize_v2: all} (Kibana 8.18+ ids) in {@code space}, through {@code
   * connectionName}.
   */
  public static KibanaRole role(
      String namespace, String name, String connectionName, String space) {
    var role = new KibanaRole();
    role.getMetadata().setName(name);
    role.getMetadata().setNamespace(namespace);
    var spec = new KibanaRoleSpec();
    spec.setConnectionRef(new ConnectionRef(connectionName, null));
    spec.setDescription("Publishes Vega visualizations");
    spec.setKibana(
        List.of(new KibanaPrivilege(List.of(space), null, Map.of("visualize_v2", List.of("all")))));
    role.setSpec(spec);
    return role;
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies {@code change} to the stored resource, trying again when the operator wrote the
   * resource (its status) in between.
   */
  @SuppressWarnings("unchecked")
  public <T extends CustomResource<?, ?>> T edit(T resource, Consumer<T> change) {
    var type = (Class<T>) resource.getClass();
    for (int attempt = 1; ; attempt++) {
      try {
        // by name, so the patch is computed against the stored version, not the given one
        return client
            .resources(type)
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName())
            .edit(
                current -> {
                  change.accept(current);
                  return current;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Makes the next status write of one resource fail, as if the operator had stopped before it: a
   * 403, which the client does not retry as it would a 5xx.
   *
   * @param plural the kind's plural, e.g. {@code kibanavisualizations}
   */
  public static void failNextStatusWrite(
      KubernetesMockServer server, String plural, String namespace, String name) {
    server
        .expect()
        .patch()
        .withPath(
            "/apis/kibanaobjects.github.io/v1alpha1/namespaces/%s/%s/%s/status"
                .formatted(namespace, plural, name))
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"not now\"}")
        .once();
  }

  /** Requests that can change Kibana, as the simulator counts them (reads by POST excluded). */
  public long kibanaWrites() {
    return sim.counters().writes();
  }

  public <T extends CustomResource<?, ?>> void delete(T resource) {
    client.resource(resource).delete();
  }

  public <T extends CustomResource<?, ?>> void awaitGone(T resource) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> client.resource(resource).get() == null);
  }

  /** The stored resource's Ready condition. */
  public static Condition ready(CustomResource<?, ? extends ResourceStatus> resource) {
    return Conditions.find(resource.getStatus().getConditions(), Conditions.READY).orElseThrow();
  }

  /** Events recorded on this resource (by kind and name), oldest first. */
  public List<Event> events(CustomResource<?, ?> resource) {
    return client
        .v1()
        .events()
        .inNamespace(resource.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> resource.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .filter(e -> resource.getKind().equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  /** Every event of a namespace. */
  public List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  /** Waits for an event with this reason on the resource and returns it. */
  public Event awaitEvent(CustomResource<?, ?> resource, String reason) {
    var found = new Event[1];
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var match =
                  events(resource).stream().filter(e -> reason.equals(e.getReason())).findFirst();
              match.ifPresent(e -> found[0] = e);
              return match.isPresent();
            });
    return found[0];
  }

  /** Waits until the simulator counted {@code n} more requests on this route than now. */
  public void awaitMoreRequests(String method, String route, long n) {
    var before = sim.counters().count(method, route);
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> sim.counters().count(method, route) >= before + n);
  }

  /** One answer of the simulator's HTTP API. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      return OperatorHarness.json(body);
    }
  }

  /** A request to the simulator's Kibana API as the superuser (someone other than the operator). */
  public Answer kibana(String method, String path, String jsonBody) {
    var auth =
        Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));
    var request =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
            .header("Authorization", "Basic " + auth)
            .header("kbn-xsrf", "tests")
            .header("Content-Type", "application/json")
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    try {
      var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends a test: every resource of the namespace is deleted (Kibana objects are left, so a broken
   * connection cannot hold a finalizer) and the simulator's faults are cleared, so later tests'
   * request counts see only their own resources.
   */
  public void cleanNamespace(String namespace) {
    sim.faults().clear();
    orphanAndDelete(
        KibanaVisualization.class,
        namespace,
        vis -> vis.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    orphanAndDelete(
        KibanaRole.class,
        namespace,
        role -> role.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    orphanAndDelete(
        KibanaDashboard.class,
        namespace,
        dashboard -> dashboard.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    orphanAndDelete(
        KibanaSpace.class,
        namespace,
        space -> space.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    // Connections last: one that still has users waits for them (KibanaConnectionReconciler).
    awaitNoneIn(
        namespace,
        KibanaVisualization.class,
        KibanaRole.class,
        KibanaDashboard.class,
        KibanaSpace.class);
    client.resources(KibanaConnection.class).inNamespace(namespace).delete();
    awaitNoneIn(namespace, KibanaConnection.class);
  }

  @SafeVarargs
  private void awaitNoneIn(String namespace, Class<? extends CustomResource<?, ?>>... types) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Stream.of(types)
                    .allMatch(
                        type ->
                            client
                                .resources(type)
                                .inNamespace(namespace)
                                .list()
                                .getItems()
                                .isEmpty()));
  }

  private <T extends CustomResource<?, ?>> void orphanAndDelete(
      Class<T> type, String namespace, Consumer<T> orphan) {
    for (var resource : client.resources(type).inNamespace(namespace).list().getItems()) {
      if (resource.getMetadata().getDeletionTimestamp() == null) {
        edit(resource, orphan);
      }
    }
    client.resources(type).inNamespace(namespace).delete();
  }

  /** Stops the operator and starts a new one: nothing survives but Kubernetes and Kibana. */
  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  /** Stops the operator cleanly; {@link #startOperator} starts a new one. */
  public void stopOperator() {
    operator.stop();
  }

  /** A new operator, with nothing but Kubernetes and Kibana to go on, on the same client. */
  public void startOperator() {
    operator = KibanaObjectsOperator.create(operatorClient, config, () -> {}, metrics);
    operator.start();
    awaitInformersSynced();
  }

  /**
   * The operator dies as its process would: its own Kubernetes client is closed under it, so
   * nothing it is still doing (a reconcile waiting on Kibana) reaches Kubernetes any more, and its
   * stop finishes in the background. Needs a harness started with an operator client of its own.
   */
  public void crashOperator() {
    if (operatorClient == client) {
      throw new IllegalStateException("crashOperator needs the operator on a client of its own");
    }
    var dying = operator;
    operatorClient.close();
    var stop =
        new Thread(
            () -> {
              try {
                dying.stop();
              } catch (RuntimeException alreadyBroken) {
                // its client is gone: that is the point
              }
            },
            "crashed-operator-stop");
    stop.setDaemon(true);
    stop.start();
  }

  /** After {@link #crashOperator}: a new operator, on a new client, takes over. */
  public void startNewOperator() {
    operatorClient =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .build();
    operator = KibanaObjectsOperator.create(operatorClient, config);
    operator.start();
    awaitInformersSynced();
  }

  @Override
  public void close() {
    operator.stop();
    defaultSim.close();
    profileSims.values().forEach(KibanaSim::close);
  }
}

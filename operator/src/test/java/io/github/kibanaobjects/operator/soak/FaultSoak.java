package io.github.kibanaobjects.operator.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.KubernetesClients;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.sim.SimConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A fault soak: random creates, updates and deletes of visualizations, roles and spaces in several
 * namespaces, while kibana-sim injects faults (outages, 429 with Retry-After, 5xx, connection
 * resets, latency) and the operator is stopped and started again; then the faults end, everything
 * must settle, and Kibana (the simulator's state) is compared exactly with the resources.
 *
 * <p>No sleeps: each batch of operations waits until the operator has observed every resource it
 * touched (whatever the outcome: under a fault that is a Ready=False status), so operations, faults
 * and restarts interleave with real reconciles. The sequence of operations, faults and restarts
 * follows the seed; the operator's timing does not, which is the point.
 */
public final class FaultSoak {
  /** Kubernetes names of everything the soak creates start with this; Kibana titles too. */
  static final String PREFIX = "soak";

  private static final int BATCH = 6;
  private static final int MAX_VISUALIZATIONS = 8;
  private static final int MAX_ROLES = 3;
  private static final int MAX_SPACES = 2;
  private static final List<String> VIS_SPACES = List.of("default", "analytics");
  private static final AtomicInteger RUNS = new AtomicInteger();
  // a bound for a broken operator, not a timing: the soak settles in seconds
  private static final Duration SETTLE = Duration.ofMinutes(3);

  /**
   * @param seed chooses the operations, faults and restarts
   * @param operations stop after this many operations (unless {@code duration} is set)
   * @param duration stop after this long instead, for the long form
   */
  public record Options(long seed, int operations, Duration duration, int namespaces) {
    boolean done(int done, Instant started) {
      return duration == null
          ? done >= operations
          : Duration.between(started, Instant.now()).compareTo(duration) >= 0;
    }
  }

  enum Fault {
    OUTAGE,
    RATE_LIMITED,
    SERVER_ERRORS,
    CONNECTION_RESETS,
    LATENCY
  }

  private final Options options;
  private final Random random;
  private final KubernetesClient client;
  private final List<String> namespaces = new ArrayList<>();
  // the resources that should exist, by namespace/name, with the revision their title carries
  private final Map<String, KibanaVisualization> visualizations = new LinkedHashMap<>();
  private final Map<String, KibanaRole> roles = new LinkedHashMap<>();
  private final Map<String, KibanaSpace> spaces = new LinkedHashMap<>();
  private final List<CustomResource<?, ?>> deleted = new ArrayList<>();
  private final Map<String, Integer> operations = new TreeMap<>();
  private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
  private int restarts;
  private int batches;
  // what the soak did, in order, for the message of a failure
  private final List<String> journal = new ArrayList<>();
  private int names;
  private final String run;
  private OperatorHarness harness;

  public FaultSoak(KubernetesClient client, Options options) {
    this.client = client;
    this.options = options;
    this.random = new Random(options.seed());
    this.run = PREFIX + RUNS.incrementAndGet();
  }

  /** Runs the soak and returns what it found; the operator and simulator are stopped after. */
  public SoakReport run() {
    var started = Instant.now();
    for (int i = 0; i < options.namespaces(); i++) {
      var name = run + "-" + (char) ('a' + i);
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
      namespaces.add(name);
    }
    // A short resync bounds every backoff (RetrySchedule caps it at the resync period), so the
    // soak settles in seconds once the faults end; only the soak's namespaces are watched.
    var config =
        OperatorConfig.defaults()
            .withHealthPort(-1)
            .withResyncPeriod(Duration.ofSeconds(3))
            .withWatchNamespaces(Set.copyOf(namespaces));
    harness =
        OperatorHarness.start(
            client,
            KubernetesClients.create(client.getConfiguration()),
            config,
            SimConfig.defaults());
    try {
      namespaces.forEach(harness::readySuperuserConnection);
      var operating = Instant.now();
      int done = 0;
      while (!options.done(done, started)) {
        changeFaults();
        // every fourth batch, so that even the short form restarts the operator
        if (++batches % 4 == 0) {
          harness.restartOperator();
          restarts++;
          journal.add("restart");
        }
        var touched = new LinkedHashSet<CustomResource<?, ? extends ResourceStatus>>();
        for (int i = 0; i < BATCH; i++, done++) {
          touched.add(operate());
        }
        // the latest version of each touched resource that still lives (a batch may delete one)
        for (var live : List.of(visualizations, roles, spaces)) {
          live.values().stream().filter(touched::contains).forEach(this::awaitObserved);
        }
      }
      harness.sim().faults().clear();
      var settling = Instant.now();
      settle();
      var report = compare(Duration.between(started, Instant.now()));
      System.out.printf(
          "soak phases: start %d ms, operations %d ms, settle %d ms%n",
          Duration.between(started, operating).toMillis(),
          Duration.between(operating, settling).toMillis(),
          Duration.between(settling, Instant.now()).toMillis());
      for (var namespace : namespaces) {
        harness.cleanNamespace(namespace);
      }
      return report;
    } finally {
      harness.close();
    }
  }

  /** Every batch changes the fault: to none, or to one of each kind, chosen by the seed. */
  private void changeFaults() {
    var faultsApi = harness.sim().faults();
    faultsApi.clear();
    journal.add("faults cleared");
    int choice = random.nextInt(Fault.values().length + 1);
    if (choice == Fault.values().length) {
      return;
    }
    var fault = Fault.values()[choice];
    faults.merge(fault, 1, Integer::sum);
    journal.add("fault " + fault);
    switch (fault) {
      // ended by clear(), not by its window; Retry-After 1 s so that the end is noticed soon
      case OUTAGE -> faultsApi.outage(Duration.ofHours(1), Duration.ofSeconds(1));
      case RATE_LIMITED -> faultsApi.errors("*", 0.4, 429, Duration.ofSeconds(1));
      case SERVER_ERRORS ->
          faultsApi.errors("*", 0.3, List.of(500, 502, 503).get(random.nextInt(3)));
      case CONNECTION_RESETS -> faultsApi.connectionReset("*", 0.3);
      case LATENCY -> faultsApi.latency("*", Duration.ofMillis(10 + random.nextInt(60)));
    }
  }

  /** One random create, update or delete; returns the resource it touched. */
  private CustomResource<?, ? extends ResourceStatus> operate() {
    var namespace = namespaces.get(random.nextInt(namespaces.size()));
    int kind = random.nextInt(10);
    if (kind < 6) {
      // drawn here, not in the edit, which runs again when the operator wrote the resource between
      boolean move = random.nextInt(4) == 0;
      return operate(
          namespace,
          visualizations,
          MAX_VISUALIZATIONS,
          this::newVisualization,
          vis -> {
            vis.getSpec().setTitle(title(vis, revision(vis.getSpec().getTitle()) + 1));
            if (move) {
              // moving to another space must not leave the old copy behind
              vis.getSpec().setSpace(otherSpace(vis.getSpec().getSpace()));
            }
          },
          "visualization");
    }
    if (kind < 8) {
      return operate(
          namespace,
          roles,
          MAX_ROLES,
          this::newRole,
          role ->
              role.getSpec()
                  .setDescription(title(role, revision(role.getSpec().getDescription()) + 1)),
          "role");
    }
    return operate(
        namespace,
        spaces,
        MAX_SPACES,
        this::newSpace,
        space -> space.getSpec().setName(title(space, revision(space.getSpec().getName()) + 1)),
        "space");
  }

  private <T extends CustomResource<?, ? extends ResourceStatus>> T operate(
      String namespace,
      Map<String, T> live,
      int max,
      Function<String, T> create,
      Consumer<T> update,
      String kind) {
    var mine =
        live.values().stream()
            .filter(r -> r.getMetadata().getNamespace().equals(namespace))
            .toList();
    int action = random.nextInt(10);
    if (mine.isEmpty() || (action < 3 && mine.size() < max)) {
      var created = harness.create(create.apply(namespace));
      live.put(key(created), created);
      count("create " + kind + " " + key(created));
      return created;
    }
    var chosen = mine.get(random.nextInt(mine.size()));
    if (action < 8) {
      var updated = harness.edit(chosen, update);
      live.put(key(updated), updated);
      count("update " + kind + " " + key(updated));
      return updated;
    }
    harness.delete(chosen);
    live.remove(key(chosen));
    deleted.add(chosen);
    count("delete " + kind + " " + key(chosen));
    return chosen;
  }

  private void count(String operation) {
    journal.add(operation);
    // counted by what and which kind: "create visualization"
    operations.merge(operation.substring(0, operation.lastIndexOf(' ')), 1, Integer::sum);
  }

  private KibanaVisualization newVisualization(String namespace) {
    var vis = OperatorHarness.visualization(namespace, namespace + "-vis-" + ++names, "kibana");
    vis.getSpec().setTitle(title(vis, 1));
    vis.getSpec().setSpace(VIS_SPACES.get(random.nextInt(VIS_SPACES.size())));
    return vis;
  }

  private KibanaRole newRole(String namespace) {
    var role =
        OperatorHarness.role(namespace, namespace + "-role-" + ++names, "kibana", "analytics");
    role.getSpec().setDescription(title(role, 1));
    return role;
  }

  private KibanaSpace newSpace(String namespace) {
    var space = new KibanaSpace();
    space.getMetadata().setName(namespace + "-space-" + ++names);
    space.getMetadata().setNamespace(namespace);
    var spec = new KibanaSpaceSpec();
    spec.setConnectionRef(new ConnectionRef("kibana", null));
    // the default is Orphan; the soak checks that deleted spaces leave nothing behind
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    space.setSpec(spec);
    spec.setName(title(space, 1));
    return space;
  }

  private static String otherSpace(String space) {
    return "analytics".equals(space) ? "default" : "analytics";
  }

  /** "namespace/name r3": the resource it came from and its revision, readable in Kibana. */
  static String title(CustomResource<?, ?> resource, int revision) {
    return key(resource) + " r" + revision;
  }

  private static int revision(String title) {
    return Integer.parseInt(title.substring(title.lastIndexOf(" r") + 2));
  }

  /** The resource a soak title came from: {@code namespace/name}. */
  static String keyOfTitle(String title) {
    int revision = title.lastIndexOf(" r");
    return revision < 0 ? title : title.substring(0, revision);
  }

  static String key(CustomResource<?, ?> resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  /** Waits until the operator has reconciled this generation, whatever the outcome. */
  private void awaitObserved(CustomResource<?, ? extends ResourceStatus> resource) {
    try {
      harness.await(resource, r -> true);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the operator did not observe "
              + key(resource)
              + ": "
              + client.getKubernetesSerialization().asYaml(client.resource(resource).get())
              + "\nlast steps: "
              + journal.subList(Math.max(0, journal.size() - 30), journal.size()),
          e);
    }
  }

  /** With the faults gone, waits until every resource is Ready and every deleted one is gone. */
  private void settle() {
    var live = new ArrayList<CustomResource<?, ? extends ResourceStatus>>();
    live.addAll(visualizations.values());
    live.addAll(roles.values());
    live.addAll(spaces.values());
    Awaitility.await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                live.stream().allMatch(this::readyNow)
                    && deleted.stream().allMatch(r -> client.resource(r).get() == null));
  }

  private boolean readyNow(CustomResource<?, ? extends ResourceStatus> resource) {
    var current = client.resource(resource).get();
    return current != null
        && current.getStatus() != null
        && Objects.equals(
            current.getStatus().getObservedGeneration(), current.getMetadata().getGeneration())
        && Conditions.isReady(current.getStatus());
  }

  /**
   * Roles and spaces: global in Kibana, named like their resource, with {@code field} holding the
   * revision the resource last asked for.
   */
  private <T extends CustomResource<?, ?>> void compareByName(
      String kind,
      Collection<T> live,
      Map<String, ObjectNode> kibana,
      String field,
      Function<T, String> expected,
      List<String> lost,
      List<String> stale,
      List<String> leftBehind) {
    for (var resource : live) {
      var stored = kibana.get(resource.getMetadata().getName());
      if (stored == null) {
        lost.add(kind + " " + key(resource));
      } else if (!expected.apply(resource).equals(stored.path(field).asText())) {
        stale.add(kind + " " + key(resource) + ": " + stored.path(field).asText());
      }
    }
    var names = live.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    kibana.keySet().stream()
        .filter(name -> name.startsWith(run + "-"))
        .filter(name -> !names.contains(name))
        .forEach(name -> leftBehind.add(kind + " " + name));
  }

  /** Kibana against the resources: every difference is counted under one of four headings. */
  private SoakReport compare(Duration elapsed) {
    var lost = new ArrayList<String>();
    var duplicated = new ArrayList<String>();
    var stale = new ArrayList<String>();
    var leftBehind = new ArrayList<String>();

    // Visualizations: the resource's id in its space with its title; nothing else of it anywhere.
    var found = new TreeMap<String, List<String>>();
    for (var object : harness.sim().savedObjects("visualization")) {
      var title = object.path("attributes").path("title").asText();
      if (!title.startsWith(PREFIX)) {
        continue;
      }
      object
          .path("namespaces")
          .forEach(
              space ->
                  found
                      .computeIfAbsent(keyOfTitle(title), k -> new ArrayList<>())
                      .add(space.asText() + ":" + object.path("id").asText() + ":" + title));
    }
    for (var vis : visualizations.values()) {
      var expected = vis.getSpec().getSpace() + ":" + vis.getMetadata().getName() + ":";
      var copies = found.getOrDefault(key(vis), List.of());
      var atHome = copies.stream().filter(c -> c.startsWith(expected)).toList();
      if (atHome.isEmpty()) {
        lost.add("visualization " + key(vis));
      } else if (!atHome.get(0).equals(expected + vis.getSpec().getTitle())) {
        stale.add("visualization " + atHome.get(0) + ", expected " + vis.getSpec().getTitle());
      }
      copies.stream()
          .filter(c -> !c.startsWith(expected))
          .forEach(c -> duplicated.add("visualization " + c));
    }
    var liveKeys = new LinkedHashSet<String>();
    visualizations.values().forEach(v -> liveKeys.add(key(v)));
    found.forEach(
        (key, copies) -> {
          if (!liveKeys.contains(key)) {
            copies.forEach(c -> leftBehind.add("visualization " + c));
          }
        });

    compareByName(
        "role",
        roles.values(),
        harness.sim().roles(),
        "description",
        role -> role.getSpec().getDescription(),
        lost,
        stale,
        leftBehind);
    compareByName(
        "space",
        spaces.values(),
        harness.sim().spaces(),
        "name",
        space -> space.getSpec().getName(),
        lost,
        stale,
        leftBehind);

    return new SoakReport(
        options.seed(),
        elapsed,
        namespaces.size(),
        operations,
        faults,
        restarts,
        visualizations.size() + roles.size() + spaces.size(),
        lost,
        duplicated,
        stale,
        leftBehind);
  }
}

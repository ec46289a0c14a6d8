package io.github.kibanaobjects.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;
import io.github.kibanaobjects.operator.kibana.KibanaClientFactory;
import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import io.github.kibanaobjects.operator.reconciler.EventRecorder;
import io.github.kibanaobjects.operator.reconciler.InformerStores;
import io.github.kibanaobjects.operator.reconciler.ManagedFieldsFreeStore;
import io.github.kibanaobjects.operator.reconciler.Pause;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.RetrySchedule;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.KibanaConnectionReconciler;
import io.github.kibanaobjects.operator.reconciler.dashboard.KibanaDashboardReconciler;
import io.github.kibanaobjects.operator.reconciler.role.KibanaRoleReconciler;
import io.github.kibanaobjects.operator.reconciler.space.KibanaSpaceReconciler;
import io.github.kibanaobjects.operator.reconciler.visualization.KibanaVisualizationReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's entry point: wires the reconcilers to Kubernetes, Kibana and the settings. */
public final class KibanaObjectsOperator {
  private static final Logger log = LoggerFactory.getLogger(KibanaObjectsOperator.class);

  /** One finalizer name for every kind, as the docs tell users to remove it by hand. */
  public static final String FINALIZER = "kibanaobjects.github.io/finalizer";

  /** How long a stop waits for reconciles under way (well within a pod's 30 s grace). */
  static final Duration RECONCILE_GRACE = Duration.ofSeconds(10);

  private KibanaObjectsOperator() {}

  /**
   * Builds a JOSDK Operator on this client with every reconciler registered; not started.
   * Server-side apply is off: our only Kubernetes writes are our own resources' status and
   * finalizer, and the tests' mock API server does not implement it, so the path tested is the path
   * that runs.
   */
  public static Operator create(KubernetesClient client, OperatorConfig config) {
    return create(client, config, () -> {});
  }

  /**
   * As above; {@code onLeaseLost} runs when this replica stops being the leader (never when leader
   * election is off). JOSDK would otherwise exit the JVM, even on a deliberate {@code stop()}.
   */
  public static Operator create(
      KubernetesClient client, OperatorConfig config, Runnable onLeaseLost) {
    return create(client, config, onLeaseLost, new CompositeMeterRegistry());
  }

  /**
   * As above, with every meter (JOSDK's reconcile, queue and event meters, and the operator's own,
   * {@link OperatorMetrics}) registered on {@code registry}.
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      Runnable onLeaseLost,
      MeterRegistry registry) {
    var metrics = new OperatorMetrics(registry);
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // per controller, not per resource: a series per resource would not scale
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  // Status we write is cached until the informer has it; comparing versions keeps
                  // a late watch event for an older version from replacing it.
                  .withParseResourceVersions(true)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  // JOSDK's default (zero) interrupts reconciles on stop, mid-write: they then
                  // report InternalError on resources that were fine. Let them finish instead.
                  .withReconciliationTerminationTimeout(RECONCILE_GRACE)
                  .withCacheSyncTimeout(OperatorConfig.CACHE_SYNC_TIMEOUT)
                  .withResourceCloner(keepingSpecProblems(client));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaseName(),
                        config.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        null,
                        new LeaderCallbacks(() -> {}, onLeaseLost, leader -> {}),
                        false));
              }
            });
    var clients = new KibanaClientFactory(config.importBatching(), metrics);
    var resolver = new ConnectionResolver(client, clients, config.kibanaReads());
    var support =
        new ReconcileSupport(
            new EventRecorder(client),
            RetrySchedule.defaults(),
            config.resyncPeriod(),
            Clock.systemUTC(),
            ReconcileSupport.CACHED,
            metrics);
    operator.register(
        new KibanaConnectionReconciler(resolver, support, config.secretPollPeriod()),
        namespaces(config));
    operator.register(new KibanaVisualizationReconciler(resolver, support), namespaces(config));
    operator.register(new KibanaRoleReconciler(resolver, support), namespaces(config));
    operator.register(new KibanaSpaceReconciler(resolver, support), namespaces(config));
    operator.register(new KibanaDashboardReconciler(resolver, support), namespaces(config));
    return operator;
  }

  /**
   * JOSDK hands reconcilers a copy of the cached resource, made by serialising it. What the spec
   * could not read (ResourceSpec#problems) is not in that JSON, so it is carried over: otherwise
   * the copy of a misread resource would look valid and be written to Kibana.
   */
  private static Cloner keepingSpecProblems(KubernetesClient client) {
    return new Cloner() {
      @Override
      public <R extends HasMetadata> R clone(R original) {
        var copy = client.getKubernetesSerialization().clone(original);
        if (original instanceof CustomResource<?, ?> from
            && copy instanceof CustomResource<?, ?> to
            && from.getSpec() instanceof ResourceSpec problems
            && to.getSpec() instanceof ResourceSpec target) {
          target.recordProblems(problems.problems());
        }
        return copy;
      }
    };
  }

  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> namespaces(
      OperatorConfig config) {
    return overrider -> {
      overrider.withFinalizer(FINALIZER);
      // The pause annotation must start a reconcile although it leaves the generation alone.
      overrider.withGenerationAware(false).withOnUpdateFilter(Pause::worthAReconcile);
      if (config.watchesAllNamespaces()) {
        overrider.watchingAllNamespaces();
      } else {
        overrider.settingNamespaces(config.watchNamespaces());
      }
      var store =
          InformerStores.<R>ifOneInformer(
              config.watchesAllNamespaces() ? 1 : config.watchNamespaces().size(),
              ManagedFieldsFreeStore::new);
      if (store != null) {
        overrider.withItemStore(store);
      }
    };
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("export")) {
      // A command, not the operator: prints resources read from Kibana (ExportCommand).
      System.exit(
          ExportCommand.run(
              java.util.List.of(args).subList(1, args.length),
              System.getenv(),
              System.out,
              System.err));
    }
    var config = OperatorConfig.fromEnvironment(System.getenv());
    Logging.use(config.logFormat());
    run(KubernetesClients.create(), config, Runtime.getRuntime()::addShutdownHook, System::exit);
  }

  /**
   * Starts the operator and its health server. When it cannot start (the API server refuses it, an
   * informer cannot sync), it logs why, stops and calls {@code exit} with 1: a process left running
   * would answer its probes and never be restarted.
   *
   * @param addShutdownHook receives the thread that stops everything on SIGTERM
   * @param exit ends the process (System::exit; a test records the code instead)
   * @return what runs, closed already when the start failed
   */
  static Running run(
      KubernetesClient client,
      OperatorConfig config,
      Consumer<Thread> addShutdownHook,
      IntConsumer exit) {
    var stopping = new AtomicBoolean(false);
    var registry = config.metricsEnabled() ? prometheus() : null;
    var operator =
        create(
            client,
            config,
            () -> {
              if (!stopping.get()) {
                // Another replica may be reconciling now: stop, and let Kubernetes restart us.
                log.error("lost the leader election lease; exiting");
                exit.accept(1);
              }
            },
            registry == null ? new CompositeMeterRegistry() : registry);
    var started = new AtomicBoolean(false);
    // Liveness: started and every informer watching (HealthServer.operatorLive); a standby replica
    // runs its informers too, so it stays live while it waits for the Lease. Readiness is "start()
    // returned", which the standby also reaches, so a rolling update never stalls on it.
    HealthServer health;
    try {
      health =
          config.healthPort() < 0
              ? null
              : new HealthServer(
                      config.healthPort(),
                      HealthServer.operatorLive(operator),
                      started::get,
                      registry == null ? null : registry::scrape)
                  .start();
    } catch (IOException e) {
      log.error("cannot open the health port {}; exiting", config.healthPort(), e);
      exit.accept(1);
      return new Running(operator, null, client, stopping);
    }
    var running = new Running(operator, health, client, stopping);
    addShutdownHook.accept(new Thread(running::close, "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      log.error("cannot start the operator; exiting", e);
      running.close();
      exit.accept(1);
      return running;
    }
    started.set(true);
    log.info(
        "kibana-objects-operator started: namespaces={}, leaderElection={}, resync={}",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(),
        config.leaderElection(),
        Durations.format(config.resyncPeriod()));
    return running;
  }

  /** A Prometheus registry with the JVM's memory, threads and CPU besides the operator's meters. */
  public static PrometheusMeterRegistry prometheus() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** The running operator, its health server and client: closing stops all three. */
  record Running(
      Operator operator, HealthServer health, KubernetesClient client, AtomicBoolean stopping)
      implements AutoCloseable {
    @Override
    public void close() {
      stopping.set(true);
      operator.stop();
      if (health != null) {
        health.close();
      }
      client.close();
    }
  }
}

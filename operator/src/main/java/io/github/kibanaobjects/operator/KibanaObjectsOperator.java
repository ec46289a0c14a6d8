package io.github.kibanaobjects.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.kibanaobjects.operator.kibana.KibanaClientFactory;
import io.github.kibanaobjects.operator.reconciler.EventRecorder;
import io.github.kibanaobjects.operator.reconciler.ReconcileSupport;
import io.github.kibanaobjects.operator.reconciler.RetrySchedule;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.KibanaConnectionReconciler;
import io.github.kibanaobjects.operator.reconciler.role.KibanaRoleReconciler;
import io.github.kibanaobjects.operator.reconciler.visualization.KibanaVisualizationReconciler;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's entry point: wires the reconcilers to Kubernetes, Kibana and the settings. */
public final class KibanaObjectsOperator {
  private static final Logger log = LoggerFactory.getLogger(KibanaObjectsOperator.class);

  /** One finalizer name for every kind, as the docs tell users to remove it by hand. */
  public static final String FINALIZER = "kibanaobjects.github.io/finalizer";

  private KibanaObjectsOperator() {}

  /**
   * Builds a JOSDK Operator on this client with every reconciler registered; not started.
   * Server-side apply is off: our only Kubernetes writes are our own resources' status and
   * finalizer, and the tests' mock API server does not implement it, so the path tested is the
   * path that runs.
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
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  // Status we write is cached until the informer has it; comparing versions keeps
                  // a late watch event for an older version from replacing it.
                  .withParseResourceVersions(true)
                  .withConcurrentReconciliationThreads(config.reconcileThreads());
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
    var clients = new KibanaClientFactory();
    var resolver = new ConnectionResolver(client, clients);
    var support =
        new ReconcileSupport(
            client,
            new EventRecorder(client),
            RetrySchedule.defaults(),
            config.resyncPeriod(),
            config.sharedReadMinAge(),
            Clock.systemUTC());
    operator.register(new KibanaConnectionReconciler(resolver, support), namespaces(config));
    operator.register(new KibanaVisualizationReconciler(resolver, support), namespaces(config));
    operator.register(new KibanaRoleReconciler(resolver, support), namespaces(config));
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> namespaces(OperatorConfig config) {
    return overrider -> {
      overrider.withFinalizer(FINALIZER);
      if (config.watchesAllNamespaces()) {
        overrider.watchingAllNamespaces();
      } else {
        overrider.settingNamespaces(config.watchNamespaces());
      }
    };
  }

  public static void main(String[] args) throws IOException {
    var config = OperatorConfig.fromEnvironment(System.getenv());
    var client = new KubernetesClientBuilder().build();
    var stopping = new AtomicBoolean(false);
    var operator =
        create(
            client,
            config,
            () -> {
              if (!stopping.get()) {
                // Another replica may be reconciling now: stop, and let Kubernetes restart us.
                log.error("lost the leader election lease; exiting");
                System.exit(1);
              }
            });
    var started = new AtomicBoolean(false);
    // Liveness is "the JVM answers"; readiness is "start() returned", which a standby replica
    // waiting for the Lease also reaches, so a rolling update never stalls on it.
    var health =
        config.healthPort() < 0
            ? null
            : new HealthServer(config.healthPort(), () -> true, started::get).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  operator.stop();
                  if (health != null) {
                    health.close();
                  }
                  client.close();
                },
                "shutdown"));
    operator.start();
    started.set(true);
    log.info(
        "kibana-objects-operator started: namespaces={}, leaderElection={}, resync={}",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(),
        config.leaderElection(),
        Durations.format(config.resyncPeriod()));
  }
}

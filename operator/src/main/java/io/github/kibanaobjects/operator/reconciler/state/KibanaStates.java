package io.github.kibanaobjects.operator.reconciler.state;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link KibanaState} per KibanaConnection, each polled every {@code pollInterval} of its
 * connection by one shared thread; what a poll finds out of sync is handed to the {@link
 * KibanaStateEventSource} of the owner's kind, which reconciles just that resource. Polls of
 * different connections run one after another: each is a handful of requests (one per space and
 * type, one for roles).
 */
public final class KibanaStates implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KibanaStates.class);

  private static final class Polled {
    final KibanaState state;
    Duration interval;
    String revision;
    ScheduledFuture<?> task;

    Polled(boolean perObject) {
      state = new KibanaState(System::nanoTime, perObject);
    }
  }

  private final boolean perObject;

  private final ConcurrentMap<ResourceID, Polled> polled = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Consumer<ResourceID>> triggers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var thread = new Thread(r, "kibana-state-poller");
            thread.setDaemon(true);
            return thread;
          });

  public KibanaStates() {
    this(OperatorConfig.KibanaReads.POLLED);
  }

  public KibanaStates(OperatorConfig.KibanaReads reads) {
    this.perObject = reads == OperatorConfig.KibanaReads.PER_OBJECT;
  }

  /**
   * The state of a connection's Kibana, polled every {@code interval} from now on.
   *
   * @param revision what the connection said when read (its uid and generation): a changed one may
   *     point at another Kibana or log in as someone who sees other objects, so what was read
   *     before is read again
   */
  public KibanaState of(ResourceID connection, String revision, Duration interval) {
    var entry = polled.computeIfAbsent(connection, k -> new Polled(perObject));
    synchronized (entry) {
      if (revision != null && !revision.equals(entry.revision)) {
        if (entry.revision != null) {
          entry.state.refreshAll();
        }
        entry.revision = revision;
      }
      // after close() (the operator stopping) a reconcile still finishing reads, but polls no more
      if (!perObject && !interval.equals(entry.interval) && !scheduler.isShutdown()) {
        if (entry.task != null) {
          entry.task.cancel(false);
        }
        entry.interval = interval;
        entry.state.pollEvery(interval);
        long millis = interval.toMillis();
        try {
          entry.task =
              scheduler.scheduleWithFixedDelay(
                  () -> poll(entry.state), millis, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          entry.task = null;
        }
      }
    }
    return entry.state;
  }

  /** Drops what {@code owner} expected, in every connection's state (the resource is gone). */
  public void forget(KibanaState.Owner owner) {
    polled.values().forEach(p -> p.state.forget(owner));
  }

  /** The kind name an owner of this class carries. */
  public static String kindOf(Class<? extends HasMetadata> kind) {
    return kind.getName();
  }

  /** Where resources of a kind are told that their object drifted. */
  public <P extends HasMetadata> KibanaStateEventSource<P> eventSourceFor(Class<P> kind) {
    var name = kindOf(kind);
    var source =
        new KibanaStateEventSource<P>(
            () -> {
              // the operator stopped: polling for it would only load Kibana
              triggers.remove(name);
              if (triggers.isEmpty()) {
                close();
              }
            });
    triggers.put(name, source::trigger);
    return source;
  }

  private void poll(KibanaState state) {
    if (!state.isWatched()) {
      return;
    }
    try {
      for (var owner : state.poll()) {
        var trigger = triggers.get(owner.kind());
        if (trigger != null) {
          trigger.accept(owner.resource());
        }
      }
    } catch (RuntimeException e) {
      // a poll must never end the schedule
      log.warn("polling Kibana failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

package io.github.kibanaobjects.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.common.DeletionPolicy;
import io.github.kibanaobjects.operator.api.v1alpha1.common.OwnedObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SavedObjectStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.github.kibanaobjects.operator.kibana.ExpectedUpsert;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.SpacesApi;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionBinding;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionEventSources;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionPolicy;
import io.github.kibanaobjects.operator.reconciler.connection.ConnectionResolver;
import io.github.kibanaobjects.operator.reconciler.connection.ResolvedConnection;
import io.github.kibanaobjects.operator.reconciler.space.SpaceDependencies;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import io.github.kibanaobjects.operator.reconciler.state.KibanaStates;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Kubernetes resource that owns one Kibana object: resolve its connection, compute the desired
 * object, delete the one it wrote before if the spec now names another, sync (read, refuse to take
 * over what it did not create unless it may adopt, write only what differs, with the create record
 * in between), announce what changed, and report it all in status; on deletion, honour the deletion
 * policy. Failures of any step become {@code Ready=False} with their reason.
 *
 * <p>A new kind costs a spec ({@code extends KibanaObjectSpec}, or {@code OwnedObjectSpec} to pick
 * its own deletion default), a status ({@code extends SyncStatus}), a pure mapper from spec to the
 * desired object, an {@link ObjectSync.Target} (how Kibana's object is read, compared and written)
 * and a subclass of this class that ties them together by implementing the abstract methods below;
 * then it is registered in {@code KibanaObjectsOperator} and given RBAC in {@code deploy/}.
 *
 * @param <R> the resource
 * @param <S> its spec
 * @param <T> its status
 */
public abstract class KibanaObjectReconciler<
        R extends CustomResource<S, T>, S extends OwnedObjectSpec, T extends SyncStatus>
    implements Reconciler<R>, Cleaner<R> {
  protected final ConnectionResolver connections;
  protected final ReconcileSupport support;
  private final ConnectionPolicy.Use use;
  private final Supplier<T> emptyStatus;
  private final Claims<R> claims = new Claims<>(this::claimKey);

  /**
   * Stray copies deleted by a reconcile that then failed, by resource uid: the failure status is a
   * copy of the stored one, which still lists them.
   */
  private final Map<String, Set<String>> removedStrays = new ConcurrentHashMap<>();

  /**
   * @param use what the kind does through its connection (decides which namespaces may use it)
   * @param emptyStatus a new, empty status of the kind
   */
  protected KibanaObjectReconciler(
      ConnectionResolver connections,
      ReconcileSupport support,
      ConnectionPolicy.Use use,
      Supplier<T> emptyStatus) {
    this.connections = connections;
    this.support = support;
    this.use = use;
    this.emptyStatus = emptyStatus;
  }

  // What a kind says about its object.

  /** The object the spec names (e.g. from {@code spec.id}, defaulting to the resource's name). */
  protected abstract KibanaObjectRef objectRef(R resource, S spec);

  /** The object the status says this resource wrote, or null when it never wrote one. */
  protected abstract KibanaObjectRef recorded(T status);

  /** Records the object (and anything derived from it, e.g. a link) in a new status. */
  protected abstract void record(T status, KibanaObjectRef object, ResolvedConnection connection);

  /**
   * The object as Kibana should hold it, from the spec (a pure mapper; no Kibana call). Bad input
   * is an {@code OperatorException}, e.g. {@code InvalidSpec}.
   */
  protected abstract ObjectNode desired(
      R resource, S spec, KibanaObjectRef object, Context<R> context);

  /** Digest of the desired object, kept as {@code status.lastAppliedHash}. */
  protected abstract String hash(ObjectNode desired);

  /**
   * How the object is read, compared and written.
   *
   * @param state what the connection's Kibana holds (polled): the target reads its object there,
   *     records its writes, and says what it expects the object to stay ({@link
   *     ObjectSync.Target#synced})
   * @param owner the resource, as the state names it
   */
  protected abstract ObjectSync.Target target(
      KibanaClient client,
      KibanaObjectRef object,
      ObjectNode desired,
      KibanaState state,
      KibanaState.Owner owner);

  /**
   * The collection of the connection's {@link KibanaState} the object is read from, if the kind
   * reads from it: a delete is recorded there, so the cache does not show it until the next poll.
   */
  protected Optional<String> stateCollection(KibanaObjectRef object) {
    return Optional.empty();
  }

  /** Whether the object exists in Kibana (asked before deleting one the spec no longer names). */
  protected abstract boolean exists(KibanaClient client, KibanaObjectRef object);

  /** Deletes the object; one already gone counts as deleted. */
  protected abstract void delete(KibanaClient client, KibanaObjectRef object);

  /**
   * Refuses, with an {@code OperatorException}, a move from the object written before to the one
   * the spec names now that Kibana cannot make. Nothing is refused by default.
   */
  protected void checkMove(S spec, KibanaObjectRef from, KibanaObjectRef to) {}

  /**
   * The spaces the resource puts its object in or refers to: each must exist in Kibana before the
   * object is written ({@code default} and {@code *} always do). None by default.
   */
  protected Collection<String> spacesNamed(R resource) {
    return List.of();
  }

  /**
   * The spaces the resource writes to or grants in, which the connection's {@code allowedSpaces}
   * must allow for the resource's namespace: by default those it names.
   */
  protected Collection<String> spacesWritten(R resource) {
    return spacesNamed(resource);
  }

  /**
   * Whether the kind names spaces, so a KibanaSpace resource that becomes Ready re-reconciles it.
   * True by default; the space kind itself says false.
   */
  protected boolean dependsOnSpaces() {
    return true;
  }

  /** Event sources the kind needs besides its connection (e.g. a ConfigMap it reads). */
  protected List<EventSource<?, R>> moreEventSources(EventSourceContext<R> context) {
    return List.of();
  }

  @Override
  public final List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    var sources = new ArrayList<EventSource<?, R>>();
    sources.add(
        ConnectionEventSources.forUsersOf(
            context, resource -> resource.getSpec().getConnectionRef()));
    if (dependsOnSpaces()) {
      sources.add(SpaceDependencies.forUsersOf(context, this::spacesToCheck));
    }
    sources.add(connections.states().eventSourceFor(context.getPrimaryResourceClass()));
    sources.add(claims.register(context));
    sources.addAll(moreEventSources(context));
    return sources;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    try (var ignored = support.logContext(resource)) {
      if (Pause.isPaused(resource)) {
        // a paused resource has Kibana polled for it no more
        connections.states().forget(owner(resource));
        return support.paused(resource, emptyStatus, context);
      }
      support.started(resource, emptyStatus, context);
      var spec = support.readableSpec(resource);
      var resync = support.resyncPeriod(spec.getResyncPeriod());
      var object = objectRef(resource, spec);
      var connectionId =
          ConnectionBinding.ofSpec(spec.getConnectionRef(), resource.getMetadata().getNamespace());
      ConnectionBinding.requireUnchanged(resource.getStatus(), connectionId);
      var desired = desired(resource, spec, object, context);
      var connection =
          connections.resolve(
              resource,
              spec.getConnectionRef(),
              context.getSecondaryResource(KibanaConnection.class),
              use);
      ConnectionPolicy.requireSpaces(
          connection.connection(), resource.getMetadata().getNamespace(), spacesWritten(resource));
      var client = connection.client();
      var state = connections.stateOf(connection);
      var owner = owner(resource);
      Predicate<R> mayUse = mayUse(Optional.of(connection.connection()));
      // Before any Kibana call: a resource that does not own the object never reads or writes it.
      claims.requireOwner(
          resource, IndexKeys.ofObject(connectionId, object), object.describe(), mayUse);
      var previous = resource.getStatus();
      var before = previous == null ? null : recorded(previous);
      boolean owned = object.equals(before);
      var hash = hash(desired);
      boolean specChanged = previous == null || !hash.equals(previous.getLastAppliedHash());
      // a resync of an object already in sync: it rarely writes
      boolean routine = owned && !specChanged && Conditions.isReady(previous);
      var strays = removeStrayCopies(resource, client, false);
      beforeSync(resource, spec, client);
      // batches to the space wait for a likely write while its chart is checked; a routine resync
      // is not announced, or every write during a resync wave would linger
      try (var writing = routine ? ExpectedUpsert.NONE : expectWrite(client, object)) {
        var status = emptyStatus.get();
        support
            .metrics()
            .timeValidation(
                resource.getKind(),
                () -> {
                  check(resource, spec, client, status, context);
                  return null;
                });

        if (before != null && !owned) {
          checkMove(spec, before, object);
          var beforeKey = IndexKeys.ofObject(connectionId, before);
          support.removeRenamed(
              resource,
              before.describe(),
              spec.deletionPolicyOrDefault(),
              () -> {
                // another resource that names it now manages it: it is not ours to delete
                if (claims.otherOwner(resource, beforeKey, mayUse).isPresent()
                    || !exists(client, before)) {
                  return false;
                }
                delete(client, before);
                stateCollection(before).ifPresent(c -> state.wrote(c, before.id(), null));
                return true;
              });
          claims.wake(resource, beforeKey);
        }
        if (ReconcileRequest.pending(resource, previous)) {
          // asked for explicitly: read what Kibana holds now, not what the last poll saw
          stateCollection(object).ifPresent(state::refresh);
        }
        var target = target(client, object, desired, state, owner);
        var spaces = spacesToCheck(resource);
        if (!spaces.isEmpty()) {
          // Checked up front unless this is a routine resync; and before any write in any case
          // (the space may have been deleted in Kibana, and the object with it).
          Runnable check = () -> SpaceDependencies.requireExisting(client, spaces, context);
          if (!routine) {
            check.run();
          }
          target = routine ? new CheckBeforeWrite(target, check) : target;
        }
        var result =
            ObjectSync.sync(
                target,
                support.ownership(resource, owned, context, emptyStatus),
                specChanged,
                spec.adoptOrDefault());
        target.synced();
        // written or not, this reconcile writes no more: batches need not wait for its status
        writing.close();
        EventAnnouncer.announce(support.events(), resource, target.describe(), result);
        if (result.action() == ObjectSync.Action.DRIFT_CORRECTED) {
          support.metrics().driftCorrected(resource.getKind());
        }

        record(status, object, connection);
        if (status instanceof SavedObjectStatus saved) {
          saved.setStrayCopies(strays);
        }
        removedStrays.remove(resource.getMetadata().getUid());
        status.setConnection(ConnectionBinding.key(connectionId));
        status.setLastAppliedHash(hash);
        status.setLastSyncTime(
            result.wrote() || previous == null || previous.getLastSyncTime() == null
                ? Conditions.timestamp(support.clock().instant())
                : previous.getLastSyncTime());
        return support.ready(
            resource, status, Reason.SYNCED, target.describe() + " is in sync", resync, context);
      }
    }
  }

  @Override
  public ErrorStatusUpdateControl<R> updateErrorStatus(
      R resource, Context<R> context, Exception e) {
    try (var ignored = support.logContext(resource)) {
      // JOSDK's metrics wrap what a reconcile threw; the kind's amendment needs the failure itself
      var error = ReconcileSupport.unwrapped(e);
      var left = ReconcileSupport.asOperatorException(error).leftInKibana();
      var removed = removedStrays.remove(resource.getMetadata().getUid());
      return support.failed(
          resource,
          e,
          resyncOrDefault(resource),
          emptyStatus,
          status -> {
            if (status instanceof SavedObjectStatus saved) {
              var strays = new TreeSet<>(strayCopiesOf(saved));
              if (removed != null) {
                strays.removeAll(removed);
              }
              strays.addAll(left);
              saved.setStrayCopies(List.copyOf(strays));
            }
            amendFailure(resource, status, error);
          },
          context);
    }
  }

  /**
   * Deletes the copies an earlier import left under other ids (recorded in the status), each with a
   * {@code Deleted} event; one already gone counts as deleted.
   *
   * @param strict throw on the first failure (deletion of the resource), else keep what could not
   *     be deleted for the next attempt
   * @return those that are still there
   */
  private List<String> removeStrayCopies(R resource, KibanaClient client, boolean strict) {
    var remaining = new ArrayList<String>();
    for (var stray : strayCopiesOf(resource.getStatus())) {
      var parts = stray.split("/", 3);
      try {
        client.savedObjects().delete(parts[0], parts[1], parts[2]);
        if (!strict) {
          removedStrays
              .computeIfAbsent(
                  resource.getMetadata().getUid(), uid -> ConcurrentHashMap.newKeySet())
              .add(stray);
        }
        support
            .events()
            .normal(
                resource,
                "Deleted",
                "deleted %s \"%s\" in space \"%s\", the copy Kibana made when the id was taken in another space"
                    .formatted(parts[1], parts[2], parts[0]));
      } catch (RuntimeException e) {
        if (strict) {
          throw e;
        }
        remaining.add(stray);
      }
    }
    return remaining;
  }

  private static List<String> strayCopiesOf(Object status) {
    return status instanceof SavedObjectStatus saved && saved.getStrayCopies() != null
        ? saved.getStrayCopies().stream().filter(s -> s.split("/", 3).length == 3).toList()
        : List.of();
  }

  @Override
  public DeleteControl cleanup(R resource, Context<R> context) {
    try (var ignored = support.logContext(resource)) {
      var status = resource.getStatus();
      var written = status == null ? null : recorded(status);
      var spec = resource.getSpec();
      connections.states().forget(owner(resource));
      if (!strayCopiesOf(status).isEmpty()) {
        // Junk an earlier import made: removed whatever the deletion policy says of the object.
        var strays =
            support.cleanup(
                resource,
                "the copies Kibana made under other ids " + strayCopiesOf(status),
                DeletionPolicy.Delete,
                () ->
                    removeStrayCopies(
                        resource,
                        connections
                            .resolveRecorded(
                                resource, status, spec.getConnectionRef(), context, use)
                            .client(),
                        true),
                resyncOrDefault(resource),
                emptyStatus,
                context);
        if (!strays.isRemoveFinalizer()) {
          return strays;
        }
      }
      var writtenKey = recordedKey(resource, written);
      var unrecorded =
          written == null ? unrecordedCreate(resource) : Optional.<KibanaObjectRef>empty();
      var control =
          unrecorded.isPresent()
              ? support.cleanupIf(
                  resource,
                  unrecorded.get().describe(),
                  spec.deletionPolicyOrDefault(),
                  () -> deleteUnrecordedCreate(resource, unrecorded.get(), context),
                  resyncOrDefault(resource),
                  emptyStatus,
                  context)
              : support.cleanup(
                  resource,
                  written == null ? null : written.describe(),
                  spec.deletionPolicyOrDefault(),
                  () -> deleteWritten(resource, written, writtenKey.orElseThrow(), context),
                  resyncOrDefault(resource),
                  emptyStatus,
                  context);
      if (control.isRemoveFinalizer()) {
        var keys = new ArrayList<String>();
        claims.keyOf(resource).ifPresent(keys::add);
        writtenKey.filter(key -> !keys.contains(key)).ifPresent(keys::add);
        claims.release(resource, keys);
      }
      return control;
    }
  }

  /** Deletes the object the status says the resource wrote, unless another resource manages it. */
  private void deleteWritten(
      R resource, KibanaObjectRef written, String writtenKey, Context<R> context) {
    var spec = resource.getSpec();
    var connection =
        connections.resolveRecorded(
            resource, resource.getStatus(), spec.getConnectionRef(), context, use);
    claims
        .otherOwner(resource, writtenKey, mayUse(Optional.of(connection.connection())))
        .ifPresent(
            owner -> {
              throw new OperatorException(
                  Reason.CONFLICT,
                  "it is managed by %s %s/%s, which names it too"
                      .formatted(
                          owner.getKind(),
                          owner.getMetadata().getNamespace(),
                          owner.getMetadata().getName()));
            });
    delete(connection.client(), written);
    stateCollection(written)
        .ifPresent(c -> connections.stateOf(connection).wrote(c, written.id(), null));
  }

  /**
   * The object a create was started for (the write-ahead {@code status.creating}) but never
   * recorded as written: the operator stopped, or lost Kibana's answer, in between. Only while the
   * spec still names it; empty for a resource whose spec cannot be read.
   */
  private Optional<KibanaObjectRef> unrecordedCreate(R resource) {
    var status = resource.getStatus();
    var spec = resource.getSpec();
    if (status == null
        || status.getCreating() == null
        || spec == null
        || !spec.problems().isEmpty()
        || spec.getConnectionRef() == null) {
      return Optional.empty();
    }
    return Optional.of(objectRef(resource, spec));
  }

  /**
   * Deletes the object of an unrecorded create, but only when it can only be this resource's: the
   * create record names it, no other resource claims it, and Kibana, read afresh, holds exactly
   * what this resource would write. Anything else (someone created it meanwhile, or changed it) is
   * left.
   *
   * @return whether it was deleted
   */
  private boolean deleteUnrecordedCreate(R resource, KibanaObjectRef object, Context<R> context) {
    var spec = resource.getSpec();
    var status = resource.getStatus();
    var connection =
        connections.resolveRecorded(resource, status, spec.getConnectionRef(), context, use);
    var connectionId =
        ConnectionBinding.recordedOrSpec(
            status, spec.getConnectionRef(), resource.getMetadata().getNamespace());
    if (claims
        .otherOwner(
            resource,
            IndexKeys.ofObject(connectionId, object),
            mayUse(Optional.of(connection.connection())))
        .isPresent()) {
      return false;
    }
    ObjectNode desired;
    try {
      desired = desired(resource, spec, object, context);
    } catch (OperatorException unreadable) {
      // what this resource would write cannot be told (its chart file is gone, say): not provably
      // ours
      return false;
    }
    var state = connections.stateOf(connection);
    var target = target(connection.client(), object, desired, state, owner(resource));
    if (!target.key().equals(status.getCreating())) {
      return false;
    }
    stateCollection(object).ifPresent(state::refresh);
    var current = target.read();
    if (current.isEmpty() || !target.matches(current.get())) {
      return false;
    }
    delete(connection.client(), object);
    stateCollection(object).ifPresent(c -> state.wrote(c, object.id(), null));
    return true;
  }

  /**
   * The claim key of the object the status says the resource wrote, through the connection it wrote
   * through; empty when it wrote none, or its spec cannot be read (a misread resource's deletion
   * leaves its object, see ReconcileSupport.cleanup).
   */
  private Optional<String> recordedKey(R resource, KibanaObjectRef written) {
    if (written == null) {
      return Optional.empty();
    }
    try {
      var connection =
          ConnectionBinding.recordedOrSpec(
              resource.getStatus(),
              resource.getSpec().getConnectionRef(),
              resource.getMetadata().getNamespace());
      return Optional.of(IndexKeys.ofObject(connection, written));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * What the index claims for: the object the spec names through the connection it names; nothing
   * for a resource whose spec the operator could not read.
   */
  private Optional<String> claimKey(R resource) {
    var spec = resource.getSpec();
    if (spec == null || !spec.problems().isEmpty() || spec.getConnectionRef() == null) {
      return Optional.empty();
    }
    var connection =
        ConnectionBinding.ofSpec(spec.getConnectionRef(), resource.getMetadata().getNamespace());
    return Optional.of(IndexKeys.ofObject(connection, objectRef(resource, spec)));
  }

  /**
   * Which resources may use the connection: a claim through a forbidden use, or into a space its
   * namespace may not write to, counts for nothing (else it would block the rightful owner).
   */
  private Predicate<R> mayUse(Optional<KibanaConnection> connection) {
    return candidate ->
        connection
            .map(
                c -> {
                  var namespace = candidate.getMetadata().getNamespace();
                  return ConnectionPolicy.allows(c, namespace, use)
                      && spacesWritten(candidate).stream()
                          .allMatch(space -> ConnectionPolicy.allowsSpace(c, namespace, space));
                })
            .orElse(true);
  }

  /**
   * Runs once the connection is known, before anything is read or written: a kind refuses here what
   * the connected Kibana cannot take, or gives advice about it.
   */
  protected void beforeSync(R resource, S spec, KibanaClient client) {}

  private static KibanaState.Owner owner(HasMetadata resource) {
    return new KibanaState.Owner(
        KibanaStates.kindOf(resource.getClass()), ResourceID.fromResource(resource));
  }

  /**
   * Runs after {@link #beforeSync}, before anything is read or written: checks the desired object
   * against what the connected Kibana can use and records the verdict on the new status (e.g. a
   * condition besides Ready). Throws an {@code OperatorException} to write nothing. Nothing by
   * default.
   *
   * @param status the status this reconcile will write on success
   */
  protected void check(R resource, S spec, KibanaClient client, T status, Context<R> context) {}

  /** Announces the write this reconcile may make, so that a batch of writes can wait for it. */
  protected ExpectedUpsert expectWrite(KibanaClient client, KibanaObjectRef object) {
    return ExpectedUpsert.NONE;
  }

  /**
   * Amends the failure status (a copy of the stored one) for a failure of this kind, e.g. to record
   * that a {@link #check} refused the spec. Nothing by default.
   */
  protected void amendFailure(R resource, T status, Exception error) {}

  /** The spaces to check: the kind's, less those that always exist. */
  private Collection<String> spacesToCheck(R resource) {
    var spaces = new TreeSet<>(spacesNamed(resource));
    spaces.remove("*");
    spaces.remove(SpacesApi.DEFAULT_SPACE);
    return spaces;
  }

  /** A target that runs a check before it writes. */
  private record CheckBeforeWrite(ObjectSync.Target target, Runnable check)
      implements ObjectSync.Target {
    @Override
    public String describe() {
      return target.describe();
    }

    @Override
    public String key() {
      return target.key();
    }

    @Override
    public Optional<JsonNode> read() {
      return target.read();
    }

    @Override
    public void synced() {
      target.synced();
    }

    @Override
    public boolean matches(JsonNode current) {
      return target.matches(current);
    }

    @Override
    public boolean matches(JsonNode current, boolean specChanged) {
      return target.matches(current, specChanged);
    }

    @Override
    public List<String> diff(JsonNode current) {
      return target.diff(current);
    }

    @Override
    public void write(boolean firstCreate) {
      check.run();
      target.write(firstCreate);
    }

    @Override
    public Optional<String> refuseAdoption(JsonNode current) {
      return target.refuseAdoption(current);
    }
  }

  private Duration resyncOrDefault(R resource) {
    return support.resyncPeriodOrDefault(resource.getSpec().getResyncPeriod());
  }
}

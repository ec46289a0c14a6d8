package io.github.kibanaobjects.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The decision every kind shares: read the object from Kibana, refuse to take over what this
 * resource did not create (unless it may adopt), write only when the normalised desired object
 * differs, and say why a write happened (spec changed, or Kibana drifted).
 */
public final class ObjectSync {

  /** One object in Kibana, as a kind sees it. */
  public interface Target {
    /** For messages: {@code visualization "cars" in space "default"}. */
    String describe();

    /** Names the object in status, stable across reconciles: {@code default/visualization/cars}. */
    String key();

    /** The object as Kibana holds it now, if it exists. */
    Optional<JsonNode> read();

    /**
     * Called once the object is in sync (found so, or written): a target that reads from a polled
     * cache records here what the object must stay, so a poll that finds it otherwise triggers a
     * reconcile. Nothing by default.
     */
    default void synced() {}

    /** Whether Kibana's object already equals the desired one after normalising both. */
    boolean matches(JsonNode current);

    /**
     * As {@link #matches(JsonNode)}, told whether the spec has just changed: a kind whose Kibana
     * adds to what was written (a space's solution adds disabled features) may then compare
     * exactly, so a change is written once.
     */
    default boolean matches(JsonNode current, boolean specChanged) {
      return matches(current);
    }

    /** The JSON paths where Kibana's object differs from the desired one. */
    List<String> diff(JsonNode current);

    /**
     * Writes the desired object.
     *
     * @param firstCreate true when this resource creates the object for the first time, so a write
     *     that would replace an object created meanwhile must fail instead
     */
    void write(boolean firstCreate);

    /** Whether an existing object must never be adopted (e.g. a reserved role). */
    default Optional<String> refuseAdoption(JsonNode current) {
      return Optional.empty();
    }
  }

  /** What the sync did to Kibana. */
  public enum Action {
    CREATED(true),
    UPDATED(true),
    /** Kibana's object was edited or deleted outside the operator and has been put back. */
    DRIFT_CORRECTED(true),
    /** An existing object was taken over (and rewritten if it differed). */
    ADOPTED(true),
    /**
     * The object a create of this resource's was interrupted after writing (its status was never
     * written): found as written, so there is nothing to write and the create was announced then.
     */
    CREATE_RECOGNISED(false),
    UNCHANGED(false);

    private final boolean event;

    Action(boolean event) {
      this.event = event;
    }

    /** Whether the action is worth an event (everything but a no-op). */
    public boolean isWorthAnEvent() {
      return event;
    }
  }

  /**
   * @param wrote whether Kibana was written to (by this reconcile, or by an interrupted create)
   * @param changes the differing JSON paths when an existing object was rewritten
   */
  public record Result(Action action, boolean wrote, List<String> changes) {}

  /**
   * What the resource's status says about the object.
   *
   * @param owned this resource created (or adopted) the object, per its status
   * @param creating the key of the object the status says a create was started for, or null
   * @param recordCreating writes {@code creating} to the status before a first create, and
   *     withdraws it (given null) when Kibana refused the create
   */
  public record Ownership(boolean owned, String creating, Consumer<String> recordCreating) {}

  private ObjectSync() {}

  /**
   * A first create, recorded in status beforehand: if the operator stops after the write but before
   * the status names the object, the record tells the next reconcile that the object it finds is
   * its own. When Kibana answered that it created nothing (a 4xx), the record is withdrawn, so it
   * can never cover an object someone else creates later; when the outcome is unknown (timeout,
   * reset, 5xx) it stays.
   */
  private static void create(Target target, Ownership ownership) {
    ownership.recordCreating().accept(target.key());
    try {
      target.write(true);
    } catch (OperatorException e) {
      if (!e.isRetryable()) {
        try {
          ownership.recordCreating().accept(null);
        } catch (RuntimeException withdrawal) {
          e.addSuppressed(withdrawal);
        }
      }
      throw e;
    }
  }

  /**
   * @param specChanged whether the desired object differs from the one last applied
   * @param adopt whether the resource may take over an object it did not create
   */
  public static Result sync(
      Target target, Ownership ownership, boolean specChanged, boolean adopt) {
    boolean owned = ownership.owned();
    var current = target.read();
    if (current.isEmpty()) {
      if (owned) {
        target.write(false);
        return new Result(Action.DRIFT_CORRECTED, true, List.of());
      }
      create(target, ownership);
      return new Result(Action.CREATED, true, List.of());
    }
    if (!owned && target.key().equals(ownership.creating()) && target.matches(current.get())) {
      // An interrupted create of ours: the object is exactly what this resource wrote (then).
      return new Result(Action.CREATE_RECOGNISED, true, List.of());
    }
    if (!owned) {
      target
          .refuseAdoption(current.get())
          .ifPresent(
              why -> {
                throw new OperatorException(Reason.CONFLICT, target.describe() + " " + why);
              });
      if (!adopt) {
        throw new OperatorException(
            Reason.CONFLICT,
            target.describe()
                + " already exists and was not created by this resource; set spec.adopt: true"
                + " to take it over (also if this resource did create it but its status was"
                + " lost), or choose another id");
      }
    }
    if (target.matches(current.get(), specChanged)) {
      return new Result(owned ? Action.UNCHANGED : Action.ADOPTED, false, List.of());
    }
    var changes = target.diff(current.get());
    target.write(false);
    Action action;
    if (!owned) {
      action = Action.ADOPTED;
    } else if (specChanged) {
      action = Action.UPDATED;
    } else {
      action = Action.DRIFT_CORRECTED;
    }
    return new Result(action, true, changes);
  }
}

package io.github.kibanaobjects.operator.kibana;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.List;

/**
 * What {@code _import} did with one object that was sent.
 *
 * @param destinationId set when Kibana wrote the object under another id (the id is taken in
 *     another space): that is a {@link Status#CONFLICT}, never a success
 * @param copyRemoved whether the copy Kibana made under {@code destinationId} was deleted again
 * @param copyLeft {@code space/type/id} of that copy when it was new (made by this import) and
 *     could not be deleted, so the operator removes it later; else null
 * @param errorType Kibana's {@code error.type} ({@code conflict}, {@code missing_references}, ...)
 *     for {@link Status#ERROR} and for conflicts Kibana reported as errors
 */
public record ImportOutcome(
    SavedObjectRef ref,
    Status status,
    String destinationId,
    boolean copyRemoved,
    String copyLeft,
    String errorType,
    String message) {

  public enum Status {
    /** Written under the id that was sent. */
    WRITTEN,
    /** The id is held by an object this import could not (or must not) replace. */
    CONFLICT,
    /** Kibana refused the object (missing references, unsupported type, ...). */
    ERROR
  }

  public boolean written() {
    return status == Status.WRITTEN;
  }

  /**
   * The failure to report for this object: {@link Reason#CONFLICT} or {@link Reason#KIBANA_ERROR}.
   */
  public OperatorException toException() {
    var reason = status == Status.CONFLICT ? Reason.CONFLICT : Reason.KIBANA_ERROR;
    var failure = new OperatorException(reason, message);
    if (copyLeft != null) {
      failure.leftInKibana(List.of(copyLeft));
    }
    return failure;
  }
}

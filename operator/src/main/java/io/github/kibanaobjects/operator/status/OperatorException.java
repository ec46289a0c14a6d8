package io.github.kibanaobjects.operator.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one exception every failure of a reconcile is turned into. It carries a stable {@link
 * Reason}, a message a person can act on (never a secret, never a stack trace), whether a retry
 * without a spec change can help, and Kibana's {@code Retry-After} when it sent one.
 */
public class OperatorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final boolean retryable;
  private final Duration retryAfter;
  private final int httpStatus;
  private List<String> leftInKibana = List.of();

  public OperatorException(Reason reason, String message) {
    this(reason, message, reason.isTransientByDefault(), null, 0, null);
  }

  public OperatorException(Reason reason, String message, Throwable cause) {
    this(reason, message, reason.isTransientByDefault(), null, 0, cause);
  }

  public OperatorException(
      Reason reason,
      String message,
      boolean retryable,
      Duration retryAfter,
      int httpStatus,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.httpStatus = httpStatus;
  }

  /**
   * Objects this failure left in Kibana that are the operator's to remove later ({@code
   * space/type/id}): a copy an import made under another id and could not delete again.
   */
  public List<String> leftInKibana() {
    return leftInKibana;
  }

  /** Records what the failure left behind (see {@link #leftInKibana()}); returns this. */
  public OperatorException leftInKibana(List<String> objects) {
    this.leftInKibana = List.copyOf(objects);
    return this;
  }

  public Reason reason() {
    return reason;
  }

  /** True for outages and not-yet-ready dependencies; false for errors only a spec change fixes. */
  public boolean isRetryable() {
    return retryable;
  }

  /** Kibana's Retry-After, if the failure was a 429 or 503 that carried one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The HTTP status Kibana answered with, or 0 when the failure was not an HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }
}

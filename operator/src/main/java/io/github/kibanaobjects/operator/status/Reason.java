package io.github.kibanaobjects.operator.status;

/**
 * The closed set of reasons a resource's {@code Ready} condition can carry. The string values are
 * part of the API: users grep for them, alerts match on them, the README documents each one.
 */
public enum Reason {
  /** Kibana holds exactly what the resource asks for. */
  SYNCED("Synced", false),
  /** The connection answered and authenticated (KibanaConnection only). */
  CONNECTED("Connected", false),
  /** The reason of {@code Validated=True}: the real vega and vega-lite libraries run the chart. */
  VALIDATED("Validated", false),
  /**
   * The spec cannot be turned into a Kibana object (bad JSON, no $schema source, a chart the real
   * vega or vega-lite library refuses, ...).
   */
  INVALID_SPEC("InvalidSpec", false),
  /**
   * The chart could not be checked in time: the vega libraries are still loading (seconds after the
   * operator starts) or the check took too long. Nothing was written; retried.
   */
  VALIDATION_PENDING("ValidationPending", true),
  /** The ConfigMap (or key) named by specFrom does not exist. */
  SPEC_SOURCE_NOT_FOUND("SpecSourceNotFound", true),
  CONNECTION_NOT_FOUND("ConnectionNotFound", true),
  /** The KibanaConnection does not list this resource's namespace as allowed. */
  CONNECTION_NOT_ALLOWED("ConnectionNotAllowed", false),
  CONNECTION_NOT_READY("ConnectionNotReady", true),
  SECRET_NOT_FOUND("SecretNotFound", true),
  SECRET_KEY_MISSING("SecretKeyMissing", true),
  /** Kibana answered 401: the credentials are wrong or expired. */
  UNAUTHORIZED("Unauthorized", false),
  /** Kibana answered 403: the credentials lack a privilege (the message names it). */
  FORBIDDEN("Forbidden", false),
  /** An object with this id or name exists and was not written by this resource. */
  CONFLICT("Conflict", false),
  /**
   * A space the resource names is neither {@code default} nor in Kibana, and no KibanaSpace
   * resource is on its way to create it.
   */
  SPACE_NOT_FOUND("SpaceNotFound", true),
  /** Something the resource needs is managed by another resource that is not Ready yet. */
  DEPENDENCY_NOT_READY("DependencyNotReady", true),
  /**
   * The operator has started on a resource it had not seen before and has nothing to report yet
   * ({@code Ready=Unknown}, {@code Reconciling=True}): without it, a resource with no status would
   * look done to kstatus (its README, "The Ready Condition").
   */
  RECONCILING("Reconciling", true),
  /** The pause annotation is set: the operator neither reads nor writes Kibana for it. */
  PAUSED("Paused", false),
  /** Kibana rejected the request with a 4xx; the message is Kibana's. */
  KIBANA_ERROR("KibanaError", false),
  /** Connection refused, timeout, TLS failure, 429 or 5xx: retried with backoff. */
  KIBANA_UNREACHABLE("KibanaUnreachable", true),
  /** The operator hit something it did not expect (a bug, or the Kubernetes API failing). */
  INTERNAL_ERROR("InternalError", true);

  private final String value;
  private final boolean transientByDefault;

  Reason(String value, boolean transientByDefault) {
    this.value = value;
    this.transientByDefault = transientByDefault;
  }

  /** The string written into {@code conditions[].reason} and events. */
  public String value() {
    return value;
  }

  /** Whether a failure with this reason is worth retrying without a spec change. */
  public boolean isTransientByDefault() {
    return transientByDefault;
  }

  @Override
  public String toString() {
    return value;
  }
}

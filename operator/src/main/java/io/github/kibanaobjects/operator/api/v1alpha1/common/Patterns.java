package io.github.kibanaobjects.operator.api.v1alpha1.common;

/** Regular expressions shared by the CRD schema annotations (and the mappers' own checks). */
public final class Patterns {
  /** A Kubernetes object name (DNS subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A Kubernetes namespace name (DNS label). */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A namespace name, or {@code *} for all. */
  public static final String NAMESPACE_OR_ALL = "^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$";

  /** A space id or a pattern of one, where {@code *} stands for any characters. */
  public static final String SPACE_ID_PATTERN = "^[a-z0-9_*-]+$";

  /** A Kibana space id, as Kibana's space schema accepts it. */
  public static final String SPACE_ID = "^[a-z0-9_-]+$";

  /**
   * A saved object id this operator writes: Kibana itself accepts almost any string, but ids end up
   * in URLs and NDJSON, so we stay with URL-safe characters (UUIDs and resource names fit).
   */
  public static final String SAVED_OBJECT_ID = "^[a-zA-Z0-9_.:-]{1,250}$";

  /**
   * Refuses the saved object ids {@code .} and {@code ..}, which the pattern above lets through:
   * Kibana's routes take the id as a URL path segment ({@code /api/saved_objects/{type}/{id}}), and
   * URL normalisation turns those two into "this" and "parent" path, so the object could be written
   * by an import but never read or deleted. (RE2, which Kubernetes patterns use, has no lookahead.)
   */
  public static final String ADDRESSABLE_ID_RULE = "self != '.' && self != '..'";

  public static final String ADDRESSABLE_ID_MESSAGE =
      "a saved object id cannot be . or ..: Kibana could not address it in a URL path";

  /**
   * An Elasticsearch role name: 1 to 507 printable ASCII characters, no leading or trailing
   * whitespace.
   */
  public static final String ROLE_NAME = "^[!-~]([ -~]{0,505}[!-~])?$";

  /** A duration such as {@code 30s}, {@code 10m}, {@code 1h30m} or {@code 500ms}. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  /** A Secret or ConfigMap data key. */
  public static final String DATA_KEY = "^[-._a-zA-Z0-9]+$";

  private Patterns() {}
}

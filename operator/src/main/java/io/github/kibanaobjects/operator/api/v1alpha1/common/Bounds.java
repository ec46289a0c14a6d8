package io.github.kibanaobjects.operator.api.v1alpha1.common;

/**
 * Every bound of the CRD schemas ({@code maxLength}, {@code maxItems}, {@code maxProperties},
 * {@code minimum}/{@code maximum}), in one place. Each exists for two reasons: the API server
 * estimates a CEL rule's cost from the largest value a field can hold, and refuses a CRD whose
 * rules may exceed its budget (an unbounded list or string counts as the whole 3 MiB request); and
 * a value outside a bound would be refused by Kibana or Elasticsearch anyway, later and less
 * clearly. Where Kibana or Elasticsearch has a limit, the bound is that limit; elsewhere it is
 * generous for any real resource. The lenient reader uses the same integer ranges (it reads
 * {@code @Min}/{@code @Max}), so code and CRD agree.
 */
public final class Bounds {
  /** A Kubernetes object name (DNS subdomain), e.g. a Secret or KibanaConnection: 253. */
  public static final int K8S_NAME = 253;

  /** A Kubernetes namespace name (DNS label): 63. */
  public static final int K8S_NAMESPACE = 63;

  /** A Secret or ConfigMap data key: Kubernetes allows 253 characters. */
  public static final int DATA_KEY = 253;

  /** Namespaces a connection may be used from; beyond a few dozen, ["*"] says it better. */
  public static final int NAMESPACES = 256;

  /** A URL: what proxies and browsers reliably carry. */
  public static final int URL = 2048;

  /** A duration such as 1h30m. */
  public static final int DURATION = 32;

  /**
   * resyncPeriod, every kind: at least 1s (a zero period re-reads Kibana in a tight loop), at most
   * a day (beyond that drift correction means nothing, and far larger values overflow the
   * scheduler). The operator (OperatorConfig.MIN_RESYNC/MAX_RESYNC) and the CRD rule read these.
   */
  public static final String MIN_RESYNC_PERIOD = "1s";

  public static final String MAX_RESYNC_PERIOD = "24h";

  /**
   * requestTimeout of a KibanaConnection: at most 5m, since a request (and the wait for a request
   * slot) holds a reconcile thread that long; a Kibana that never answers must not stall the
   * operator.
   */
  public static final String MIN_REQUEST_TIMEOUT = "1ms";

  public static final String MAX_REQUEST_TIMEOUT = "5m";

  /**
   * pollInterval of a KibanaConnection: how often the operator reads back what Kibana holds of the
   * objects it manages through it (one export per space and type, one list of roles). At least 1s
   * (a tighter loop only loads Kibana), at most a day, as resyncPeriod.
   */
  public static final String MIN_POLL_INTERVAL = "1s";

  public static final String MAX_POLL_INTERVAL = "24h";

  /** CEL rules refusing a duration outside [min, max] (the API server parses it like Go does). */
  public static final String RESYNC_PERIOD_RULE =
      "duration(self) >= duration('"
          + MIN_RESYNC_PERIOD
          + "') && duration(self) <= duration('"
          + MAX_RESYNC_PERIOD
          + "')";

  public static final String POLL_INTERVAL_RULE =
      "duration(self) >= duration('"
          + MIN_POLL_INTERVAL
          + "') && duration(self) <= duration('"
          + MAX_POLL_INTERVAL
          + "')";

  public static final String REQUEST_TIMEOUT_RULE =
      "duration(self) >= duration('"
          + MIN_REQUEST_TIMEOUT
          + "') && duration(self) <= duration('"
          + MAX_REQUEST_TIMEOUT
          + "')";

  /**
   * A Kibana space id: Kibana sets no length, but the id is a URL path segment and index content;
   * 1024 is far beyond any real one.
   */
  public static final int SPACE_ID = 1024;

  /**
   * Spaces in one role entry: Kibana holds at most {@code xpack.spaces.maxSpaces} spaces, 1000 by
   * default (https://www.elastic.co/guide/en/kibana/7.9/spaces-settings-kb.html).
   */
  public static final int SPACES = 1000;

  /** Space ids or patterns one namespace may write to through a connection. */
  public static final int SPACE_PATTERNS = 64;

  /** A saved object id this operator writes (also capped by {@link Patterns#SAVED_OBJECT_ID}). */
  public static final int SAVED_OBJECT_ID = 250;

  /** A visualization title. */
  public static final int TITLE = 1024;

  /**
   * A description. Elasticsearch refuses role descriptions of 2048 characters or more
   * (Validation.Roles.MAX_DESCRIPTION_LENGTH, elastic/elasticsearch RoleWithDescriptionRestIT);
   * visualizations use the same.
   */
  public static final int DESCRIPTION = 2048;

  /**
   * A chart as text (spec): an object is stored whole in etcd, which refuses requests over 1.5 MiB;
   * 1 MiB of chart leaves room for the rest. Larger charts belong in a ConfigMap (specFrom).
   */
  public static final int CHART_TEXT = 1024 * 1024;

  /**
   * An Elasticsearch role name, and a user name in runAs: 1 to 507 characters
   * (Validation.MAX_NAME_LENGTH in Elasticsearch; {@link Patterns#ROLE_NAME} enforces it too).
   */
  public static final int ES_NAME = 507;

  /**
   * An index name, alias or pattern: Elasticsearch index names are at most 255 bytes, patterns and
   * regular expressions in roles are longer.
   */
  public static final int INDEX_PATTERN = 1024;

  /** A field name or field pattern (timeField, field level security). */
  public static final int FIELD_NAME = 1024;

  /**
   * A privilege name: cluster, index, base, feature or sub-feature privilege, or an action pattern
   * such as cluster:monitor/*.
   */
  public static final int PRIVILEGE = 256;

  /** A Kibana feature id such as visualize_v2. */
  public static final int FEATURE_ID = 256;

  /**
   * Privileges in one list: Elasticsearch has about fifty cluster and twenty index privileges, a
   * Kibana feature a handful.
   */
  public static final int PRIVILEGES = 128;

  /** Base privileges of one Kibana entry: Kibana knows all and read. */
  public static final int BASE_PRIVILEGES = 16;

  /** Kibana features in one entry: Kibana 9 registers about a hundred. */
  public static final int FEATURES = 256;

  /**
   * Kibana entries in a role. The rule on each entry (base or feature, not both) is costed per
   * entry; without this bound the CRD exceeds the API server's CEL cost budget and is refused.
   */
  public static final int KIBANA_ENTRIES = 256;

  /** Index privilege entries, index names per entry, runAs users, granted or excepted fields. */
  public static final int ROLE_LIST = 256;

  /** A remote cluster alias or alias pattern, e.g. eu-*. */
  public static final int CLUSTER_ALIAS = 256;

  /** Remote cluster aliases in one remote entry. */
  public static final int REMOTE_CLUSTERS = 64;

  /**
   * Privileges of one remote cluster entry: Elasticsearch knows a handful (monitor_enrich, ...).
   */
  public static final int REMOTE_CLUSTER_PRIVILEGES = 16;

  /** A space avatar colour, #rrggbb. */
  public static final int COLOR = 7;

  /** A space avatar image as a data URL: a small picture, far below the object size limit. */
  public static final int IMAGE_URL = 256 * 1024;

  /** A space solution view id: es, oblt, security or classic. */
  public static final int SOLUTION = 16;

  /** A document level security query, JSON as a string: 64 KiB holds any hand-written query. */
  public static final int DLS_QUERY = 64 * 1024;

  /** maxConcurrentRequests: at least one request at a time. */
  public static final int MIN_CONCURRENT_REQUESTS = 1;

  /**
   * maxConcurrentRequests: Kibana serves requests on one Node.js event loop per instance, so more
   * in flight from one operator only queue there (and hold the operator's reconcile threads).
   */
  public static final int MAX_CONCURRENT_REQUESTS = 64;

  /** maxRequestsPerSecond: at least one request a second. */
  public static final int MIN_REQUESTS_PER_SECOND = 1;

  /**
   * maxRequestsPerSecond: beyond this a limit no longer protects one Kibana instance, whose event
   * loop serves a few thousand small API requests a second at best.
   */
  public static final int MAX_REQUESTS_PER_SECOND = 10_000;

  /** elasticsearchData.size: at least one document. */
  public static final int MIN_SEARCH_SIZE = 1;

  /**
   * elasticsearchData.size: Elasticsearch's default {@code index.max_result_window}; a larger size
   * fails the search unless the index was configured for it, and pulls that many documents into the
   * browser.
   */
  public static final int MAX_SEARCH_SIZE = 10000;

  private Bounds() {}
}

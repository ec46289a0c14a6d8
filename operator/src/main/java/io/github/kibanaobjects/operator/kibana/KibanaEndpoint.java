package io.github.kibanaobjects.operator.kibana;

import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Everything needed to talk to one Kibana, as plain values (the reconcilers resolve the
 * KibanaConnection and its Secrets into this). {@code toString()} shows no secret.
 *
 * @param url Kibana's base URL, possibly with a base path ({@code https://host/kibana})
 * @param caPem PEM text of the CA bundle to trust instead of the JVM's, or null
 * @param insecureSkipVerify trust any certificate and any host name; only when the user asked
 * @param maxConcurrentRequests how many requests may be in flight at once through this endpoint
 */
public record KibanaEndpoint(
    String url,
    KibanaCredentials credentials,
    String caPem,
    boolean insecureSkipVerify,
    Duration requestTimeout,
    int maxConcurrentRequests) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

  public KibanaEndpoint {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    url = normalise(url);
    if (caPem != null && caPem.isBlank()) {
      caPem = null;
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw invalid("requestTimeout must be positive, got " + requestTimeout);
    }
    // Also bounds the wait for a request slot in KibanaClient.acquire.
    if (requestTimeout.compareTo(OperatorConfig.MAX_REQUEST_TIMEOUT) > 0) {
      throw invalid(
          "requestTimeout must be at most "
              + Durations.format(OperatorConfig.MAX_REQUEST_TIMEOUT)
              + ", got "
              + requestTimeout);
    }
    if (maxConcurrentRequests < 1) {
      throw invalid("maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
    }
  }

  /** An endpoint with the default timeout and concurrency, trusting the JVM's CAs. */
  public static KibanaEndpoint of(String url, KibanaCredentials credentials) {
    return new KibanaEndpoint(
        url, credentials, null, false, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS);
  }

  public KibanaEndpoint withCaPem(String pem) {
    return new KibanaEndpoint(
        url, credentials, pem, insecureSkipVerify, requestTimeout, maxConcurrentRequests);
  }

  public KibanaEndpoint withInsecureSkipVerify(boolean skip) {
    return new KibanaEndpoint(url, credentials, caPem, skip, requestTimeout, maxConcurrentRequests);
  }

  public KibanaEndpoint withRequestTimeout(Duration timeout) {
    return new KibanaEndpoint(
        url, credentials, caPem, insecureSkipVerify, timeout, maxConcurrentRequests);
  }

  public KibanaEndpoint withMaxConcurrentRequests(int max) {
    return new KibanaEndpoint(url, credentials, caPem, insecureSkipVerify, requestTimeout, max);
  }

  public KibanaEndpoint withCredentials(KibanaCredentials newCredentials) {
    return new KibanaEndpoint(
        url, newCredentials, caPem, insecureSkipVerify, requestTimeout, maxConcurrentRequests);
  }

  HttpUrl httpUrl() {
    return Objects.requireNonNull(HttpUrl.parse(url));
  }

  /**
   * SHA-256 over every setting, secrets included: equal for the same endpoint, different after a
   * Secret rotation, so a cache keyed on it never serves stale credentials. Shows nothing secret.
   */
  public String fingerprint() {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var part :
          new String[] {
            url,
            credentials.getClass().getSimpleName(),
            credentials.authorizationHeader(),
            caPem == null ? "" : caPem,
            Boolean.toString(insecureSkipVerify),
            requestTimeout.toString(),
            Integer.toString(maxConcurrentRequests)
          }) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "KibanaEndpoint[url="
        + url
        + ", credentials="
        + credentials
        + ", ca="
        + (caPem == null ? "none" : "custom")
        + ", insecureSkipVerify="
        + insecureSkipVerify
        + ", requestTimeout="
        + requestTimeout
        + ", maxConcurrentRequests="
        + maxConcurrentRequests
        + "]";
  }

  /**
   * The URL as the operator uses it, or {@code InvalidSpec}. Messages never repeat the URL: it may
   * carry user info, and {@code http://:password@host} (no user name) is user info too.
   */
  private static String normalise(String url) {
    var parsed = url == null ? null : HttpUrl.parse(url.trim());
    if (parsed == null) {
      throw invalid("the Kibana URL must be an absolute http:// or https:// URL");
    }
    if (hasUserInfo(url.trim(), parsed)) {
      throw invalid(
          "the Kibana URL must not carry user info (user:password@): put the credentials in a"
              + " Secret named by spec.auth");
    }
    if (parsed.query() != null) {
      throw invalid("the Kibana URL must not carry a query");
    }
    spaceInPath(parsed)
        .ifPresent(
            space -> {
              throw invalid(
                  ("the Kibana URL must not name a space: its path has /s/%s, so every request"
                          + " would go to space '%s' whatever a resource's spec.space says;"
                          + " remove /s/%s from spec.url (each resource names its space)")
                      .formatted(space, space, space));
            });
    var text = parsed.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** Any {@code @} before the path counts, with or without a user name or password. */
  private static boolean hasUserInfo(String raw, HttpUrl parsed) {
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      return true;
    }
    var scheme = raw.indexOf("://");
    var rest = scheme < 0 ? raw : raw.substring(scheme + 3);
    var end = rest.length();
    for (var stop : new char[] {'/', '?', '#', '\\'}) {
      var at = rest.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return rest.substring(0, end).contains("@");
  }

  /**
   * The space a base path names: Kibana takes {@code /s/<id>} right after its own base path as the
   * request's space ({@code getSpaceIdFromPath} in Kibana's {@code
   * src/platform/packages/shared/kbn-spaces-utils/src/common/spaces_url_parser.ts}), so a
   * connection URL ending in {@code /s/marketing} would silently override every resource's {@code
   * spec.space}. The operator cannot know Kibana's base path, so a segment {@code s} followed by
   * another anywhere in the path counts.
   */
  static java.util.Optional<String> spaceInPath(HttpUrl url) {
    var segments = url.pathSegments();
    for (int i = 0; i + 1 < segments.size(); i++) {
      if (segments.get(i).equals("s") && !segments.get(i + 1).isEmpty()) {
        return java.util.Optional.of(segments.get(i + 1));
      }
    }
    return java.util.Optional.empty();
  }

  private static OperatorException invalid(String message) {
    return new OperatorException(Reason.INVALID_SPEC, message);
  }
}

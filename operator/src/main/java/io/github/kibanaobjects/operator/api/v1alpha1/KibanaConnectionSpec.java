package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaConnectionSpec extends ResourceSpec {
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
  public static final String DEFAULT_REQUEST_TIMEOUT = "30s";
  public static final String DEFAULT_POLL_INTERVAL = "60s";

  static final String URL_USER_INFO =
      "url must not carry user info (user:password@): put the credentials in a Secret named by"
          + " spec.auth";
  static final String URL_SPACE =
      "url must not name a space (/s/<space> in its path): every request would go to that space"
          + " whatever a resource's spec.space says; each resource names its own space";

  @Required
  @Pattern("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")
  @Size(max = Bounds.URL)
  @ValidationRule(
      value = "!self.matches('^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*@')",
      message = URL_USER_INFO)
  @ValidationRule(
      value = "!self.matches('^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*(/[^?#]*)?/s/[^/?#]+')",
      message = URL_SPACE)
  @JsonPropertyDescription(
      "Base URL of Kibana, with its base path if it has one, without user info and without a"
          + " space (/s/<space>): each resource names its space. E.g."
          + " https://kibana.example.com:5601.")
  private String url;

  @Required
  @JsonPropertyDescription("Credentials: exactly one of apiKeySecretRef or basicAuthSecretRef.")
  private ConnectionAuth auth;

  @JsonPropertyDescription("TLS settings for an https URL.")
  private ConnectionTls tls;

  @JsonPropertyDescription(
      "Other namespaces whose resources may use this connection; [\"*\"] allows all. Its own"
          + " namespace is always allowed.")
  @Size(max = Bounds.NAMESPACES)
  private List<@Size(max = Bounds.K8S_NAMESPACE) String> allowedNamespaces;

  @JsonPropertyDescription(
      "Other namespaces whose KibanaRoles and KibanaSpaces may use this connection. Roles and"
          + " spaces are global in Kibana, so this is separate from allowedNamespaces; [\"*\"] allows all. Its own namespace is"
          + " always allowed.")
  @Size(max = Bounds.NAMESPACES)
  private List<@Size(max = Bounds.K8S_NAMESPACE) String> allowedRoleNamespaces;

  @JsonPropertyDescription(
      "Which Kibana spaces resources of each namespace may write to through this connection"
          + " (visualizations and dashboards: their space; roles: the spaces they grant in;"
          + " spaces: their id). Left out, any space. Set, a namespace no entry names (nor *)"
          + " may write to no space; the connection's own namespace is never limited.")
  @Size(max = Bounds.NAMESPACES)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y.__namespace__ == x.__namespace__))",
      message = "allowedSpaces lists a namespace more than once")
  private List<NamespaceSpaces> allowedSpaces;

  @Min(Bounds.MIN_CONCURRENT_REQUESTS)
  @Max(Bounds.MAX_CONCURRENT_REQUESTS)
  @Default("4")
  @JsonPropertyDescription(
      "Most requests the operator sends to this Kibana at the same time, 1 to 64.")
  private Integer maxConcurrentRequests;

  @Min(Bounds.MIN_REQUESTS_PER_SECOND)
  @Max(Bounds.MAX_REQUESTS_PER_SECOND)
  @JsonPropertyDescription(
      "Most requests per second the operator sends to this Kibana, 1 to 10000, evenly spaced;"
          + " unset means no rate limit. After a 429 or 503 every request to this Kibana waits"
          + " as long as its Retry-After asks, at most 5s (else 1s, doubling), whatever this"
          + " says.")
  private Integer maxRequestsPerSecond;

  @Pattern(Patterns.DURATION)
  @Size(max = Bounds.DURATION)
  @Default(DEFAULT_REQUEST_TIMEOUT)
  @ValidationRule(
      value = Bounds.REQUEST_TIMEOUT_RULE,
      message =
          "requestTimeout must be between "
              + Bounds.MIN_REQUEST_TIMEOUT
              + " and "
              + Bounds.MAX_REQUEST_TIMEOUT)
  @JsonPropertyDescription("Timeout of one request to Kibana, e.g. 30s or 1m; at most 5m.")
  private String requestTimeout;

  @Pattern(Patterns.DURATION)
  @Size(max = Bounds.DURATION)
  @Default(DEFAULT_POLL_INTERVAL)
  @ValidationRule(
      value = Bounds.POLL_INTERVAL_RULE,
      message =
          "pollInterval must be between "
              + Bounds.MIN_POLL_INTERVAL
              + " and "
              + Bounds.MAX_POLL_INTERVAL)
  @JsonPropertyDescription(
      "How often the operator reads back the objects it manages in this Kibana (one export per"
          + " space and type, one list of roles) and puts back what was changed there, e.g. 60s;"
          + " between 1s and 24h.")
  private String pollInterval;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public ConnectionAuth getAuth() {
    return auth;
  }

  public void setAuth(ConnectionAuth auth) {
    this.auth = auth;
  }

  public ConnectionTls getTls() {
    return tls;
  }

  public void setTls(ConnectionTls tls) {
    this.tls = tls;
  }

  public List<String> getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(List<String> allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  public List<String> getAllowedRoleNamespaces() {
    return allowedRoleNamespaces;
  }

  public void setAllowedRoleNamespaces(List<String> allowedRoleNamespaces) {
    this.allowedRoleNamespaces = allowedRoleNamespaces;
  }

  public List<NamespaceSpaces> getAllowedSpaces() {
    return allowedSpaces;
  }

  public void setAllowedSpaces(List<NamespaceSpaces> allowedSpaces) {
    this.allowedSpaces = allowedSpaces;
  }

  public Integer getMaxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  public void setMaxConcurrentRequests(Integer maxConcurrentRequests) {
    this.maxConcurrentRequests = maxConcurrentRequests;
  }

  public Integer getMaxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  public void setMaxRequestsPerSecond(Integer maxRequestsPerSecond) {
    this.maxRequestsPerSecond = maxRequestsPerSecond;
  }

  public String getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(String requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public String getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(String pollInterval) {
    this.pollInterval = pollInterval;
  }
}

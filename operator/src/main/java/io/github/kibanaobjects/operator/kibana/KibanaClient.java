package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.kibanaobjects.operator.JsonLimits;
import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One Kibana, reached with one set of credentials. Owns an {@link OkHttpClient} configured for the
 * endpoint (TLS, timeouts) that shares its connection pool and dispatcher with every other client
 * made by the same {@link KibanaClientFactory}. Thread-safe.
 *
 * <p>Every call goes through {@link #send}: it adds the headers Kibana needs, passes the {@link
 * RequestGate} (in-flight and per-second limits, shared back-off on 429 and 503), and turns
 * failures into {@link OperatorException}s via {@link KibanaErrors}.
 */
public final class KibanaClient {
  /** Sent on every non-GET: Kibana rejects unsafe methods without it (CSRF protection). */
  static final String XSRF_HEADER = "kbn-xsrf";

  static final String XSRF_VALUE = "kibana-objects-operator";
  static final String API_VERSION_HEADER = "elastic-api-version";

  /** The only version of Kibana's public versioned routes (roles, spaces); sent explicitly. */
  static final String API_VERSION = "2023-10-31";

  static final MediaType JSON_TYPE = MediaType.get("application/json");
  // Kibana answers with what a resource wrote: its long names and strings too (see JsonLimits)
  static final ObjectMapper JSON =
      JsonMapper.builder(JsonLimits.operator(new JsonFactory())).build();

  private static final String USER_AGENT = "kibana-objects-operator/" + operatorVersion();

  private final KibanaEndpoint endpoint;
  private final OkHttpClient http;
  private final RequestGate gate;
  private final ImportBatcher imports;
  private final Redactor redactor;
  private final Redactor authorizationRedactor;
  private final Clock clock;
  private final KnownSpaces knownSpaces;
  private volatile KibanaCapabilities capabilities;
  private final OperatorMetrics metrics;
  private final String basePath;

  KibanaClient(
      KibanaEndpoint endpoint,
      OkHttpClient shared,
      Clock clock,
      ImportBatching batching,
      OperatorMetrics metrics) {
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.basePath = endpoint.httpUrl().encodedPath().replaceFirst("/+$", "");
    this.redactor = Redactor.of(endpoint.credentials());
    this.authorizationRedactor = Redactor.ofAuthorization(endpoint.credentials());
    this.clock = clock;
    this.knownSpaces = new KnownSpaces(clock);
    this.gate = RequestGate.of(endpoint);
    this.imports =
        new ImportBatcher(
            batching,
            (space, objects) -> {
              metrics.batchSize("write", objects.size());
              return savedObjects().importObjects(space, objects, true);
            });
    var timeout = endpoint.requestTimeout();
    var builder =
        shared
            .newBuilder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .followRedirects(false);
    configureTls(builder, endpoint);
    this.http = builder.build();
  }

  /**
   * A client with its own connection pool. The operator uses {@link KibanaClientFactory} instead,
   * so that clients share connections and threads.
   */
  public static KibanaClient create(KibanaEndpoint endpoint) {
    return new KibanaClient(
        endpoint,
        new OkHttpClient(),
        Clock.systemUTC(),
        ImportBatching.defaults(),
        OperatorMetrics.none());
  }

  /** Upserts of everything that uses this client, coalesced per space. */
  ImportBatcher imports() {
    return imports;
  }

  /** The spaces this Kibana answered for lately. */
  KnownSpaces knownSpaces() {
    return knownSpaces;
  }

  /** Where this client's requests are counted; batched reads and writes record their sizes. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  public KibanaEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Saved objects; whether the CRUD routes are public is taken from {@link #capabilities()} on
   * first need.
   */
  public SavedObjectsApi savedObjects() {
    return new SavedObjectsApi(this, () -> !capabilities().savedObjectCrudPublic());
  }

  public SecurityRolesApi roles() {
    return new SecurityRolesApi(this);
  }

  public SpacesApi spaces() {
    return new SpacesApi(this);
  }

  public StatusApi status() {
    return new StatusApi(this);
  }

  /**
   * What this Kibana's version and flavour allow ({@code /api/status}), asked once per client; a
   * failure is not remembered, so the next call asks again.
   */
  public KibanaCapabilities capabilities() {
    var known = capabilities;
    if (known == null) {
      known = KibanaCapabilities.of(status().status());
    }
    return known;
  }

  /** The capabilities if a status check already told them, without asking Kibana. */
  public java.util.Optional<KibanaCapabilities> knownCapabilities() {
    return java.util.Optional.ofNullable(capabilities);
  }

  void observed(KibanaStatus status) {
    capabilities = KibanaCapabilities.of(status);
  }

  /** Whether this Kibana is serverless (see {@link #capabilities()}). */
  public boolean isServerless() {
    return capabilities().serverless();
  }

  /**
   * The URL of an API path in a space: {@code /s/<space>} is added for every space but {@code
   * default}, and each segment is percent-encoded.
   */
  HttpUrl.Builder spaceUrl(String space, String... segments) {
    var builder = endpoint.httpUrl().newBuilder();
    if (space != null && !space.equals("default")) {
      builder.addPathSegment("s").addPathSegment(space);
    }
    Arrays.stream(segments).forEach(builder::addPathSegment);
    return builder;
  }

  /** The URL of a global (space-less) API path, such as roles or status. */
  HttpUrl.Builder globalUrl(String... segments) {
    return spaceUrl(null, segments);
  }

  static RequestBody jsonBody(JsonNode body) {
    try {
      return RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise a request body", e);
    }
  }

  /**
   * Sends one request and reads the whole answer. A 2xx, or a status listed in {@code handled}
   * (which the caller interprets, e.g. 404 as "absent"), is returned; anything else is thrown as an
   * {@link OperatorException}.
   *
   * @param versioned whether the route is one of Kibana's versioned public routes
   */
  KibanaResponse send(
      String method, HttpUrl url, RequestBody body, boolean versioned, int... handled) {
    var response = exchange(method, url, body, versioned);
    if (response.isSuccessful() || Arrays.stream(handled).anyMatch(s -> s == response.status())) {
      return response;
    }
    throw error(response);
  }

  OperatorException error(KibanaResponse response) {
    return KibanaErrors.fromResponse(
        response.method(),
        response.path(),
        response.status(),
        response.headers().get("Retry-After"),
        response.body(),
        clock);
  }

  /** A message for a malformed 2xx answer; Kibana answered, but not in the shape we rely on. */
  OperatorException unexpectedAnswer(KibanaResponse response, String what) {
    return new OperatorException(
        Reason.KIBANA_ERROR,
        response.method() + " " + response.path() + ": unexpected answer from Kibana: " + what,
        false,
        null,
        response.status(),
        null);
  }

  JsonNode readJson(KibanaResponse response) {
    try {
      var tree = JSON.readTree(response.body());
      if (tree == null || tree.isMissingNode()) {
        throw unexpectedAnswer(response, "an empty body where JSON was expected");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw unexpectedAnswer(response, "a body that is not JSON");
    }
  }

  private KibanaResponse exchange(String method, HttpUrl url, RequestBody body, boolean versioned) {
    var path = url.encodedPath();
    var request =
        new Request.Builder()
            .url(url)
            .method(method, body)
            .header("Authorization", endpoint.credentials().authorizationHeader())
            .header("User-Agent", USER_AGENT)
            .header("Accept", "application/json");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      request.header(XSRF_HEADER, XSRF_VALUE);
    }
    if (versioned) {
      request.header(API_VERSION_HEADER, API_VERSION);
    }
    gate.acquire(method, path);
    // The one redaction choke point: everything that comes back from Kibana or the network (every
    // answer's body, every I/O failure's text) is redacted here, before any code reads it, so no
    // path (an error, an import's per-object result, parsed data) can carry a credential further,
    // even from a server or proxy that echoes the request's Authorization header.
    var started = System.nanoTime();
    var status = OperatorMetrics.NO_ANSWER;
    try (var response = http.newCall(request.build()).execute()) {
      status = Integer.toString(response.code());
      var text = response.body() == null ? "" : response.body().string();
      if (response.code() == 429 || response.code() == 503) {
        gate.overloaded(
            KibanaErrors.parseRetryAfter(response.header("Retry-After"), clock).orElse(null));
      } else {
        gate.answered();
      }
      return new KibanaResponse(
          method,
          path,
          response.code(),
          response.headers(),
          // An answer that is data (2xx) may hold the password by chance (a title "elastic-*"
          // with the password "elastic"): masking it there would corrupt what is read and
          // exported. Only the header's credential, which an echo repeats, is masked in data.
          (response.isSuccessful() ? authorizationRedactor : redactor).redact(text));
    } catch (IOException e) {
      throw KibanaErrors.fromIo(
          method, path, url.host() + ":" + url.port(), e, endpoint.requestTimeout(), redactor);
    } finally {
      gate.release();
      metrics.kibanaRequest(
          endpoint.url(),
          method,
          KibanaRoutes.template(path.substring(Math.min(basePath.length(), path.length()))),
          status,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * An answer that is a report, not data (an import's per-object results, whose messages may repeat
   * the request): masked as an error is, the password included.
   */
  KibanaResponse redactedAsReport(KibanaResponse response) {
    return new KibanaResponse(
        response.method(),
        response.path(),
        response.status(),
        response.headers(),
        redactor.redact(response.body()));
  }

  /** The jar's version: its manifest, else the pom.properties Maven packs, else "dev". */
  private static String operatorVersion() {
    var fromManifest = KibanaClient.class.getPackage().getImplementationVersion();
    if (fromManifest != null) {
      return fromManifest;
    }
    var pom = "/META-INF/maven/io.github.kibanaobjects/kibana-objects-operator/pom.properties";
    try (var in = KibanaClient.class.getResourceAsStream(pom)) {
      if (in != null) {
        var properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "dev");
      }
    } catch (IOException unreadable) {
      // fall through: the version only decorates the User-Agent
    }
    return "dev";
  }

  private static void configureTls(OkHttpClient.Builder builder, KibanaEndpoint endpoint) {
    X509TrustManager trustManager;
    if (endpoint.insecureSkipVerify()) {
      trustManager = new TrustEverything();
      // the user asked for it explicitly (spec.tls.insecureSkipVerify)
      builder.hostnameVerifier((host, session) -> true);
    } else if (endpoint.caPem() != null) {
      // the default OkHostnameVerifier stays: a trusted CA does not make any host name right
      trustManager = trustManagerFor(endpoint.caPem());
    } else {
      return;
    }
    try {
      var context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
      builder.sslSocketFactory(context.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot create a TLS context", e);
    }
  }

  /** A trust manager that trusts exactly the certificates of a PEM bundle. */
  static X509TrustManager trustManagerFor(String pem) {
    try {
      var certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certificates.isEmpty()) {
        throw new OperatorException(
            Reason.INVALID_SPEC, "the CA bundle contains no PEM certificate");
      }
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      var index = 0;
      for (var certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return Arrays.stream(factory.getTrustManagers())
          .filter(X509TrustManager.class::isInstance)
          .map(X509TrustManager.class::cast)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the JVM has no X509 trust manager"));
    } catch (CertificateException e) {
      // Neither the parser's message nor the exception itself: they quote the text they choked on
      // (a mismatched header line, say), and the text is a Secret's value.
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "the CA bundle (spec.tls.caSecretRef) is not valid PEM: it must hold one or more"
              + " -----BEGIN CERTIFICATE----- blocks; its content is not repeated here");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot build a trust store from the CA bundle: " + e.getClass().getSimpleName());
    }
  }

  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // trusts every client: insecureSkipVerify
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // trusts every server: insecureSkipVerify
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

package io.github.kibanaobjects.sim;

import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Header;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.routes.AdminRoutes;
import io.github.kibanaobjects.sim.security.Authenticator;
import io.github.kibanaobjects.sim.security.Principal;
import io.github.kibanaobjects.sim.state.SimState;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardSocketOptions;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline, in Kibana's (hapi's) order: route lookup, faults, authentication, payload
 * limits, XSRF and internal-origin checks, API version resolution, then the handler.
 */
final class KibanaHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(KibanaHandler.class);

  /** The only public API version of versioned routes. */
  static final String API_VERSION = "2023-10-31";

  private final SimState state;
  private final Router router;
  private final AdminRoutes admin;
  private final Authenticator authenticator;
  private final SimCounters counters;
  private final SimFaults faults;

  KibanaHandler(
      SimState state,
      Router router,
      AdminRoutes admin,
      Authenticator authenticator,
      SimCounters counters,
      SimFaults faults) {
    super(InvocationType.BLOCKING);
    this.state = state;
    this.router = router;
    this.admin = admin;
    this.authenticator = authenticator;
    this.counters = counters;
    this.faults = faults;
  }

  /** Where Kibana sends a page request for a space that does not exist. */
  static final String SPACE_SELECTOR = "/spaces/space_selector";

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String rawPath = request.getHttpURI().getPath();
    List<String> segments = segments(rawPath);
    if (!segments.isEmpty() && segments.get(0).equals(AdminRoutes.PREFIX)) {
      write(response, callback, admin.handle(method, segments, request));
      return true;
    }
    String space = "default";
    if (segments.size() >= 2 && segments.get(0).equals("s")) {
      space = segments.get(1);
      segments = segments.subList(2, segments.size());
    }
    if (isUnknownSpaceApp(space, segments)) {
      write(
          response,
          callback,
          Reply.text(302, "text/plain", "").withHeader("Location", SPACE_SELECTOR));
      return true;
    }
    var match = router.match(method, segments);
    String template = match == null ? "/" + String.join("/", segments) : match.route().template();
    counters.record(method, template, match != null && match.route().writes());

    faults.park(method, template);
    if (applyFault(faults.decide(method, template), request, response, callback)) {
      return true;
    }
    Reply reply =
        match == null
            ? Reply.error(KibanaError.notFound("Not Found"))
            : process(match, method, rawPath, space, request);
    write(response, callback, reply);
    return true;
  }

  /**
   * Kibana's spaces interceptor checks the space of a request under {@code /s/<id>/} only for
   * application pages ({@code /app/...}): an unknown space is redirected to the space selector. API
   * requests are not checked: they go on in that space, so an import there succeeds into a space
   * nobody can open. See {@code x-pack/platform/plugins/shared/spaces/server/lib/
   * request_interceptors/on_post_auth_interceptor.ts} ({@code isRequestingApplication}, and the 404
   * case that redirects to {@code getSpaceSelectorUrl}).
   */
  private boolean isUnknownSpaceApp(String space, List<String> segments) {
    return !segments.isEmpty()
        && segments.get(0).equals("app")
        && !space.equals("default")
        && !state.spaces().containsKey(space);
  }

  /** Returns true when the fault has answered (or dropped) the request itself. */
  private static boolean applyFault(
      SimFaults.Decision decision, Request request, Response response, Callback callback) {
    if (decision instanceof SimFaults.Decision.Outage o) {
      write(
          response,
          callback,
          Reply.error(
              new KibanaError(503, "Kibana server is not ready yet")
                  .withHeader("Retry-After", Long.toString(o.retryAfter().toSeconds()))));
      return true;
    }
    if (decision instanceof SimFaults.Decision.Reset r) {
      sleep(r.delay());
      resetConnection(request, callback);
      return true;
    }
    if (decision instanceof SimFaults.Decision.Fail f) {
      sleep(f.delay());
      var error = new KibanaError(f.status(), faultMessage(f.status()));
      if (f.retryAfter() != null) {
        error.withHeader("Retry-After", Long.toString(f.retryAfter().toSeconds()));
      }
      write(response, callback, Reply.error(error));
      return true;
    }
    if (decision instanceof SimFaults.Decision.Echo e) {
      sleep(e.delay());
      write(response, callback, echo(request, e.status()));
      return true;
    }
    if (decision instanceof SimFaults.Decision.Proceed p) {
      sleep(p.delay());
    }
    return false;
  }

  /**
   * What an echoing server answers: the request line and every header (Authorization included) as
   * the message, and, for each NDJSON object line in the body (an import), a per-object error with
   * the same text, in the shape of {@code _import}'s {@code errors}.
   */
  private static Reply echo(Request request, int status) {
    var text = new StringBuilder("echo: ");
    text.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery());
    for (var field : request.getHeaders()) {
      text.append('\n').append(field.getName()).append(": ").append(field.getValue());
    }
    var message = text.toString();
    var answer = Json.object();
    answer.put("statusCode", status);
    answer.put("error", KibanaError.reasonPhrase(status));
    answer.put("message", message);
    var errors = Json.array();
    var body = new String(readBody(request, ECHO_BODY_LIMIT), StandardCharsets.UTF_8);
    for (var line : body.split("\r?\n")) {
      var node = Json.parseOrNull(line);
      if (node != null && node.path("type").isTextual() && node.path("id").isTextual()) {
        var item = errors.addObject();
        item.put("type", node.get("type").asText());
        item.put("id", node.get("id").asText());
        item.putObject("error")
            .put("type", "unknown")
            .put("message", message)
            .put("statusCode", 500);
      }
    }
    if (!errors.isEmpty()) {
      answer.put("success", false);
      answer.put("successCount", 0);
      answer.set("errors", errors);
    }
    return Reply.json(status, answer);
  }

  private static final long ECHO_BODY_LIMIT = 16L * 1024 * 1024;

  /** Everything after routing, in Kibana's lifecycle order. */
  private Reply process(
      Router.Match match, String method, String rawPath, String space, Request request) {
    Route route = match.route();
    Reply reply;
    String resolvedVersion = null;
    try {
      Principal principal = authenticate(route, request);
      byte[] body = readBody(request, route.maxPayload());
      checkXsrf(method, request);
      checkKbnVersion(request);
      checkInternalOrigin(route, method, rawPath, request);
      if (route.has(Option.VERSIONED)) {
        resolvedVersion = resolveVersion(request, route);
      }
      var exchange =
          new Exchange(
              method,
              rawPath,
              space,
              route,
              match.params(),
              query(request),
              request.getHeaders(),
              body,
              principal);
      reply = route.handler().handle(exchange);
    } catch (KibanaError e) {
      reply = Reply.error(e);
    } catch (RuntimeException e) {
      LOG.error("handler failed for {} {}", method, rawPath, e);
      reply = Reply.error(new KibanaError(500, "An internal server error occurred."));
    }
    if (resolvedVersion != null) {
      reply.withHeader("elastic-api-version", resolvedVersion);
    }
    if (route.has(Option.DEPRECATED) && deprecationHeaderEnabled()) {
      reply.withHeader(
          "warning",
          "299 Kibana-"
              + state.config().versionNumber()
              + " \"This%20endpoint%20is%20deprecated\"");
    }
    return reply;
  }

  /**
   * Kibana started to send the deprecation {@code warning} header on the saved-object CRUD routes
   * around 8.17; the simulator sends it from 8.17 on.
   */
  private boolean deprecationHeaderEnabled() {
    return state.config().versionAtLeast(8, 17);
  }

  private Principal authenticate(Route route, Request request) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Principal principal = authenticator.authenticate(authorization);
    if (principal == null && !route.has(Option.AUTH_OPTIONAL)) {
      throw Authenticator.missingCredentials();
    }
    return principal;
  }

  /** Reads the body, enforcing the route's payload limit on Content-Length and on actual bytes. */
  static byte[] readBody(Request request, long limit) {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared == 0
        || (declared < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
      return new byte[0];
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > limit) {
        drain(in);
        throw payloadTooLarge(limit);
      }
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        drain(in);
        throw payloadTooLarge(limit);
      }
      return bytes;
    } catch (IOException e) {
      throw KibanaError.badRequest("Failed to read the request payload");
    }
  }

  /**
   * Reads and discards what the client is still sending (up to a bound), so that it can read the
   * 413: answering and closing mid-upload leaves the client with a broken connection instead.
   */
  private static void drain(InputStream in) throws IOException {
    long left = DRAIN_LIMIT;
    byte[] buffer = new byte[64 * 1024];
    int read;
    while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
      left -= read;
    }
  }

  /** Beyond this much of an oversized body, the connection is closed after all. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private static KibanaError payloadTooLarge(long limit) {
    return new KibanaError(413, "Payload content length greater than maximum allowed: " + limit);
  }

  private static void checkXsrf(String method, Request request) {
    boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    var headers = request.getHeaders();
    if (!safe && !headers.contains("kbn-xsrf") && !headers.contains("kbn-version")) {
      throw KibanaError.badRequest("Request must contain a kbn-xsrf header.");
    }
  }

  private void checkKbnVersion(Request request) {
    String sent = request.getHeaders().get("kbn-version");
    String expected = state.config().kibanaVersion();
    if (sent != null && !sent.equals(expected)) {
      var attributes = Json.object();
      attributes.put("expected", expected);
      attributes.put("got", sent);
      throw new KibanaError(
          400,
          "Browser client is out of date, please refresh the page"
              + " (\"kbn-version\" header was \""
              + sent
              + "\" but should be \""
              + expected
              + "\")",
          attributes);
    }
  }

  /**
   * Kibana's {@code server.restrictInternalApis} (lifecycle_handlers.ts): the default from 9.0 and
   * on serverless, where the saved-object CRUD routes are internal too.
   */
  private void checkInternalOrigin(Route route, String method, String rawPath, Request request) {
    var config = state.config();
    boolean internal =
        (config.serverless() && route.has(Option.INTERNAL_ON_SERVERLESS))
            || (config.internalRoutesRestricted() && route.has(Option.INTERNAL));
    if (internal && !request.getHeaders().contains("x-elastic-internal-origin")) {
      throw KibanaError.badRequest(
          "uri ["
              + rawPath
              + "] with method ["
              + method.toLowerCase(Locale.ROOT)
              + "] exists but is not available with the current configuration");
    }
  }

  /** Missing header: the oldest version (Kibana's default resolution); unknown: 400. */
  private static String resolveVersion(Request request, Route route) {
    String requested = request.getHeaders().get("elastic-api-version");
    if (requested == null || requested.isBlank()) {
      return API_VERSION;
    }
    if (!requested.trim().equals(API_VERSION)) {
      throw KibanaError.badRequest(
          "No version \""
              + requested.trim()
              + "\" available for ["
              + route.method().toLowerCase(Locale.ROOT)
              + "] ["
              + route.template()
              + "]. Available versions are: ["
              + API_VERSION
              + "]");
    }
    return API_VERSION;
  }

  private static String faultMessage(int status) {
    return switch (status) {
      case 500 -> "An internal server error occurred.";
      case 429 -> "Too Many Requests";
      default -> KibanaError.reasonPhrase(status);
    };
  }

  private static void resetConnection(Request request, Callback callback) {
    var endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    try {
      if (endPoint.getTransport() instanceof NetworkChannel channel) {
        // linger 0 turns close() into a TCP RST, what a dropped proxy connection looks like
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      // a plain close is still a reset from the client's point of view
    }
    endPoint.close();
    // the exchange is over for us; Jetty finds the endpoint closed and drops the connection
    callback.succeeded();
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static List<String> segments(String rawPath) {
    var segments = new ArrayList<String>();
    String path = rawPath == null ? "" : rawPath;
    int start = path.startsWith("/") ? 1 : 0;
    if (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    if (start >= path.length()) {
      return segments;
    }
    for (String s : path.substring(start).split("/", -1)) {
      segments.add(
          s.indexOf('%') >= 0
              ? URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)
              : s);
    }
    return segments;
  }

  static Map<String, List<String>> query(Request request) {
    if (request.getHttpURI().getQuery() == null) {
      return Map.of();
    }
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    var query = new LinkedHashMap<String, List<String>>();
    for (Fields.Field field : fields) {
      query.put(field.getName(), field.getValues());
    }
    return query;
  }

  static void write(Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    var headers = response.getHeaders();
    if (reply.contentType() != null) {
      headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    for (Header header : reply.headers()) {
      headers.add(header.name(), header.value());
    }
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }
}

package io.github.kibanaobjects.sim.security;

import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.security.Principal.AuthScheme;
import io.github.kibanaobjects.sim.state.SimState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Resolves the {@code Authorization} header the way Kibana's HTTP authentication provider and
 * Elasticsearch do: {@code Basic}, {@code ApiKey} and {@code Bearer}.
 */
public final class Authenticator {
  /** ES's challenge headers, copied onto Kibana's 401. */
  public static final String[] CHALLENGES = {
    "Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey", "Bearer realm=\"security\""
  };

  private final SimState state;

  public Authenticator(SimState state) {
    this.state = state;
  }

  /** Returns null when no usable credentials were sent. */
  public Principal authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space <= 0) {
      return null;
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String credentials = authorization.substring(space + 1).trim();
    return switch (scheme) {
      case "basic" -> basic(credentials);
      case "apikey" -> apiKey(credentials);
      case "bearer" -> bearer(credentials);
      default -> null;
    };
  }

  /** The 401 for a request without credentials. */
  public static KibanaError missingCredentials() {
    return challenge(new KibanaError(401, "Unauthorized"));
  }

  private Principal basic(String credentials) {
    String decoded = decode(credentials);
    int colon = decoded == null ? -1 : decoded.indexOf(':');
    if (colon < 0) {
      throw challenge(
          new KibanaError(
              401,
              "unable to authenticate user [] for REST request" + " [/_security/_authenticate]"));
    }
    String username = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    var user = state.users().get(username);
    if (user == null || !constantTimeEquals(user.password(), password)) {
      throw challenge(
          new KibanaError(
              401,
              "unable to authenticate user ["
                  + username
                  + "] for REST request [/_security/_authenticate]"));
    }
    return new Principal(username, user.roles(), AuthScheme.BASIC);
  }

  private Principal apiKey(String credentials) {
    String decoded = decode(credentials);
    int colon = decoded == null ? -1 : decoded.indexOf(':');
    var key = colon < 0 ? null : state.apiKeys().get(decoded.substring(0, colon));
    if (key == null || !constantTimeEquals(key.secret(), decoded.substring(colon + 1))) {
      throw challenge(
          new KibanaError(
              401,
              "unable to authenticate with provided credentials and"
                  + " anonymous access is not allowed for this request"));
    }
    var owner = state.users().get(key.username());
    return new Principal(
        key.username(), owner == null ? java.util.List.of() : owner.roles(), AuthScheme.API_KEY);
  }

  private Principal bearer(String token) {
    String username = state.bearerTokens().get(token);
    var owner = username == null ? null : state.users().get(username);
    if (owner == null) {
      throw challenge(
          new KibanaError(
              401,
              "unable to authenticate with provided credentials and"
                  + " anonymous access is not allowed for this request"));
    }
    return new Principal(username, owner.roles(), AuthScheme.BEARER);
  }

  private static KibanaError challenge(KibanaError error) {
    for (String challenge : CHALLENGES) {
      error.withHeader("WWW-Authenticate", challenge);
    }
    return error;
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}

package io.github.kibanaobjects.operator.kibana;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * How the operator authenticates to Kibana. The values come from Secrets (the reconcilers read
 * them); {@code toString()} never shows them, so a record logged or put in a message is safe.
 */
public sealed interface KibanaCredentials
    permits KibanaCredentials.ApiKey, KibanaCredentials.Basic, KibanaCredentials.Bearer {

  /** The value of the {@code Authorization} header. */
  String authorizationHeader();

  /** Every string whose appearance in a message would leak this secret. */
  List<String> secretValues();

  /** An Elasticsearch API key, as its {@code encoded} value: base64 of {@code id:api_key}. */
  record ApiKey(String encoded) implements KibanaCredentials {
    public ApiKey {
      requireText(encoded, "API key");
    }

    @Override
    public String authorizationHeader() {
      return "ApiKey " + encoded;
    }

    @Override
    public List<String> secretValues() {
      return List.of(encoded, apiKeySecretPart(encoded));
    }

    @Override
    public String toString() {
      return "ApiKey[encoded=***]";
    }
  }

  /** A native or file-realm user. The username is not a secret; the password is. */
  record Basic(String username, String password) implements KibanaCredentials {
    public Basic {
      requireText(username, "username");
      requireText(password, "password");
    }

    @Override
    public String authorizationHeader() {
      return "Basic " + base64(username + ":" + password);
    }

    @Override
    public List<String> secretValues() {
      return List.of(password, base64(username + ":" + password));
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=***]";
    }
  }

  /** An Elasticsearch access token or service-account token. */
  record Bearer(String token) implements KibanaCredentials {
    public Bearer {
      requireText(token, "bearer token");
    }

    @Override
    public String authorizationHeader() {
      return "Bearer " + token;
    }

    @Override
    public List<String> secretValues() {
      return List.of(token);
    }

    @Override
    public String toString() {
      return "Bearer[token=***]";
    }
  }

  private static void requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** An encoded API key hides {@code id:api_key}; the {@code api_key} half is secret too. */
  private static String apiKeySecretPart(String encoded) {
    try {
      var decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
      var colon = decoded.indexOf(':');
      return colon >= 0 && colon < decoded.length() - 1 ? decoded.substring(colon + 1) : encoded;
    } catch (IllegalArgumentException notBase64) {
      return encoded;
    }
  }
}

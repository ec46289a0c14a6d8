package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * The one place where Kibana's answers and I/O failures become {@link OperatorException}s: which
 * {@link Reason}, whether a retry can help, how long Kibana asked us to wait, and a message a
 * person can act on. Messages name the method and path (never the query) and Kibana's own message;
 * {@code KibanaClient.exchange} has redacted every answer before it gets here, and redacts I/O
 * failures through {@link #fromIo}, so no credential ever leaks into them.
 */
final class KibanaErrors {
  private static final int MAX_MESSAGE_CHARS = 600;
  private static final Pattern SPACE_IN_PATH = Pattern.compile("(?:^|/)s/([^/]+)/api/");
  private static final Pattern UNABLE_TO =
      Pattern.compile("^Unable to ([a-z_]+) ([A-Za-z0-9_,.-]+)");
  private static final Set<String> READ_ACTIONS =
      Set.of("get", "bulk_get", "find", "open_point_in_time", "close_point_in_time", "resolve");

  /** Saved object type to the Kibana feature whose privileges guard it. */
  private static final Map<String, String> FEATURE_OF_TYPE =
      Map.of(
          "visualization", "visualize",
          "lens", "visualize",
          "dashboard", "dashboard",
          "search", "discover",
          "index-pattern", "indexPatterns",
          "map", "maps",
          "tag", "savedObjectsTagging",
          "config", "advancedSettings");

  private KibanaErrors() {}

  static boolean isTransientStatus(int status) {
    return status == 429 || (status >= 500 && status != 501 && status != 505);
  }

  static OperatorException fromResponse(
      String method, String path, int status, String retryAfterHeader, String body, Clock clock) {
    // the body was redacted as it arrived (KibanaClient.exchange), so truncating cannot cut a
    // secret in half before it is masked
    var kibanaMessage = truncate(kibanaMessage(body, status));
    var where = method + " " + path;
    if (isTransientStatus(status)) {
      var retryAfter = parseRetryAfter(retryAfterHeader, clock).orElse(null);
      var message =
          where
              + ": Kibana answered "
              + status
              + " ("
              + kibanaMessage
              + ")"
              + retryAfterText(retryAfterHeader, retryAfter);
      return new OperatorException(
          Reason.KIBANA_UNREACHABLE, message, true, retryAfter, status, null);
    }
    return switch (status) {
      case 401 ->
          permanent(
              Reason.UNAUTHORIZED,
              where
                  + ": Kibana rejected the credentials (401: "
                  + kibanaMessage
                  + "); check the Secret the connection points at",
              status);
      case 403 -> {
        var missing = missingPrivilege(path, kibanaMessage);
        yield permanent(
            Reason.FORBIDDEN,
            where
                + ": Kibana answered 403: "
                + kibanaMessage
                + missing.map(m -> "; " + m).orElse(""),
            status);
      }
      case 409 ->
          permanent(Reason.CONFLICT, where + ": Kibana answered 409: " + kibanaMessage, status);
      default ->
          permanent(
              Reason.KIBANA_ERROR,
              where + ": Kibana answered " + status + ": " + kibanaMessage,
              status);
    };
  }

  static OperatorException fromIo(
      String method, String path, String host, IOException e, Duration timeout, Redactor redactor) {
    var where = method + " " + path + ": ";
    String message;
    if (e instanceof SSLException) {
      message = where + "TLS handshake with " + host + " failed: " + describe(e);
    } else if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      message = where + "no answer from " + host + " within the request timeout of " + timeout;
    } else if (e instanceof ConnectException) {
      message = where + "cannot connect to " + host + ": " + describe(e);
    } else if (e instanceof UnknownHostException) {
      message = where + "unknown host " + host;
    } else {
      message = where + "I/O error talking to " + host + ": " + describe(e);
    }
    // Not the IOException as cause: its own message is not redacted, and a stack trace shows it.
    return new OperatorException(
        Reason.KIBANA_UNREACHABLE, truncate(redactor.redact(message)), true, null, 0, null);
  }

  /**
   * Says the header as it was sent: a wait computed from an HTTP-date would change at every
   * attempt, and so would the status and the events that quote this message.
   */
  private static String retryAfterText(String header, Duration retryAfter) {
    if (retryAfter == null) {
      return "";
    }
    var value = header.trim();
    return value.chars().allMatch(Character::isDigit)
        ? "; it asked to retry after " + value + "s"
        : "; it asked to retry at " + value;
  }

  /** Kibana's {@code message} from its error body, else the body's text, else the status. */
  static String kibanaMessage(String body, int status) {
    if (body == null || body.isBlank()) {
      return "HTTP " + status + " with an empty body";
    }
    try {
      var tree = KibanaClient.JSON.readTree(body);
      if (tree != null && tree.isObject()) {
        var text = textOf(tree.get("message")).or(() -> textOf(tree.get("error")));
        if (text.isPresent()) {
          return text.get();
        }
      }
    } catch (IOException notJson) {
      // fall through to the raw text: proxies answer with HTML or plain text
    }
    return body.strip();
  }

  /**
   * Seconds or an HTTP-date (RFC 9110 section 10.2.3); a date in the past means "now". Anything
   * else is ignored rather than trusted.
   */
  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    var text = value.trim();
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    try {
      var at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      var wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  /** The space a request ran in, from its {@code /s/<space>/} prefix. */
  static String spaceOf(String path) {
    var matcher = SPACE_IN_PATH.matcher(path);
    return matcher.find() ? matcher.group(1) : "default";
  }

  /** What the credentials lack, when Kibana's 403 lets us tell. */
  static Optional<String> missingPrivilege(String path, String kibanaMessage) {
    var space = spaceOf(path);
    if (path.contains("/api/security/")) {
      return Optional.of(
          "the credentials need the Elasticsearch cluster privilege manage_security to manage"
              + " roles");
    }
    if (path.contains("/api/spaces/")) {
      return Optional.of(
          "the credentials need the Kibana privilege to manage spaces (base all on *)");
    }
    var unable = UNABLE_TO.matcher(kibanaMessage);
    if (unable.find()) {
      var level = READ_ACTIONS.contains(unable.group(1)) ? "read" : "all";
      var privileges =
          Arrays.stream(unable.group(2).split(","))
              .map(KibanaErrors::featureOf)
              .distinct()
              .map(feature -> feature + ": " + level)
              .collect(Collectors.joining(" and "));
      return Optional.of(
          "the credentials need the Kibana feature privilege "
              + privileges
              + " in space '"
              + space
              + "'");
    }
    if ("Forbidden".equals(kibanaMessage)) {
      return Optional.of("the credentials have no Kibana privilege in space '" + space + "'");
    }
    return Optional.empty();
  }

  /** The Kibana feature whose privileges guard saved objects of this type. */
  static String featureOf(String type) {
    return FEATURE_OF_TYPE.getOrDefault(type, "saved objects of type " + type);
  }

  private static OperatorException permanent(Reason reason, String message, int status) {
    return new OperatorException(reason, message, false, null, status, null);
  }

  private static Optional<String> textOf(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static String describe(Throwable e) {
    var text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    var cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
      text = text + " (" + cause.getMessage() + ")";
    }
    return text;
  }

  private static String truncate(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}

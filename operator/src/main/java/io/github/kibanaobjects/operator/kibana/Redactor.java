package io.github.kibanaobjects.operator.kibana;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces secret values in text that may reach a status condition, an event or a log. {@code
 * KibanaClient.exchange} applies it to everything that comes back from Kibana, before it is read.
 */
final class Redactor {
  static final String MASK = "***";

  private final List<String> secrets;

  Redactor(List<String> secrets) {
    // Each secret as it is, and as a JSON string carries it (a server that echoes the request in
    // a JSON body escapes quotes, backslashes and, some, slashes): the body is redacted before it
    // is parsed. Longest first, so a secret containing another is masked whole.
    this.secrets =
        secrets.stream()
            .filter(s -> s != null && s.length() >= 3)
            .flatMap(Redactor::spellings)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  static Redactor of(KibanaCredentials credentials) {
    return new Redactor(credentials.secretValues());
  }

  String redact(String text) {
    if (text == null) {
      return null;
    }
    var result = text;
    for (var secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  private static Stream<String> spellings(String secret) {
    var escaped = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
    return Stream.of(secret, escaped, escaped.replace("/", "\\/"));
  }
}

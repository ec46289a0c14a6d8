package io.github.kibanaobjects.operator.kibana;

import java.util.Comparator;
import java.util.List;

/** Replaces secret values in text that may reach a status condition, an event or a log. */
final class Redactor {
  static final String MASK = "***";

  private final List<String> secrets;

  Redactor(List<String> secrets) {
    // longest first, so a secret containing another is masked whole
    this.secrets =
        secrets.stream()
            .filter(s -> s != null && s.length() >= 3)
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
}

package io.github.kibanaobjects.operator;

import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Parses the Go-style duration strings users write in specs and env vars: {@code 90s}, {@code
 * 1h30m}.
 */
public final class Durations {
  /** The CRD's own pattern, so admission and the operator agree on what is valid. */
  private static final Pattern WHOLE = Pattern.compile(Patterns.DURATION);

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the bad value, for config errors at start-up and for
   *     specs that bypassed admission (the mock API does not run the CRD schema)
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text.trim()).matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "': use digits with ms, s, m or h, like 30s, 10m or 1h30m");
    }
    var total = Duration.ZERO;
    var parts = PART.matcher(text.trim());
    try {
      while (parts.find()) {
        long amount = Long.parseLong(parts.group(1));
        total =
            total.plus(
                switch (parts.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too long", e);
    }
    return total;
  }

  /**
   * Parses {@code text} and checks it lies in [min, max]; the comparison happens on the parsed
   * {@link Duration} before any conversion to milliseconds, so a huge value is refused rather than
   * overflowing later (in {@code toMillis} or a scheduler).
   *
   * @throws IllegalArgumentException starting with {@code field}, naming the value and the range
   */
  public static Duration parseWithin(String field, String text, Duration min, Duration max) {
    Duration value;
    try {
      value = parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " must be between " + format(min) + " and " + format(max) + ", got " + text);
    }
    return value;
  }

  /** Formats a duration back into the spec syntax (the largest units that are exact). */
  public static String format(Duration duration) {
    var out = new StringBuilder();
    long millis = duration.toMillis();
    long hours = millis / 3_600_000;
    long minutes = millis % 3_600_000 / 60_000;
    long seconds = millis % 60_000 / 1000;
    long rest = millis % 1000;
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0) out.append(seconds).append('s');
    if (rest > 0 || out.length() == 0) out.append(rest).append("ms");
    return out.toString();
  }
}

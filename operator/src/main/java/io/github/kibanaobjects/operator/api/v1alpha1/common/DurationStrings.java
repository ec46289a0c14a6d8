package io.github.kibanaobjects.operator.api.v1alpha1.common;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.time.Duration;
import java.util.regex.Pattern;

/** Reads the duration strings of the resources ({@link Patterns#DURATION}): 30s, 10m, 1h30m. */
public final class DurationStrings {
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DurationStrings() {}

  /**
   * The duration, or {@code fallback} when the text is null or empty.
   *
   * @throws OperatorException {@link Reason#INVALID_SPEC} when the text is not a duration (the
   *     schema rejects it at admission; this guards objects that skipped admission)
   */
  public static Duration parse(String text, Duration fallback) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    if (!text.matches(Patterns.DURATION)) {
      throw new OperatorException(
          Reason.INVALID_SPEC, "\"" + text + "\" is not a duration such as 30s, 10m or 1h30m");
    }
    var total = Duration.ZERO;
    var matcher = PART.matcher(text);
    try {
      while (matcher.find()) {
        long amount = Long.parseLong(matcher.group(1));
        total =
            total.plus(
                switch (matcher.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new OperatorException(Reason.INVALID_SPEC, "\"" + text + "\" is too long a duration");
    }
    return total;
  }
}

package io.github.kibanaobjects.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults injected in front of Kibana routes (never in front of {@code /__sim/}). A route matcher
 * is {@code "*"} (every Kibana route), a route template such as
 * {@code "/api/saved_objects/{type}/{id}"} (any method) or {@code "GET /api/..."}.
 */
public final class SimFaults {

  /** What to do with one request, decided before it reaches its handler. */
  public sealed interface Decision {
    record Proceed(Duration delay) implements Decision {}

    record Fail(Duration delay, int status, Duration retryAfter) implements Decision {}

    record Reset(Duration delay) implements Decision {}

    record Outage() implements Decision {}
  }

  private sealed interface Rule {
    String route();
  }

  private record Latency(String route, Duration delay) implements Rule {}

  private record Errors(String route, double rate, int status, Duration retryAfter)
      implements Rule {}

  private record ConnectionReset(String route, double rate) implements Rule {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private volatile long outageUntilNanos;
  private volatile boolean outageActive;

  public SimFaults latency(String route, Duration delay) {
    rules.add(new Latency(checkRoute(route), delay));
    return this;
  }

  public SimFaults errors(String route, double rate, int status) {
    return errors(route, rate, status, null);
  }

  public SimFaults errors(String route, double rate, int status, Duration retryAfter) {
    checkRate(rate);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("fault status must be 4xx or 5xx: " + status);
    }
    rules.add(new Errors(checkRoute(route), rate, status, retryAfter));
    return this;
  }

  public SimFaults connectionReset(String route, double rate) {
    checkRate(rate);
    rules.add(new ConnectionReset(checkRoute(route), rate));
    return this;
  }

  public SimFaults outage(Duration window) {
    outageUntilNanos = System.nanoTime() + window.toNanos();
    outageActive = true;
    return this;
  }

  public void clear() {
    rules.clear();
    outageActive = false;
  }

  /** Decides the fate of one Kibana request; {@code template} is the matched route template. */
  public Decision decide(String method, String template) {
    if (outageActive && System.nanoTime() - outageUntilNanos < 0) {
      return new Decision.Outage();
    }
    if (rules.isEmpty()) {
      return new Decision.Proceed(Duration.ZERO);
    }
    Duration delay = Duration.ZERO;
    Decision failure = null;
    var random = ThreadLocalRandom.current();
    for (Rule rule : rules) {
      if (!matches(rule.route(), method, template)) {
        continue;
      }
      if (rule instanceof Latency l) {
        delay = delay.plus(l.delay());
      } else if (failure == null && rule instanceof ConnectionReset r && hit(random, r.rate())) {
        failure = new Decision.Reset(Duration.ZERO);
      } else if (failure == null && rule instanceof Errors e && hit(random, e.rate())) {
        failure = new Decision.Fail(Duration.ZERO, e.status(), e.retryAfter());
      }
    }
    if (failure instanceof Decision.Reset) {
      return new Decision.Reset(delay);
    }
    if (failure instanceof Decision.Fail f) {
      return new Decision.Fail(delay, f.status(), f.retryAfter());
    }
    return new Decision.Proceed(delay);
  }

  private static boolean hit(ThreadLocalRandom random, double rate) {
    return rate >= 1.0 || (rate > 0 && random.nextDouble() < rate);
  }

  static boolean matches(String matcher, String method, String template) {
    if ("*".equals(matcher)) {
      return true;
    }
    int space = matcher.indexOf(' ');
    if (space < 0) {
      return matcher.equals(template);
    }
    return matcher.substring(0, space).equalsIgnoreCase(method)
        && matcher.substring(space + 1).equals(template);
  }

  private static String checkRoute(String route) {
    String trimmed = route.trim();
    if (!"*".equals(trimmed) && !trimmed.contains("/")) {
      throw new IllegalArgumentException(
          "route must be \"*\", a template like /api/... or \"METHOD /api/...\": " + route);
    }
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed
        : trimmed.substring(0, space).toUpperCase(Locale.ROOT) + " "
            + trimmed.substring(space + 1).trim();
  }

  private static void checkRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be within 0..1: " + rate);
    }
  }
}

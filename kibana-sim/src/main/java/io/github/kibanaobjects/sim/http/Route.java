package io.github.kibanaobjects.sim.http;

import java.util.EnumSet;
import java.util.Set;

/**
 * One Kibana route: method, template such as {@code /api/saved_objects/{type}/{id}}, handler and
 * the cross-cutting behaviour Kibana attaches to it.
 */
public record Route(String method, String template, Set<Option> options, Handler handler) {

  /** Default {@code server.maxPayload}: 1 MiB. */
  public static final long MAX_PAYLOAD = 1_048_576;

  public enum Option {
    /** {@code router.versioned}: {@code elastic-api-version} is resolved and echoed. */
    VERSIONED,
    /** Declared deprecated: answers carry {@code warning: 299 Kibana-<v> "..."}. */
    DEPRECATED,
    /** {@code access: internal} on serverless. */
    INTERNAL_ON_SERVERLESS,
    /**
     * {@code access: internal} everywhere ({@code /internal/*}): refused without {@code
     * x-elastic-internal-origin} from 9.0 on and on serverless; 8.x only logs.
     */
    INTERNAL,
    /** {@code authRequired: 'optional'} (status). */
    AUTH_OPTIONAL,
    /** Body limit {@code SimConfig.maxImportPayloadBytes} instead of {@link #MAX_PAYLOAD}. */
    IMPORT_PAYLOAD,
    /** A POST that only reads ({@code _bulk_get}, {@code _export}, ...): not a write. */
    READ_ONLY
  }

  @FunctionalInterface
  public interface Handler {
    Reply handle(Exchange exchange);
  }

  public static Route of(String method, String template, Handler handler, Option... options) {
    var set = options.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.of(options[0], options);
    return new Route(method, template, set, handler);
  }

  public boolean has(Option option) {
    return options.contains(option);
  }

  /** Whether a request to this route can change state (what {@code SimCounters} calls a write). */
  public boolean writes() {
    return !method.equals("GET") && !has(Option.READ_ONLY);
  }

  /** The body limit, given {@code savedObjects.maxImportPayloadBytes}. */
  public long maxPayload(long maxImportPayload) {
    return has(Option.IMPORT_PAYLOAD) ? maxImportPayload : MAX_PAYLOAD;
  }

  public String[] segments() {
    return template.substring(1).split("/");
  }
}

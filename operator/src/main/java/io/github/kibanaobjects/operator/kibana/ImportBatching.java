package io.github.kibanaobjects.operator.kibana;

import java.time.Duration;

/**
 * How concurrent upserts to one connection and space are coalesced into one {@code _import}.
 *
 * <p>Kibana refuses a whole import over {@code savedObjects.maxImportExportSize} objects (default
 * 10000; 400 "Can't import more than N objects", create_limit_stream.ts in
 * src/core/packages/saved-objects/import-export-server-internal/src/import/lib/) or over {@code
 * savedObjects.maxImportPayloadBytes} (default 26214400 bytes; 413, the import route's body
 * maxBytes in src/core/packages/saved-objects/server-internal/src/routes/import.ts; both defaults
 * in saved_objects_config.ts). The defaults here stay well under both, and a batch Kibana refuses
 * for its size anyway (its limits were set lower) is split in halves and sent again.
 *
 * @param maxObjects most objects in one import; 1 writes each object with its own request
 * @param maxBytes most NDJSON bytes in one import
 * @param maxWait how long the first object of a batch waits for others to join it
 * @param maxLinger how long it waits at most while other writes to the space are still being
 *     prepared (their charts checked; see {@link SavedObjectsApi#expectUpsert}): without it, writes
 *     that arrive one chart check apart never share an import
 */
public record ImportBatching(int maxObjects, long maxBytes, Duration maxWait, Duration maxLinger) {
  public static final int DEFAULT_MAX_OBJECTS = 500;
  public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(50);

  /**
   * The most allowed: it only holds a batch while announced writes to its space are still on their
   * way, and at a cold start those wait in the chart checker's queue (50 reconciles at about 0.14 s
   * each on 2 cores). With 5 s, a cold start of 1,000 sent 135 imports; with 10 s, 90.
   */
  public static final Duration DEFAULT_MAX_LINGER = Duration.ofSeconds(10);

  /** Kibana's own default limits: a batch is never made larger than these. */
  public static final int KIBANA_MAX_OBJECTS = 10_000;

  public static final long KIBANA_MAX_BYTES = 26_214_400;

  public ImportBatching {
    if (maxObjects < 1 || maxObjects > KIBANA_MAX_OBJECTS) {
      throw new IllegalArgumentException(
          "IMPORT_BATCH_MAX_OBJECTS must be between 1 and "
              + KIBANA_MAX_OBJECTS
              + ", got "
              + maxObjects);
    }
    if (maxBytes < 1 || maxBytes > KIBANA_MAX_BYTES) {
      throw new IllegalArgumentException(
          "IMPORT_BATCH_MAX_BYTES must be between 1 and " + KIBANA_MAX_BYTES + ", got " + maxBytes);
    }
    if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "IMPORT_BATCH_WAIT must be between 0s and 10s, got " + maxWait);
    }
    if (maxLinger.compareTo(maxWait) < 0 || maxLinger.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "IMPORT_BATCH_LINGER must be between IMPORT_BATCH_WAIT (%s) and 10s, got %s"
              .formatted(maxWait, maxLinger));
    }
  }

  public static ImportBatching defaults() {
    return new ImportBatching(
        DEFAULT_MAX_OBJECTS, DEFAULT_MAX_BYTES, DEFAULT_MAX_WAIT, DEFAULT_MAX_LINGER);
  }

  /** One request per object: the per-object mode the scale benchmark compares against. */
  public static ImportBatching perObject() {
    return new ImportBatching(1, DEFAULT_MAX_BYTES, Duration.ZERO, Duration.ZERO);
  }

  /** The same, lingering up to {@code linger} for announced writes. */
  public ImportBatching withMaxLinger(Duration linger) {
    return new ImportBatching(maxObjects, maxBytes, maxWait, linger);
  }

  public boolean batches() {
    return maxObjects > 1;
  }
}

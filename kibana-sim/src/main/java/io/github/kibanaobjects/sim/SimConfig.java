package io.github.kibanaobjects.sim;

/**
 * Everything that is fixed for the lifetime of one simulator: where it listens, which Kibana it
 * pretends to be, and the built-in superuser's credentials.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param kibanaVersion reported by {@code GET /api/status} and in deprecation headers
 * @param serverless serverless flavour: saved-object CRUD routes become internal
 * @param maxImportExportSize {@code savedObjects.maxImportExportSize}: most objects one {@code
 *     _import} or {@code _export} takes (Kibana's default 10000, saved_objects_config.ts in
 *     src/core/packages/saved-objects/base-server-internal)
 * @param maxImportPayloadBytes {@code savedObjects.maxImportPayloadBytes}: the largest {@code
 *     _import} body (default 26214400, the same file; the import route sets it as its body's
 *     maxBytes in src/core/packages/saved-objects/server-internal/src/routes/import.ts)
 */
public record SimConfig(
    int port,
    String kibanaVersion,
    boolean serverless,
    String superuserName,
    String superuserPassword,
    int maxImportExportSize,
    long maxImportPayloadBytes) {

  public static final int DEFAULT_MAX_IMPORT_EXPORT_SIZE = 10_000;
  public static final long DEFAULT_MAX_IMPORT_PAYLOAD_BYTES = 26_214_400;

  /** As Kibana's defaults for the import limits. */
  public SimConfig(
      int port,
      String kibanaVersion,
      boolean serverless,
      String superuserName,
      String superuserPassword) {
    this(
        port,
        kibanaVersion,
        serverless,
        superuserName,
        superuserPassword,
        DEFAULT_MAX_IMPORT_EXPORT_SIZE,
        DEFAULT_MAX_IMPORT_PAYLOAD_BYTES);
  }

  public SimConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!kibanaVersion.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")) {
      throw new IllegalArgumentException("Kibana version must look like 8.19.0: " + kibanaVersion);
    }
    if (maxImportExportSize < 1 || maxImportPayloadBytes < 1) {
      throw new IllegalArgumentException("import limits must be positive");
    }
  }

  public static SimConfig defaults() {
    return new SimConfig(0, "8.19.0", false, "elastic", "changeme");
  }

  public SimConfig withPort(int p) {
    return new SimConfig(
        p,
        kibanaVersion,
        serverless,
        superuserName,
        superuserPassword,
        maxImportExportSize,
        maxImportPayloadBytes);
  }

  public SimConfig withKibanaVersion(String v) {
    return new SimConfig(
        port,
        v,
        serverless,
        superuserName,
        superuserPassword,
        maxImportExportSize,
        maxImportPayloadBytes);
  }

  public SimConfig withServerless(boolean s) {
    return new SimConfig(
        port,
        kibanaVersion,
        s,
        superuserName,
        superuserPassword,
        maxImportExportSize,
        maxImportPayloadBytes);
  }

  public SimConfig withSuperuser(String name, String password) {
    return new SimConfig(
        port,
        kibanaVersion,
        serverless,
        name,
        password,
        maxImportExportSize,
        maxImportPayloadBytes);
  }

  /** Kibana configured with other import limits, e.g. small ones a test can exceed cheaply. */
  public SimConfig withImportLimits(int maxObjects, long maxPayloadBytes) {
    return new SimConfig(
        port,
        kibanaVersion,
        serverless,
        superuserName,
        superuserPassword,
        maxObjects,
        maxPayloadBytes);
  }

  /** The version without {@code -SNAPSHOT}, as Kibana reports it in {@code version.number}. */
  public String versionNumber() {
    return kibanaVersion.replace("-SNAPSHOT", "");
  }

  /**
   * The v2 feature privileges ({@code dashboard_v2}, ...) and {@code replaceDeprecatedPrivileges}
   * exist from 8.18 on (Kibana PR 202863, oss_features.ts); serverless runs the newest code.
   */
  public boolean v2FeaturePrivileges() {
    return serverless || versionAtLeast(8, 18);
  }

  /** 9.0 made {@code server.restrictInternalApis} the default: internal routes need the header. */
  public boolean internalRoutesRestricted() {
    return serverless || versionAtLeast(9, 0);
  }

  /** True when the configured Kibana is at least {@code major.minor}. */
  public boolean versionAtLeast(int major, int minor) {
    String[] parts = versionNumber().split("\\.");
    int ma = Integer.parseInt(parts[0]);
    int mi = Integer.parseInt(parts[1]);
    return ma > major || (ma == major && mi >= minor);
  }
}

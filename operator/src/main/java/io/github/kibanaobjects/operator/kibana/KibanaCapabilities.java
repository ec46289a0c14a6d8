package io.github.kibanaobjects.operator.kibana;

/**
 * What the operator may and must do differently for one Kibana, derived in this one place from
 * {@code GET /api/status} ({@code version.number} and {@code version.build_flavor}). Everything
 * that depends on the Kibana version or flavour asks this record; docs/compatibility.md lists each
 * difference with its source in Kibana.
 *
 * @param version {@code version.number}, e.g. {@code 9.1.3}
 * @param serverless {@code build_flavor: serverless}
 */
public record KibanaCapabilities(String version, boolean serverless) {
  /** Unknown version (e.g. tests that never asked): treated as the oldest supported stateful. */
  public static final KibanaCapabilities UNKNOWN = new KibanaCapabilities("8.8.0", false);

  public static KibanaCapabilities of(KibanaStatus status) {
    return new KibanaCapabilities(status.version(), status.serverless());
  }

  /**
   * As a KibanaConnection's status recorded them ({@code kibanaVersion}, {@code kibanaFlavor});
   * {@link #UNKNOWN} when no version was recorded.
   */
  public static KibanaCapabilities recorded(String version, String flavor) {
    return version == null || version.isBlank()
        ? UNKNOWN
        : of(new KibanaStatus(version.trim(), flavor, null));
  }

  /** {@code traditional} or {@code serverless}, as Kibana names the flavour. */
  public String flavor() {
    return serverless ? "serverless" : "traditional";
  }

  /**
   * The v2 feature privileges ({@code dashboard_v2}, ...) and {@code savedQueryManagement} replace
   * the v1 ones from 8.18 on (Kibana PR 202863; x-pack/platform/plugins/shared/features/
   * server/oss_features.ts); serverless always runs the newest code.
   */
  public boolean v2FeaturePrivileges() {
    return serverless || atLeast(8, 18);
  }

  /**
   * {@code GET /api/security/role[/{name}]} accepts {@code replaceDeprecatedPrivileges} where the
   * v2 privileges exist (routes/authorization/roles/get.ts, get_all.ts); an older Kibana's query
   * schema refuses unknown keys with 400.
   */
  public boolean replaceDeprecatedPrivilegesParameter() {
    return v2FeaturePrivileges();
  }

  /**
   * Saved-object CRUD, {@code _bulk_get} and {@code _find} are {@code access: internal} on
   * serverless (400 without {@code x-elastic-internal-origin}); reads go through {@code _export}.
   */
  public boolean savedObjectCrudPublic() {
    return !serverless;
  }

  /** Serverless custom roles cannot use {@code run_as}. */
  public boolean runAsAllowed() {
    return !serverless;
  }

  /** Roles take {@code description} from 8.15 (elastic/kibana#182039); older ones refuse it. */
  public boolean roleDescription() {
    return serverless || atLeast(8, 15);
  }

  /** Spaces take {@code solution} on stateful 8.16 and later only. */
  public boolean spaceSolution() {
    return !serverless && atLeast(8, 16);
  }

  /**
   * Since 9.0 every {@code /internal/*} route answers 400 without {@code x-elastic-internal-origin}
   * ({@code server.restrictInternalApis} defaults to true); the operator calls none of them.
   */
  public boolean internalRoutesRestricted() {
    return serverless || atLeast(9, 0);
  }

  /**
   * The vega and vega-lite major this Kibana draws charts with: 6 from the releases that carry
   * Kibana's move to vega 6 (elastic/kibana#238618, backported to 9.2, 9.1 and 8.19 on 2025-12-05
   * by #245387, #245388 and #245389) and vega-lite 6 with a v6 default {@code $schema}
   * (elastic/kibana#245462, 2025-12-06), 5 before. The first release of each line cut after those
   * merges is inferred, not read from release notes: 8.19.9, 9.1.9, 9.2.3, and 9.3.0. Serverless
   * runs the newest code. See docs/compatibility.md.
   */
  public int vegaMajor() {
    if (serverless
        || atLeast(9, 3)
        || atLeastPatch(9, 2, 3)
        || atLeastPatch(9, 1, 9) && !atLeast(9, 2)
        || atLeastPatch(8, 19, 9) && !atLeast(9, 0)) {
      return 6;
    }
    return 5;
  }

  /** Whether this Kibana is at least {@code major.minor.patch}; unparsable counts as newest. */
  private boolean atLeastPatch(int major, int minor, int patch) {
    if (!atLeast(major, minor)) {
      return false;
    }
    var parts = version.split("[.-]");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      int pa = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
      return ma > major || mi > minor || pa >= patch;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * Whether this Kibana is at least {@code major.minor}; an unparsable version counts as newest.
   */
  public boolean atLeast(int major, int minor) {
    var parts = version.split("[.-]");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return true;
    }
  }
}

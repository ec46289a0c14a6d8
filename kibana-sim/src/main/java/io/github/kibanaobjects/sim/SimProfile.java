package io.github.kibanaobjects.sim;

/**
 * The Kibana versions and flavours the simulator reproduces; each is a {@link SimConfig}. What each
 * one does differently is listed in kibana-sim/README.md ("Version profiles").
 */
public enum SimProfile {
  /** Stateful 8.11: v1 feature privileges only, no deprecation headers, internal routes open. */
  KIBANA_8_11("8.11.4", false),
  /**
   * Stateful 8.19: v1 and v2 feature privileges, {@code replaceDeprecatedPrivileges}, deprecation
   * {@code warning} headers on the saved-object CRUD routes; internal routes still open.
   */
  KIBANA_8_19("8.19.0", false),
  /** Stateful 9.1: as 8.19, and every {@code /internal/*} route refused without the header. */
  KIBANA_9_1("9.1.3", false),
  /**
   * Serverless: as 9.1, and saved-object CRUD internal, no {@code run_as} on custom roles, spaces
   * refuse {@code solution} and {@code disabledFeatures}.
   */
  SERVERLESS("9.1.0", true);

  private final String version;
  private final boolean serverless;

  SimProfile(String version, boolean serverless) {
    this.version = version;
    this.serverless = serverless;
  }

  public SimConfig config() {
    return SimConfig.defaults().withKibanaVersion(version).withServerless(serverless);
  }

  public String version() {
    return version;
  }

  public boolean serverless() {
    return serverless;
  }
}

package io.github.kibanaobjects.sandbox.preview;

import java.util.regex.Pattern;

/**
 * The vega, vega-lite and vega-embed releases a preview draws with, by the library major the target
 * Kibana bundles. vega and vega-lite are the operator's vendored bundles ({@code vega-bundles/} on
 * the classpath); vega-embed is vendored in the sandbox ({@code preview/}), in the release whose
 * peer and development dependencies cover those versions (6.29.0: vega ^5.21, built against vega
 * 5.30 and vega-lite 5.21; 7.1.0: built against vega 6.1 and vega-lite 6.2). {@code
 * preview/SHA256SUMS} pins all of them.
 *
 * <p>Kibana 8.x bundled vega 5 and vega-lite 5. In December 2025 Kibana moved to vega 6
 * (elastic/kibana#238618, backported to 9.2, 9.1 and 8.19 by #245387, #245388 and #245389) and
 * vega-lite 6 (elastic/kibana#245462, backported to 8.19 by #245703). The first releases cut after
 * those merges are taken to carry them: 8.19.9, 9.1.9, 9.2.3 and every 9.3 or later.
 */
public enum PreviewLibraries {
  V5("5.33.0", "5.23.0", "6.29.0"),
  V6("6.2.0", "6.4.1", "7.1.0");

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

  private final String vega;
  private final String vegaLite;
  private final String vegaEmbed;

  PreviewLibraries(String vega, String vegaLite, String vegaEmbed) {
    this.vega = vega;
    this.vegaLite = vegaLite;
    this.vegaEmbed = vegaEmbed;
  }

  public String vega() {
    return vega;
  }

  public String vegaLite() {
    return vegaLite;
  }

  public String vegaEmbed() {
    return vegaEmbed;
  }

  /** The script files a page loads, in order (vega-embed needs the other two). */
  public java.util.List<String> scripts() {
    return java.util.List.of(
        "vega-" + vega + ".min.js",
        "vega-lite-" + vegaLite + ".min.js",
        "vega-embed-" + vegaEmbed + ".min.js");
  }

  /** "vega 5.33.0, vega-lite 5.23.0, vega-embed 6.29.0". */
  public String describe() {
    return "vega " + vega + ", vega-lite " + vegaLite + ", vega-embed " + vegaEmbed;
  }

  /** {@code v5} or {@code v6}, as in {@code ?libraries=v6}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The libraries named by {@link #key()}; empty for anything else. */
  public static java.util.Optional<PreviewLibraries> ofKey(String key) {
    for (var libraries : values()) {
      if (libraries.key().equals(key)) {
        return java.util.Optional.of(libraries);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The libraries a Kibana version draws with; a version not known (the connection has not reported
   * one) gets the 5.x libraries, which every 8.x Kibana has.
   */
  public static PreviewLibraries forKibana(String kibanaVersion) {
    var matcher = VERSION.matcher(kibanaVersion == null ? "" : kibanaVersion.trim());
    if (!matcher.matches()) {
      return V5;
    }
    int major = Integer.parseInt(matcher.group(1));
    int minor = Integer.parseInt(matcher.group(2));
    int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
    if (major > 9 || (major == 9 && minor >= 3)) {
      return V6;
    }
    boolean moved =
        (major == 9 && minor == 2 && patch >= 3)
            || (major == 9 && minor == 1 && patch >= 9)
            || (major == 8 && minor == 19 && patch >= 9);
    return moved ? V6 : V5;
  }
}

package io.github.kibanaobjects.sandbox.preview;

import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.validation.VegaLibraries;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The vega, vega-lite and vega-embed releases a preview draws with, by the library major the target
 * Kibana bundles. vega and vega-lite are the operator's vendored bundles ({@code vega-bundles/} on
 * the classpath); vega-embed is vendored in the sandbox ({@code preview/}), in the release whose
 * peer and development dependencies cover those versions (6.29.0: vega ^5.21, built against vega
 * 5.30 and vega-lite 5.21; 7.1.0: built against vega 6.1 and vega-lite 6.2). {@code
 * preview/SHA256SUMS} pins all of them.
 *
 * <p>Which major a Kibana draws with is the operator's decision ({@link
 * KibanaCapabilities#vegaMajor()}), so a preview shows what the operator checked and Kibana draws.
 */
public enum PreviewLibraries {
  V5(VegaLibraries.V5, "6.29.0"),
  V6(VegaLibraries.V6, "7.1.0");

  private final VegaLibraries libraries;
  private final String vegaEmbed;

  PreviewLibraries(VegaLibraries libraries, String vegaEmbed) {
    this.libraries = libraries;
    this.vegaEmbed = vegaEmbed;
  }

  public String vega() {
    return libraries.vegaVersion();
  }

  public String vegaLite() {
    return libraries.vegaLiteVersion();
  }

  public String vegaEmbed() {
    return vegaEmbed;
  }

  /** The script files a page loads, in order (vega-embed needs the other two). */
  public List<String> scripts() {
    return List.of(
        "vega-" + vega() + ".min.js",
        "vega-lite-" + vegaLite() + ".min.js",
        "vega-embed-" + vegaEmbed + ".min.js");
  }

  /** "vega 5.33.0, vega-lite 5.23.0, vega-embed 6.29.0". */
  public String describe() {
    return "vega " + vega() + ", vega-lite " + vegaLite() + ", vega-embed " + vegaEmbed;
  }

  /** {@code v5} or {@code v6}, as in {@code ?libraries=v6}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The libraries named by {@link #key()}; empty for anything else. */
  public static Optional<PreviewLibraries> ofKey(String key) {
    for (var libraries : values()) {
      if (libraries.key().equals(key)) {
        return Optional.of(libraries);
      }
    }
    return Optional.empty();
  }

  /** The preview of what the operator checks charts with. */
  public static PreviewLibraries of(VegaLibraries checked) {
    for (var libraries : values()) {
      if (libraries.libraries == checked) {
        return libraries;
      }
    }
    throw new IllegalArgumentException("no preview libraries for " + checked);
  }

  /**
   * The libraries a Kibana draws with, by the version and flavour its connection reports; a
   * connection that has reported none yet gets the oldest supported Kibana's.
   *
   * @param flavor {@code version.build_flavor}: {@code serverless} or {@code traditional}
   */
  public static PreviewLibraries forKibana(String kibanaVersion, String flavor) {
    return of(VegaLibraries.forKibana(KibanaCapabilities.recorded(kibanaVersion, flavor)));
  }
}

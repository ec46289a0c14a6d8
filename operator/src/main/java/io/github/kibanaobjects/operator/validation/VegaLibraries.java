package io.github.kibanaobjects.operator.validation;

import io.github.kibanaobjects.operator.kibana.KibanaCapabilities;
import io.github.kibanaobjects.operator.mapping.DesiredStateHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The vega and vega-lite releases charts are checked with, one pair per library major a Kibana
 * bundles ({@link KibanaCapabilities#vegaMajor()} says which). The bundles are the packages'
 * published UMD builds, vendored under {@code src/main/resources/vega-bundles/} with their SHA-256
 * in {@code vega-bundles/SHA256SUMS}; {@code scripts/update-vega-bundles.sh} refreshes both.
 */
public enum VegaLibraries {
  V5("5.33.0", "5.23.0"),
  V6("6.2.0", "6.4.1");

  static final String DIRECTORY = "/vega-bundles/";

  private final String vegaVersion;
  private final String vegaLiteVersion;

  VegaLibraries(String vegaVersion, String vegaLiteVersion) {
    this.vegaVersion = vegaVersion;
    this.vegaLiteVersion = vegaLiteVersion;
  }

  /** The libraries of this vega(-lite) major (5 or 6). */
  public static VegaLibraries ofMajor(int major) {
    return major >= 6 ? V6 : V5;
  }

  /** The libraries the Kibana draws charts with. */
  public static VegaLibraries forKibana(KibanaCapabilities kibana) {
    return ofMajor(kibana.vegaMajor());
  }

  /** The libraries of the Kibana that reports this version and flavour. */
  public static VegaLibraries forKibana(String version, boolean serverless) {
    return forKibana(new KibanaCapabilities(version, serverless));
  }

  public String vegaVersion() {
    return vegaVersion;
  }

  public String vegaLiteVersion() {
    return vegaLiteVersion;
  }

  /** "vega-lite 5.23.0 and vega 5.33.0", for messages. */
  public String describe() {
    return "vega-lite " + vegaLiteVersion + " and vega " + vegaVersion;
  }

  String vegaBundleName() {
    return "vega-" + vegaVersion + ".min.js";
  }

  String vegaLiteBundleName() {
    return "vega-lite-" + vegaLiteVersion + ".min.js";
  }

  /**
   * A bundle's text, after its SHA-256 matched the pinned one: a bundle that was changed or damaged
   * must never judge charts.
   *
   * @throws IllegalStateException when the bundle or its pinned sum is missing or the sums differ
   */
  static String verifiedBundle(String name) {
    var bytes = classpath(name);
    var pinned = Pins.SUMS.get(name);
    if (pinned == null) {
      throw new IllegalStateException("vega-bundles/SHA256SUMS pins no SHA-256 for " + name);
    }
    var actual = DesiredStateHash.sha256(bytes);
    if (!actual.equals(pinned)) {
      throw new IllegalStateException(
          "vega-bundles/%s has SHA-256 %s, but SHA256SUMS pins %s: the bundle was changed; run"
                  .formatted(name, actual, pinned)
              + " scripts/update-vega-bundles.sh to refresh bundles and sums together");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The pinned sums, as {@code sha256sum} writes them: "hex name" per line. */
  static Map<String, String> pinnedSums() {
    return Pins.SUMS;
  }

  private static byte[] classpath(String name) {
    try (InputStream in = VegaLibraries.class.getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalStateException("vega-bundles/" + name + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Pins {
    static final Map<String, String> SUMS = read();

    private static Map<String, String> read() {
      var sums = new HashMap<String, String>();
      var text = new String(classpath("SHA256SUMS"), StandardCharsets.UTF_8);
      for (var line : text.split("\n")) {
        var parts = line.trim().split("\\s+\\*?", 2);
        if (parts.length == 2) {
          sums.put(parts[1].trim(), parts[0].toLowerCase(java.util.Locale.ROOT));
        }
      }
      return Map.copyOf(sums);
    }
  }
}

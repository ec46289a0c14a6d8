package io.github.kibanaobjects.sandbox.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.validation.VegaLibraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vendored libraries are the pinned bytes, and each Kibana version gets its major. */
class PreviewLibrariesTest {

  /** SHA256SUMS: "<sha-256> <classpath resource>" per line. */
  private static Map<String, String> pinned() throws IOException {
    var sums =
        new String(PreviewServer.read("preview/SHA256SUMS").orElseThrow(), StandardCharsets.UTF_8);
    var pinned = new LinkedHashMap<String, String>();
    for (var line : sums.split("\n")) {
      if (!line.isBlank()) {
        var parts = line.trim().split("\\s+", 2);
        pinned.put(parts[1], parts[0]);
      }
    }
    return pinned;
  }

  @Test
  void everyServedLibraryFileIsPinnedAndHasThePinnedBytes() throws Exception {
    var pinned = pinned();
    // Every file a page can load (and its license) is pinned; nothing is pinned that is not served.
    assertThat(pinned.keySet())
        .containsExactlyInAnyOrderElementsOf(PreviewServer.libraryFiles().values());
    for (var entry : pinned.entrySet()) {
      var bytes = PreviewServer.read(entry.getKey());
      assertThat(bytes).as(entry.getKey() + " on the classpath").isPresent();
      assertThat(sha256(bytes.get())).as(entry.getKey()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void eachMajorLoadsItsOwnVegaAndVegaLiteBeforeVegaEmbed() {
    assertThat(PreviewLibraries.V5.scripts())
        .containsExactly(
            "vega-5.33.0.min.js", "vega-lite-5.23.0.min.js", "vega-embed-6.29.0.min.js");
    assertThat(PreviewLibraries.V6.scripts())
        .containsExactly("vega-6.2.0.min.js", "vega-lite-6.4.1.min.js", "vega-embed-7.1.0.min.js");
  }

  @ParameterizedTest
  @CsvSource({
    "8.11.0, V5",
    "8.19.0, V5",
    "8.19.8, V5",
    "8.19.9, V6",
    "9.1.8, V5",
    "9.1.9, V6",
    "9.2.2, V5",
    "9.2.3, V6",
    "9.3.0, V6",
    "10.0.0, V6",
    "9.3.0-SNAPSHOT, V6"
  })
  void kibanaVersionsGetTheLibrariesTheyBundle(String version, PreviewLibraries expected) {
    assertThat(PreviewLibraries.forKibana(version, "traditional")).isEqualTo(expected);
  }

  @Test
  void serverlessDrawsWithTheNewestLibrariesWhateverItsVersionNumber() {
    // serverless reports a stateful-looking version but runs the newest code
    assertThat(PreviewLibraries.forKibana("8.11.0", "serverless")).isEqualTo(PreviewLibraries.V6);
  }

  @Test
  void previewsDrawWithWhatTheOperatorChecksWith() {
    for (var version : new String[] {"8.11.0", "8.19.9", "9.2.2", "9.3.0"}) {
      for (var serverless : new boolean[] {false, true}) {
        var checked = VegaLibraries.forKibana(version, serverless);
        var preview =
            PreviewLibraries.forKibana(version, serverless ? "serverless" : "traditional");
        assertThat(preview.vega()).as(version).isEqualTo(checked.vegaVersion());
        assertThat(preview.vegaLite()).as(version).isEqualTo(checked.vegaLiteVersion());
      }
    }
  }

  @Test
  void noVersionYetMeansTheFiveLibraries() {
    assertThat(PreviewLibraries.forKibana(null, null)).isEqualTo(PreviewLibraries.V5);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

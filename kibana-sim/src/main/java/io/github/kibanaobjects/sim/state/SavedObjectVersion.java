package io.github.kibanaobjects.sim.state;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Kibana's opaque saved-object {@code version}: base64 of the JSON [seq_no, primary_term]. */
public final class SavedObjectVersion {

  public record Decoded(long seqNo, long primaryTerm) {}

  private SavedObjectVersion() {}

  public static String encode(long seqNo, long primaryTerm) {
    String json = "[" + seqNo + "," + primaryTerm + "]";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns null when the string is not a version Kibana could have produced. */
  public static Decoded decode(String version) {
    try {
      String json = new String(Base64.getDecoder().decode(version), StandardCharsets.UTF_8);
      if (!json.matches("\\[\\d+,\\d+]")) {
        return null;
      }
      String[] parts = json.substring(1, json.length() - 1).split(",");
      return new Decoded(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

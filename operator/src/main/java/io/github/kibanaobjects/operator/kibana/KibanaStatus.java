package io.github.kibanaobjects.operator.kibana;

/**
 * What {@code GET /api/status} tells about a Kibana.
 *
 * @param version {@code version.number}, without any {@code -SNAPSHOT} suffix (e.g. {@code 8.19.0})
 * @param buildFlavor {@code traditional} or {@code serverless}
 * @param overallLevel {@code available}, {@code degraded}, {@code unavailable} or {@code critical}
 */
public record KibanaStatus(String version, String buildFlavor, String overallLevel) {
  public boolean serverless() {
    return "serverless".equals(buildFlavor);
  }

  public boolean available() {
    return "available".equals(overallLevel);
  }
}

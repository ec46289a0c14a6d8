package io.github.kibanaobjects.operator.mapping;

/** Links into Kibana's apps, as the status {@code url} fields give them. */
public final class KibanaUrls {
  private KibanaUrls() {}

  /**
   * {@code <kibana url>[/s/<space>]}: where a space's apps live. The default space has no prefix.
   */
  public static String inSpace(String kibanaBaseUrl, String space) {
    var base =
        kibanaBaseUrl.endsWith("/")
            ? kibanaBaseUrl.substring(0, kibanaBaseUrl.length() - 1)
            : kibanaBaseUrl;
    var spacePrefix =
        space == null || space.isEmpty() || space.equals("default") ? "" : "/s/" + space;
    return base + spacePrefix;
  }
}

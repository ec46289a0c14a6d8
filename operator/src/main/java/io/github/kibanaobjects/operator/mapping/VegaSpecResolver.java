package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchData;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a KibanaVisualization's chart ({@code vegaLite}, {@code vega}, {@code spec} or the text
 * read for {@code specFrom}) into the spec text Kibana stores in {@code visState.params.spec}.
 *
 * <p>Objects are written as two-space indented JSON so they read well in Kibana's editor. Text is
 * kept as the user wrote it (Kibana parses it as HJSON, so comments and unquoted keys are fine),
 * unless {@code elasticsearchData} asks for the data source to be rewritten, which writes JSON.
 */
public final class VegaSpecResolver {
  public static final String VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
  public static final String VEGA_SCHEMA = "https://vega.github.io/schema/vega/v5.json";

  // What Kibana's Vega parser accepts as a $schema URL; the first group names the library.
  private static final Pattern SCHEMA_URL =
      Pattern.compile("^https?://vega\\.github\\.io/schema/([\\w-]+)/([\\w.-]+)\\.json$");

  /** The two chart grammars Kibana renders. */
  public enum Library {
    VEGA("vega", VEGA_SCHEMA),
    VEGA_LITE("vega-lite", VEGA_LITE_SCHEMA);

    private final String urlName;
    private final String defaultSchema;

    Library(String urlName, String defaultSchema) {
      this.urlName = urlName;
      this.defaultSchema = defaultSchema;
    }

    public String defaultSchema() {
      return defaultSchema;
    }

    /** The library a {@code $schema} URL names, or null when Kibana would not accept the URL. */
    public static Library ofSchemaUrl(String url) {
      var matcher = SCHEMA_URL.matcher(url == null ? "" : url.trim());
      if (!matcher.matches()) {
        return null;
      }
      for (var library : values()) {
        if (library.urlName.equals(matcher.group(1))) {
          return library;
        }
      }
      return null;
    }
  }

  private VegaSpecResolver() {}

  /**
   * Checks that exactly one chart source is set, before anything is read for it (so a second source
   * is reported as such, not as a missing ConfigMap).
   *
   * @throws OperatorException {@link Reason#INVALID_SPEC} otherwise
   */
  public static void requireOneSource(KibanaVisualizationSpec spec) {
    int sources =
        (spec.hasVegaLite() ? 1 : 0)
            + (spec.hasVega() ? 1 : 0)
            + (spec.getSpec() != null ? 1 : 0)
            + (spec.getSpecFrom() != null ? 1 : 0);
    if (sources != 1) {
      throw invalid("set exactly one of vegaLite, vega, spec and specFrom (found " + sources + ")");
    }
  }

  /**
   * The chart of a visualization, ready to send and to validate: the spec text Kibana stores, the
   * library it is written for, the parsed tree of that text, and (for an Elasticsearch-bound chart)
   * the inline rows it had, as search hits, so the real libraries can run it on data shaped like
   * Elasticsearch's answer.
   *
   * @param sampleHits {@code hits.hits} of a sample search response: the chart's own inline rows
   *     each under {@code _source}; empty when the chart is not bound to Elasticsearch
   */
  public record Chart(String text, Library library, JsonNode tree, JsonNode sampleHits) {}

  /**
   * The spec text for a visualization.
   *
   * @param specFromText the ConfigMap value named by {@code spec.specFrom}, already read by the
   *     caller; ignored unless {@code specFrom} is the chart's source
   * @throws OperatorException {@link Reason#INVALID_SPEC} when the chart cannot be used, {@link
   *     Reason#SPEC_SOURCE_NOT_FOUND} when {@code specFrom} is the source but no text was read
   */
  public static String resolve(KibanaVisualizationSpec spec, String specFromText) {
    return resolveChart(spec, specFromText).text();
  }

  /** As {@link #resolve}, with what validation needs besides the text. */
  public static Chart resolveChart(KibanaVisualizationSpec spec, String specFromText) {
    requireOneSource(spec);
    var data = spec.getElasticsearchData();
    if (spec.hasVegaLite()) {
      return fromObjectChart(spec.getVegaLite(), Library.VEGA_LITE, data);
    }
    if (spec.hasVega()) {
      return fromObjectChart(spec.getVega(), Library.VEGA, data);
    }
    if (spec.getSpec() != null) {
      return fromTextChart(spec.getSpec(), data);
    }
    if (specFromText == null) {
      var ref = spec.getSpecFrom().getConfigMapKeyRef();
      var where = ref == null ? "specFrom" : "ConfigMap " + ref.getName() + " key " + ref.getKey();
      throw new OperatorException(Reason.SPEC_SOURCE_NOT_FOUND, "no chart was read from " + where);
    }
    return fromTextChart(specFromText, data);
  }

  /**
   * A chart given as an object: adds the library's default {@code $schema} when there is none,
   * applies {@code data} (may be null), and pretty-prints.
   */
  public static String fromObject(JsonNode chart, Library library, ElasticsearchData data) {
    return fromObjectChart(chart, library, data).text();
  }

  private static Chart fromObjectChart(JsonNode chart, Library library, ElasticsearchData data) {
    var field = library == Library.VEGA ? "vega" : "vegaLite";
    if (chart == null || !chart.isObject()) {
      throw invalid(field + " must be a JSON object");
    }
    var withSchema = (ObjectNode) chart.deepCopy();
    var schema = withSchema.get("$schema");
    if (schema == null || schema.isNull()) {
      // $schema first, where people look for it.
      var ordered = JsonTrees.MAPPER.createObjectNode().put("$schema", library.defaultSchema());
      withSchema.remove("$schema");
      ordered.setAll(withSchema);
      withSchema = ordered;
    } else {
      var declared = libraryOf(schema, field);
      if (declared != library) {
        throw invalid(
            field
                + " holds a chart whose $schema "
                + schema.asText()
                + " is "
                + declared.urlName
                + "; put it under "
                + (declared == Library.VEGA ? "vega" : "vegaLite")
                + " instead");
      }
    }
    var hits = JsonTrees.MAPPER.createArrayNode();
    if (data != null) {
      hits = ElasticsearchDataBinding.apply(withSchema, library, data);
    }
    return new Chart(JsonTrees.pretty(withSchema), library, withSchema, hits);
  }

  /**
   * A chart given as text (JSON or HJSON, read by {@link ChartText}). It must carry a {@code
   * $schema}; it is kept as written unless {@code data} (may be null) asks for a rewrite, which
   * writes it as JSON.
   */
  public static String fromText(String text, ElasticsearchData data) {
    return fromTextChart(text, data).text();
  }

  private static Chart fromTextChart(String text, ElasticsearchData data) {
    var parsed = ChartText.parse(text).tree();
    if (!parsed.isObject()) {
      throw invalid(
          "the chart must be a JSON object, not "
              + parsed.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    var schema = parsed.get("$schema");
    if (schema == null || schema.isNull()) {
      throw invalid(
          "the chart has no $schema; Kibana needs it to tell Vega from Vega-Lite: add \"$schema\":"
              + " \""
              + VEGA_LITE_SCHEMA
              + "\" or \""
              + VEGA_SCHEMA
              + "\"");
    }
    var library = libraryOf(schema, "the chart");
    if (data == null) {
      return new Chart(text, library, parsed, JsonTrees.MAPPER.createArrayNode());
    }
    var hits = ElasticsearchDataBinding.apply((ObjectNode) parsed, library, data);
    return new Chart(JsonTrees.pretty(parsed), library, parsed, hits);
  }

  private static Library libraryOf(JsonNode schema, String where) {
    var library = schema.isTextual() ? Library.ofSchemaUrl(schema.textValue()) : null;
    if (library == null) {
      throw invalid(
          where
              + " has $schema "
              + schema
              + ", which Kibana does not accept; use "
              + VEGA_LITE_SCHEMA
              + " or "
              + VEGA_SCHEMA);
    }
    return library;
  }

  private static OperatorException invalid(String message) {
    return new OperatorException(Reason.INVALID_SPEC, message);
  }
}

package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The preview pages as HTML: an index, one page per visualization, one per dashboard. Each page
 * loads the vendored libraries from {@code /lib/} (nothing from the internet) and {@code
 * /preview.js}, which draws every chart of the {@code preview-charts} JSON block with vega-embed.
 */
public final class PreviewPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Kibana's dashboard grid: 48 columns, rows of 20 pixels, 8 pixels between panels. */
  static final int GRID_COLUMNS = 48;

  static final int GRID_ROW_HEIGHT = 20;
  static final int GRID_MARGIN = 8;

  private PreviewPages() {}

  /** The JSON of one chart: what its page embeds and what {@code <path>.json} serves. */
  public static ObjectNode chartJson(Previews.Chart chart) {
    var node = NODES.objectNode();
    node.put("namespace", chart.namespace()).put("name", chart.name()).put("title", chart.title());
    node.put("library", chart.library());
    libraries(node.putObject("libraries"), chart.libraries());
    node.put("elasticsearchIndex", chart.index());
    node.put("sampleDocuments", chart.sampleDocuments());
    node.set("spec", chart.spec());
    node.put("error", chart.error());
    return node;
  }

  public static ObjectNode dashboardJson(Previews.Dashboard dashboard) {
    var node = NODES.objectNode();
    node.put("namespace", dashboard.namespace())
        .put("name", dashboard.name())
        .put("title", dashboard.title());
    libraries(node.putObject("libraries"), dashboard.libraries());
    var panels = node.putArray("panels");
    for (var panel : dashboard.panels()) {
      var p = panels.addObject();
      p.put("x", panel.x()).put("y", panel.y()).put("w", panel.w()).put("h", panel.h());
      p.put("title", panel.title());
      if (panel.chart() != null) {
        p.set("chart", chartJson(panel.chart()));
      } else {
        p.put("savedObject", panel.savedObject());
      }
    }
    return node;
  }

  /**
   * Every page, for tools (the browser check) that open them all: {@code pages} with the libraries
   * of each resource's Kibana, {@code otherLibraries} the same pages with the other major.
   */
  public static ObjectNode indexJson(List<Previews.Chart> charts, List<Previews.Dashboard> boards) {
    var node = NODES.objectNode();
    var pages = node.putArray("pages");
    var others = node.putArray("otherLibraries");
    charts.forEach(
        chart -> {
          pages.add(chart.path());
          others.add(chart.path() + "?libraries=" + other(chart.libraries()).key());
        });
    boards.forEach(
        board -> {
          pages.add(board.path());
          others.add(board.path() + "?libraries=" + other(board.libraries()).key());
        });
    return node;
  }

  static PreviewLibraries other(PreviewLibraries libraries) {
    return libraries == PreviewLibraries.V5 ? PreviewLibraries.V6 : PreviewLibraries.V5;
  }

  private static void otherLink(StringBuilder html, String path, PreviewLibraries libraries) {
    var other = other(libraries);
    html.append(" (<a href=\"")
        .append(escape(path + "?libraries=" + other.key()))
        .append("\">with vega ")
        .append(escape(other.vega()))
        .append("</a>)");
  }

  private static void libraries(ObjectNode node, PreviewLibraries libraries) {
    node.put("vega", libraries.vega())
        .put("vegaLite", libraries.vegaLite())
        .put("vegaEmbed", libraries.vegaEmbed());
  }

  public static String index(List<Previews.Chart> charts, List<Previews.Dashboard> boards) {
    var html = new StringBuilder();
    head(html, "Chart previews", List.of());
    html.append("<h1>Chart previews</h1>\n<p>Each chart as the operator sends it to Kibana, drawn")
        .append(" with the vega and vega-lite releases of the connection's Kibana version.")
        .append(" Charts bound to Elasticsearch are drawn on sample documents: their own inline")
        .append(" rows, shaped like Elasticsearch's answer.</p>\n");
    html.append("<h2>Dashboards</h2>\n<table><tr><th>Dashboard</th><th>Title</th><th>Panels</th>")
        .append("<th>Libraries</th></tr>\n");
    for (var board : boards) {
      row(
          html,
          board.path(),
          board.namespace() + "/" + board.name(),
          board.title(),
          Integer.toString(board.panels().size()),
          board.libraries());
    }
    html.append("</table>\n<h2>Visualizations</h2>\n<table><tr><th>Visualization</th>")
        .append("<th>Title</th><th>Data</th><th>Libraries</th></tr>\n");
    for (var chart : charts) {
      row(
          html,
          chart.path(),
          chart.namespace() + "/" + chart.name(),
          chart.title(),
          dataOf(chart),
          chart.libraries());
    }
    html.append("</table>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void row(
      StringBuilder html,
      String path,
      String resource,
      String title,
      String detail,
      PreviewLibraries libraries) {
    html.append("<tr><td><a href=\"")
        .append(escape(path))
        .append("\">")
        .append(escape(resource))
        .append("</a></td><td>")
        .append(escape(title))
        .append("</td><td>")
        .append(escape(detail))
        .append("</td><td>")
        .append(escape(libraries.describe()));
    otherLink(html, path, libraries);
    html.append("</td></tr>\n");
  }

  private static String dataOf(Previews.Chart chart) {
    if (chart.error() != null) {
      return "cannot be drawn: " + chart.error();
    }
    if (chart.index() != null) {
      return "Elasticsearch index "
          + chart.index()
          + ", "
          + chart.sampleDocuments()
          + " sample documents";
    }
    return "inline";
  }

  public static String visualization(Previews.Chart chart) {
    var html = new StringBuilder();
    head(html, chart.title(), chart.libraries().scripts());
    html.append("<p><a href=\"/\">All previews</a></p>\n<h1>")
        .append(escape(chart.title()))
        .append("</h1>\n<p class=\"meta\">KibanaVisualization ")
        .append(escape(chart.namespace() + "/" + chart.name()))
        .append(" &middot; ")
        .append(escape(chart.library() == null ? "" : chart.library()))
        .append(" &middot; data: ")
        .append(escape(dataOf(chart)))
        .append(" &middot; ")
        .append(escape(chart.libraries().describe()))
        .append("</p>\n<div class=\"chart\" id=\"chart-0\"></div>\n");
    var charts = NODES.arrayNode();
    charts.add(chartEntry("chart-0", chart));
    charts(html, charts);
    return html.toString();
  }

  public static String dashboard(Previews.Dashboard dashboard) {
    var html = new StringBuilder();
    head(html, dashboard.title(), dashboard.libraries().scripts());
    html.append("<p><a href=\"/\">All previews</a></p>\n<h1>")
        .append(escape(dashboard.title()))
        .append("</h1>\n<p class=\"meta\">KibanaDashboard ")
        .append(escape(dashboard.namespace() + "/" + dashboard.name()))
        .append(" &middot; ")
        .append(GRID_COLUMNS)
        .append("-column grid &middot; ")
        .append(escape(dashboard.libraries().describe()))
        .append("</p>\n<div class=\"grid\">\n");
    var charts = NODES.arrayNode();
    var panels = dashboard.panels();
    for (int i = 0; i < panels.size(); i++) {
      var panel = panels.get(i);
      html.append("<section class=\"panel\" style=\"grid-column: ")
          .append(panel.x() + 1)
          .append(" / span ")
          .append(panel.w())
          .append("; grid-row: ")
          .append(panel.y() + 1)
          .append(" / span ")
          .append(panel.h())
          .append("\"><h2>")
          .append(escape(panel.title() == null ? "" : panel.title()))
          .append("</h2>");
      if (panel.chart() != null) {
        var id = "chart-" + i;
        html.append("<div class=\"chart\" id=\"").append(id).append("\"></div>");
        charts.add(chartEntry(id, panel.chart()));
      } else {
        html.append("<p class=\"meta\">saved object ")
            .append(escape(panel.savedObject()))
            .append(": not a KibanaVisualization, not drawn here</p>");
      }
      html.append("</section>\n");
    }
    html.append("</div>\n");
    charts(html, charts);
    return html.toString();
  }

  private static ObjectNode chartEntry(String id, Previews.Chart chart) {
    var entry =
        NODES.objectNode().put("id", id).put("name", chart.namespace() + "/" + chart.name());
    if (chart.error() != null) {
      entry.put("error", chart.error());
    } else {
      entry.set("spec", chart.spec());
    }
    return entry;
  }

  /** The charts as JSON inside the page, where {@code </script>} in a string cannot end it. */
  private static void charts(StringBuilder html, ArrayNode charts) {
    html.append("<script type=\"application/json\" id=\"preview-charts\">")
        .append(scriptSafe(charts))
        .append("</script>\n</body>\n</html>\n");
  }

  static String scriptSafe(JsonNode json) {
    try {
      // \u003c is '<' inside a JSON string, and JSON has '<' nowhere else.
      return JSON.writeValueAsString(json).replace("<", "\\u003c");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON a page embeds, parsed back (for tests and tools). */
  public static JsonNode embeddedCharts(String page) throws java.io.IOException {
    var start = page.indexOf("id=\"preview-charts\">");
    if (start < 0) {
      throw new IllegalArgumentException("no preview-charts block in the page");
    }
    start = page.indexOf('>', start) + 1;
    var end = page.indexOf("</script>", start);
    return JSON.readTree(page.substring(start, end));
  }

  private static void head(StringBuilder html, String title, List<String> scripts) {
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n")
        .append("body { font-family: sans-serif; margin: 16px; color: #1a1c21; }\n")
        .append("table { border-collapse: collapse; } td, th { padding: 4px 12px 4px 0;")
        .append(" text-align: left; vertical-align: top; }\n")
        .append(".meta { color: #69707d; font-size: 13px; }\n")
        .append(".grid { display: grid; grid-template-columns: repeat(")
        .append(GRID_COLUMNS)
        .append(", 1fr); grid-auto-rows: ")
        .append(GRID_ROW_HEIGHT)
        .append("px; gap: ")
        .append(GRID_MARGIN)
        .append("px; background: #f7f8fc; padding: ")
        .append(GRID_MARGIN)
        .append("px; }\n")
        .append(".panel { background: #fff; border: 1px solid #d3dae6; border-radius: 6px;")
        .append(" overflow: auto; min-width: 0; padding: 4px 8px; }\n")
        .append(".panel h2 { font-size: 14px; margin: 4px 0; }\n")
        .append(".error { color: #bd271e; white-space: pre-wrap; }\n")
        .append("</style>\n");
    for (var script : scripts) {
      html.append("<script src=\"/lib/").append(escape(script)).append("\"></script>\n");
    }
    if (!scripts.isEmpty()) {
      html.append("<script src=\"/preview.js\"></script>\n");
    }
    html.append("</head>\n<body>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}

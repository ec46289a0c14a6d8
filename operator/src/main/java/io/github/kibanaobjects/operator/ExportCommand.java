package io.github.kibanaobjects.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.mapping.ResourceExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code export --url URL --space S [--type visualization|dashboard] [--id ID]... [--connection
 * NAME]}: reads Vega visualizations and dashboards from Kibana and prints them as resources (YAML,
 * one document each) that, applied with {@code adopt: true}, take the objects over unchanged.
 * Credentials come from the environment: {@code KIBANA_API_KEY}, else {@code KIBANA_USERNAME} and
 * {@code KIBANA_PASSWORD}. The mapping itself is {@link ResourceExporter}'s.
 */
public final class ExportCommand {
  static final String USAGE =
      "usage: export --url URL --space SPACE [--type visualization|dashboard]... [--id ID]..."
          + " [--connection NAME]";

  /** Parsed arguments; an empty {@code types} means both kinds. */
  record Options(String url, String space, Set<String> types, Set<String> ids, String connection) {
    static Options parse(List<String> args) {
      String url = null;
      var space = "default";
      var connection = "kibana";
      var types = new LinkedHashSet<String>();
      var ids = new LinkedHashSet<String>();
      for (int i = 0; i < args.size(); i++) {
        var flag = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        var value = args.get(++i);
        switch (flag) {
          case "--url" -> url = value;
          case "--space" -> space = value;
          case "--connection" -> connection = value;
          case "--id" -> ids.add(value);
          case "--type" -> {
            if (!value.equals("visualization") && !value.equals("dashboard")) {
              throw new IllegalArgumentException(
                  "--type " + value + " is not exported (visualization or dashboard)");
            }
            types.add(value);
          }
          default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
        }
      }
      if (url == null) {
        throw new IllegalArgumentException("--url is required; " + USAGE);
      }
      return new Options(url, space, types, ids, connection);
    }

    boolean wants(String type) {
      return types.isEmpty() || types.contains(type);
    }
  }

  private ExportCommand() {}

  /** Credentials from the environment: an API key wins over a username and password. */
  static KibanaCredentials credentials(Map<String, String> env) {
    var apiKey = env.get("KIBANA_API_KEY");
    if (apiKey != null && !apiKey.isBlank()) {
      return new KibanaCredentials.ApiKey(apiKey.strip());
    }
    var user = env.get("KIBANA_USERNAME");
    var password = env.get("KIBANA_PASSWORD");
    if (user == null || password == null) {
      throw new IllegalArgumentException(
          "set KIBANA_API_KEY, or KIBANA_USERNAME and KIBANA_PASSWORD");
    }
    return new KibanaCredentials.Basic(user, password);
  }

  /** Runs the command; returns the process exit code. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      var options = Options.parse(args);
      var client = KibanaClient.create(KibanaEndpoint.of(options.url(), credentials(env)));
      out.print(export(client, options));
      return 0;
    } catch (RuntimeException e) {
      err.println("export failed: " + e.getMessage());
      return 1;
    }
  }

  /** The YAML for what {@code options} selects, visualizations first. */
  static String export(KibanaClient client, Options options) {
    var api = client.savedObjects();
    var visualizations = new ArrayList<ObjectNode>();
    var dashboards = new ArrayList<ObjectNode>();
    if (options.wants("visualization")) {
      for (var object : api.find(options.space(), "visualization", 100)) {
        if (selected(object, options) && ResourceExporter.isVega(object)) {
          visualizations.add(object);
        }
      }
    }
    if (options.wants("dashboard")) {
      for (var object : api.find(options.space(), "dashboard", 100)) {
        if (selected(object, options)) {
          dashboards.add(object);
        }
      }
    }
    var exportedIds = new LinkedHashSet<String>();
    visualizations.forEach(v -> exportedIds.add(v.path("id").asText()));
    var resources = new ArrayList<HasMetadata>();
    for (var object : visualizations) {
      resources.add(ResourceExporter.visualization(object, options.space(), options.connection()));
    }
    for (var object : dashboards) {
      resources.add(
          ResourceExporter.dashboard(object, options.space(), options.connection(), exportedIds));
    }
    var yaml = new StringBuilder();
    for (var resource : resources) {
      var text = Serialization.asYaml(resource);
      yaml.append(text.startsWith("---") ? text : "---\n" + text);
    }
    return yaml.toString();
  }

  private static boolean selected(JsonNode object, Options options) {
    return options.ids().isEmpty() || options.ids().contains(object.path("id").asText());
  }
}

package io.github.kibanaobjects.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.mapping.ResourceExporter;
import io.github.kibanaobjects.operator.mapping.RoleExporter;
import io.github.kibanaobjects.operator.mapping.SpaceExporter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code export --url URL [--space S] [--type visualization|dashboard|role|space]... [--id ID]...
 * [--connection NAME] [--ca-file PATH | --insecure-skip-verify]}: reads objects from Kibana and
 * prints them as resources (YAML, one document each) that, applied with {@code adopt: true}, take
 * the objects over unchanged. Without {@code --type}, the Vega visualizations and dashboards of the
 * space, as before roles and spaces could be exported: those need {@code --type}, and credentials
 * that may read them. Roles and spaces are global in Kibana, so {@code --space} does not filter
 * them. Credentials come from the environment: {@code KIBANA_API_KEY}, else {@code KIBANA_USERNAME}
 * and {@code KIBANA_PASSWORD}. The mappings are {@link ResourceExporter}'s, {@link RoleExporter}'s
 * and {@link SpaceExporter}'s.
 */
public final class ExportCommand {
  static final String USAGE =
      "usage: export --url URL [--space SPACE] [--type visualization|dashboard|role|space]..."
          + " [--id ID]... [--connection NAME] [--ca-file PATH | --insecure-skip-verify]"
          + " (without --type: visualizations and dashboards; --space does not filter roles and"
          + " spaces, which are global; the default space only with --id default)";

  /** Every kind the command exports, in the order it prints them: spaces before what is in them. */
  static final List<String> TYPES = List.of("space", "role", "visualization", "dashboard");

  /** What is exported without {@code --type}: the behaviour before roles and spaces were added. */
  static final Set<String> DEFAULT_TYPES = Set.of("visualization", "dashboard");

  /**
   * Parsed arguments; an empty {@code types} means {@link #DEFAULT_TYPES}.
   *
   * @param caFile a PEM CA bundle to trust instead of the JVM's, or null
   */
  record Options(
      String url,
      String space,
      Set<String> types,
      Set<String> ids,
      String connection,
      Path caFile,
      boolean insecureSkipVerify) {
    static Options parse(List<String> args) {
      String url = null;
      var space = "default";
      var connection = "kibana";
      Path caFile = null;
      var insecureSkipVerify = false;
      var types = new LinkedHashSet<String>();
      var ids = new LinkedHashSet<String>();
      for (int i = 0; i < args.size(); i++) {
        var flag = args.get(i);
        if (flag.equals("--insecure-skip-verify")) {
          insecureSkipVerify = true;
          continue;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        var value = args.get(++i);
        switch (flag) {
          case "--url" -> url = value;
          case "--space" -> space = value;
          case "--connection" -> connection = value;
          case "--id" -> ids.add(value);
          case "--ca-file" -> caFile = Path.of(value);
          case "--type" -> {
            if (!TYPES.contains(value)) {
              throw new IllegalArgumentException(
                  "--type " + value + " is not exported (one of " + String.join(", ", TYPES) + ")");
            }
            types.add(value);
          }
          default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
        }
      }
      if (url == null) {
        throw new IllegalArgumentException("--url is required; " + USAGE);
      }
      // as a KibanaConnection's tls: a CA to check against, or no check at all, not both
      if (caFile != null && insecureSkipVerify) {
        throw new IllegalArgumentException(
            "--ca-file and --insecure-skip-verify cannot be used together");
      }
      return new Options(url, space, types, ids, connection, caFile, insecureSkipVerify);
    }

    boolean wants(String type) {
      return types.isEmpty() ? DEFAULT_TYPES.contains(type) : types.contains(type);
    }

    boolean named(String id) {
      return ids.contains(id);
    }

    boolean selected(String id) {
      return ids.isEmpty() || ids.contains(id);
    }
  }

  /**
   * What an export printed and what it left out.
   *
   * @param yaml the resources, one YAML document each
   * @param skipped why an object was left out, one line each: objects named by {@code --id} that
   *     were not exported or not found, and roles that cannot be exported faithfully
   */
  record Exported(String yaml, List<String> skipped) {}

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
      var client = KibanaClient.create(endpoint(options, credentials(env)));
      var exported = export(client, options);
      out.print(exported.yaml());
      exported.skipped().forEach(line -> err.println("export: " + line));
      return 0;
    } catch (RuntimeException e) {
      err.println("export failed: " + e.getMessage());
      return 1;
    }
  }

  /** Kibana's endpoint with the TLS the options ask for; reads the CA file. */
  static KibanaEndpoint endpoint(Options options, KibanaCredentials credentials) {
    var endpoint =
        KibanaEndpoint.of(options.url(), credentials)
            .withInsecureSkipVerify(options.insecureSkipVerify());
    if (options.caFile() == null) {
      return endpoint;
    }
    try {
      return endpoint.withCaPem(Files.readString(options.caFile(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read --ca-file " + options.caFile() + " (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  /** The resources for what {@code options} selects, in the order of {@link #TYPES}. */
  static Exported export(KibanaClient client, Options options) {
    var resources = new ArrayList<HasMetadata>();
    var skipped = new ArrayList<String>();
    var found = new LinkedHashSet<String>();
    if (options.wants("space")) {
      for (var space : client.spaces().list()) {
        var id = space.path("id").asText();
        found.add(id);
        // the default space only on request: Kibana has it anyway
        if (options.selected(id) && (options.named(id) || !SpaceExporter.isReserved(space))) {
          resources.add(SpaceExporter.space(space, options.connection()));
        }
      }
    }
    if (options.wants("role")) {
      for (var role : client.roles().list()) {
        var name = role.path("name").asText();
        found.add(name);
        if (!options.selected(name)) {
          continue;
        }
        var why = RoleExporter.whyNotExportable(role);
        if (why.isEmpty()) {
          resources.add(RoleExporter.role(role, options.connection()));
        } else if (options.named(name) || !RoleExporter.isReserved(role)) {
          skipped.add("role " + name + " not exported: " + why.get());
        }
      }
    }
    var api = client.savedObjects();
    var visualizations = new ArrayList<ObjectNode>();
    if (options.wants("visualization")) {
      for (var object : api.find(options.space(), "visualization", 100)) {
        var id = object.path("id").asText();
        found.add(id);
        if (!options.selected(id)) {
          continue;
        }
        if (ResourceExporter.isVega(object)) {
          visualizations.add(object);
        } else if (options.named(id)) {
          skipped.add("visualization " + id + " not exported: only Vega visualizations are");
        }
      }
    }
    var exportedIds = new LinkedHashSet<String>();
    for (var object : visualizations) {
      exportedIds.add(object.path("id").asText());
      resources.add(ResourceExporter.visualization(object, options.space(), options.connection()));
    }
    if (options.wants("dashboard")) {
      for (var object : api.find(options.space(), "dashboard", 100)) {
        var id = object.path("id").asText();
        found.add(id);
        if (options.selected(id)) {
          resources.add(
              ResourceExporter.dashboard(
                  object, options.space(), options.connection(), exportedIds));
        }
      }
    }
    for (var id : options.ids()) {
      if (!found.contains(id)) {
        skipped.add("no " + String.join(" or ", selectedTypes(options)) + " with id " + id);
      }
    }
    var yaml = new StringBuilder();
    for (var resource : resources) {
      var text = Serialization.asYaml(resource);
      yaml.append(text.startsWith("---") ? text : "---\n" + text);
    }
    return new Exported(yaml.toString(), List.copyOf(skipped));
  }

  private static List<String> selectedTypes(Options options) {
    return TYPES.stream().filter(options::wants).toList();
  }
}

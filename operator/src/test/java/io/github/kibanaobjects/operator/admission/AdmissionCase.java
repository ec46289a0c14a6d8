package io.github.kibanaobjects.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.testing.JsonMergePatch;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One admission case from {@code src/test/resources/admission/*.yaml}: a resource the real API
 * server must refuse with a given message, and one it must accept. Resources are sent with
 * server-side dry run (full admission, nothing stored), except the first version of a transition
 * case, which must exist for an update to be checked against it.
 */
record AdmissionCase(
    String kind, String message, JsonNode update, JsonNode refuse, JsonNode accept, int line) {
  static final String NAMESPACE = "admission";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\d+) (\\S+)}}");
  private static final Pattern ITEMS = Pattern.compile("\\{\\{items (\\d+) (\\S+)}}");
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final JsonNode BASES = read("base-specs.yaml");

  static List<AdmissionCase> load(String file) {
    var cases = new ArrayList<AdmissionCase>();
    var line = 0;
    for (var node : read(file)) {
      cases.add(
          new AdmissionCase(
              node.path("kind").asText(),
              node.path("message").asText(),
              node.get("update"),
              expand(node.get("refuse")),
              expand(node.get("accept")),
              ++line));
    }
    return cases;
  }

  /** Refused with the message, and the accepted variant admitted. */
  void prove() {
    var server = RealApiServer.get();
    server.ensureNamespace(NAMESPACE);
    var client = server.client();
    var base =
        JsonMergePatch.merge(BASES.get(kind).deepCopy(), update == null ? null : update.deepCopy());
    GenericKubernetesResource existing = null;
    if (update != null) {
      existing = client.resource(resource(base)).create();
    }
    try {
      var refusal = send(client, existing, base, refuse);
      var refused = catchThrowableOfType(KubernetesClientException.class, refusal::run);
      assertThat(refused).as("%s must be refused", this).isNotNull();
      assertThat(refused.getCode()).as("%s: HTTP status", this).isEqualTo(422);
      assertThat(refused.getMessage()).as("%s: the API server's reason", this).contains(message);

      send(client, existing, base, accept).run();
    } finally {
      if (existing != null) {
        client.resource(existing).delete();
      }
    }
  }

  private Runnable send(
      KubernetesClient client, GenericKubernetesResource existing, JsonNode base, JsonNode patch) {
    var spec = JsonMergePatch.merge(base.deepCopy(), patch);
    if (existing == null) {
      return () -> client.resource(resource(spec)).dryRun().create();
    }
    var changed = resource(spec);
    changed.getMetadata().setName(existing.getMetadata().getName());
    changed.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    return () -> client.resource(changed).dryRun().update();
  }

  private GenericKubernetesResource resource(JsonNode spec) {
    var resource = new GenericKubernetesResource();
    resource.setApiVersion(KibanaConnection.GROUP + "/" + KibanaConnection.VERSION);
    resource.setKind(kind);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(kind.toLowerCase() + "-" + NAMES.incrementAndGet())
            .withNamespace(NAMESPACE)
            .build());
    resource.setAdditionalProperties(Map.of("spec", YAML.convertValue(spec, Map.class)));
    return resource;
  }

  /** {{repeat N c}} within a string and a list of only {{items N p}}, see schema-cases.yaml. */
  private static JsonNode expand(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      // Anywhere in the string, so a prefix can keep a pattern matched (https://{{repeat ...}}).
      var repeat = REPEAT.matcher(node.asText());
      return JsonNodeFactory.instance.textNode(
          repeat.replaceAll(
              r ->
                  java.util.regex.Matcher.quoteReplacement(
                      r.group(2).repeat(Integer.parseInt(r.group(1))))));
    }
    if (node.isArray()) {
      var items = node.size() == 1 ? ITEMS.matcher(node.get(0).asText()) : null;
      var list = JsonNodeFactory.instance.arrayNode();
      if (items != null && items.matches()) {
        for (int i = 0; i < Integer.parseInt(items.group(1)); i++) {
          list.add(items.group(2) + i);
        }
        return list;
      }
      node.forEach(item -> list.add(expand(item)));
      return list;
    }
    if (node.isObject()) {
      var object = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(f -> object.set(f.getKey(), expand(f.getValue())));
      return object;
    }
    return node;
  }

  private static JsonNode read(String file) {
    try (var in = AdmissionCase.class.getResourceAsStream("/admission/" + file)) {
      assertThat(in).as("admission/%s on the test class path", file).isNotNull();
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "#%d %s: %s".formatted(line, kind, message);
  }
}

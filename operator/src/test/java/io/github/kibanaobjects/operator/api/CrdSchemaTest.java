package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema the CRD generator wrote: what the API server will enforce at admission. */
class CrdSchemaTest {
  private static final String CONNECTIONS = "kibanaconnections.kibanaobjects.github.io-v1.yml";
  private static final String VISUALIZATIONS =
      "kibanavisualizations.kibanaobjects.github.io-v1.yml";
  private static final String ROLES = "kibanaroles.kibanaobjects.github.io-v1.yml";
  static final String DASHBOARDS = "kibanadashboards.kibanaobjects.github.io-v1.yml";
  private static final String SPACES = "kibanaspaces.kibanaobjects.github.io-v1.yml";

  /** {@code self.name}, not a macro or function on a list such as {@code self.all(x, ...)}. */
  private static final Pattern SELF_FIELD =
      Pattern.compile("(?:oldSelf|self)\\.(\\w++)(?!\\s*\\()");

  static CustomResourceDefinition crd(String file) {
    try (var in = CrdSchemaTest.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      assertThat(in).as("generated CRD %s", file).isNotNull();
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JSONSchemaProps root(String file) {
    return crd(file).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static JSONSchemaProps at(String file, String path) {
    var node = root(file);
    for (var segment : path.split("\\.")) {
      node = segment.equals("[]") ? node.getItems().getSchema() : node.getProperties().get(segment);
      assertThat(node).as("%s: schema at %s", file, path).isNotNull();
    }
    return node;
  }

  private static Map<String, String> rules(JSONSchemaProps schema) {
    var rules = new LinkedHashMap<String, String>();
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        rules.put(rule.getMessage(), rule.getRule());
      }
    }
    return rules;
  }

  @ParameterizedTest
  @ValueSource(strings = {CONNECTIONS, VISUALIZATIONS, ROLES, DASHBOARDS})
  void namesScopeVersionAndStatusSubresource(String file) {
    var crd = crd(file);
    var spec = crd.getSpec();

    assertThat(spec.getGroup()).isEqualTo("kibanaobjects.github.io");
    assertThat(spec.getScope()).isEqualTo("Namespaced");
    assertThat(spec.getVersions()).hasSize(1);
    var version = spec.getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getServed()).isTrue();
    assertThat(version.getStorage()).isTrue();
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(crd.getMetadata().getName()).isEqualTo(file.replace("-v1.yml", ""));
  }

  @Test
  void shortNames() {
    assertThat(crd(CONNECTIONS).getSpec().getNames().getShortNames()).containsExactly("kconn");
    assertThat(crd(VISUALIZATIONS).getSpec().getNames().getShortNames()).containsExactly("kvis");
    assertThat(crd(ROLES).getSpec().getNames().getShortNames()).containsExactly("krole");
    assertThat(crd(VISUALIZATIONS).getSpec().getNames().getKind()).isEqualTo("KibanaVisualization");
  }

  private static Map<String, String> columns(String file) {
    var columns = new LinkedHashMap<String, String>();
    for (CustomResourceColumnDefinition c :
        crd(file).getSpec().getVersions().get(0).getAdditionalPrinterColumns()) {
      columns.put(c.getName(), c.getJsonPath());
    }
    return columns;
  }

  @Test
  void printerColumns() {
    var ready = ".status.conditions[?(@.type==\"Ready\")].status";
    var reason = ".status.conditions[?(@.type=='Ready')].reason";

    assertThat(columns(VISUALIZATIONS))
        .containsEntry("Ready", ready)
        .containsEntry("Reason", reason)
        .containsEntry("ID", ".status.id")
        .containsEntry("Space", ".status.space")
        .containsEntry("Age", ".metadata.creationTimestamp");
    assertThat(columns(ROLES))
        .containsEntry("Ready", ready)
        .containsEntry("Reason", reason)
        .containsEntry("Role", ".status.name")
        .containsEntry("Age", ".metadata.creationTimestamp");
    assertThat(List.copyOf(columns(VISUALIZATIONS).keySet()))
        .containsSubsequence("Ready", "Reason", "ID", "Space");
    assertThat(columns(CONNECTIONS))
        .containsEntry("Ready", ready)
        .containsEntry("Reason", reason)
        .containsEntry("Version", ".status.kibanaVersion")
        .containsEntry("Age", ".metadata.creationTimestamp");
    var age =
        crd(ROLES).getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
            .filter(c -> c.getName().equals("Age"))
            .findFirst()
            .orElseThrow();
    assertThat(age.getType()).isEqualTo("date");
  }

  @Test
  void requiredFields() {
    assertThat(at(VISUALIZATIONS, "spec").getRequired())
        .containsExactlyInAnyOrder("connectionRef", "title");
    assertThat(at(VISUALIZATIONS, "spec.connectionRef").getRequired()).containsExactly("name");
    assertThat(at(VISUALIZATIONS, "spec.elasticsearchData").getRequired()).containsExactly("index");
    assertThat(at(VISUALIZATIONS, "spec.specFrom").getRequired())
        .containsExactly("configMapKeyRef");
    assertThat(at(VISUALIZATIONS, "spec.specFrom.configMapKeyRef").getRequired())
        .containsExactlyInAnyOrder("name", "key");
    assertThat(at(CONNECTIONS, "spec").getRequired()).containsExactlyInAnyOrder("url", "auth");
    assertThat(at(CONNECTIONS, "spec.auth.apiKeySecretRef").getRequired()).containsExactly("name");
    assertThat(at(CONNECTIONS, "spec.auth.basicAuthSecretRef").getRequired())
        .containsExactly("name");
    assertThat(at(ROLES, "spec").getRequired()).containsExactly("connectionRef");
    assertThat(at(ROLES, "spec.elasticsearch.indices.[]").getRequired())
        .containsExactlyInAnyOrder("names", "privileges");
    assertThat(at(ROLES, "spec.elasticsearch.indices.[].names").getMinItems()).isEqualTo(1L);
    assertThat(at(ROLES, "spec.elasticsearch.indices.[].privileges").getMinItems()).isEqualTo(1L);
  }

  @Test
  void patternsAndLimits() {
    assertThat(at(VISUALIZATIONS, "spec.space").getPattern()).isEqualTo("^[a-z0-9_-]+$");
    assertThat(at(VISUALIZATIONS, "spec.id").getPattern()).isEqualTo(Patterns.SAVED_OBJECT_ID);
    assertThat(at(VISUALIZATIONS, "spec.id").getMaxLength()).isEqualTo(250L);
    assertThat(at(VISUALIZATIONS, "spec.title").getMinLength()).isEqualTo(1L);
    assertThat(at(VISUALIZATIONS, "spec.resyncPeriod").getPattern())
        .isEqualTo("^([0-9]+(ms|s|m|h))+$");
    assertThat(at(ROLES, "spec.resyncPeriod").getPattern()).isEqualTo(Patterns.DURATION);
    assertThat(at(ROLES, "spec.name").getPattern()).isEqualTo(Patterns.ROLE_NAME);
    assertThat(at(ROLES, "spec.name").getMaxLength()).isEqualTo(507L);
    assertThat(at(ROLES, "spec.description").getMaxLength()).isEqualTo(2048L);
    assertThat(at(CONNECTIONS, "spec.url").getPattern()).startsWith("^https?://");
    assertThat(at(CONNECTIONS, "spec.requestTimeout").getPattern()).isEqualTo(Patterns.DURATION);
    assertThat(at(CONNECTIONS, "spec.maxConcurrentRequests").getMinimum()).isEqualTo(1.0);
    assertThat(at(VISUALIZATIONS, "spec.elasticsearchData.size").getMinimum()).isEqualTo(1.0);
  }

  @Test
  void defaultsAndEnums() {
    assertThat(at(VISUALIZATIONS, "spec.space").getDefault().asText()).isEqualTo("default");
    assertThat(at(VISUALIZATIONS, "spec.managed").getDefault().asBoolean()).isTrue();
    assertThat(at(VISUALIZATIONS, "spec.adopt").getDefault().asBoolean(true)).isFalse();
    assertThat(at(VISUALIZATIONS, "spec.deletionPolicy").getDefault().asText()).isEqualTo("Delete");
    assertThat(at(VISUALIZATIONS, "spec.deletionPolicy").getEnum())
        .extracting(n -> n.asText())
        .containsExactly("Delete", "Orphan");
    assertThat(at(ROLES, "spec.deletionPolicy").getDefault().asText()).isEqualTo("Delete");
    assertThat(at(VISUALIZATIONS, "spec.elasticsearchData.size").getDefault().asInt())
        .isEqualTo(10000);
    assertThat(at(CONNECTIONS, "spec.maxConcurrentRequests").getDefault().asInt()).isEqualTo(4);
    assertThat(at(CONNECTIONS, "spec.requestTimeout").getDefault().asText()).isEqualTo("30s");
    assertThat(at(CONNECTIONS, "spec.tls.insecureSkipVerify").getDefault().asBoolean(true))
        .isFalse();
    assertThat(at(CONNECTIONS, "spec.auth.basicAuthSecretRef.usernameKey").getDefault().asText())
        .isEqualTo("username");
    assertThat(at(CONNECTIONS, "spec.auth.basicAuthSecretRef.passwordKey").getDefault().asText())
        .isEqualTo("password");
  }

  @Test
  void celRulesExistWithTheirMessages() {
    assertThat(rules(at(VISUALIZATIONS, "spec")))
        .containsEntry(
            "set exactly one of vegaLite, vega, spec and specFrom",
            "[has(self.vegaLite), has(self.vega), has(self.spec), has(self.specFrom)]"
                + ".filter(x, x).size() == 1")
        .containsKey(
            "spec.id is immutable (it cannot be set, changed or removed after creation): create a"
                + " new resource to publish the chart under another id");
    assertThat(rules(at(VISUALIZATIONS, "spec")).values()).anyMatch(r -> r.contains("oldSelf.id"));
    assertThat(rules(at(CONNECTIONS, "spec.auth")))
        .containsEntry(
            "set exactly one of apiKeySecretRef and basicAuthSecretRef",
            "has(self.apiKeySecretRef) != has(self.basicAuthSecretRef)");
    assertThat(rules(at(CONNECTIONS, "spec.tls")))
        .containsKey("caSecretRef and insecureSkipVerify=true cannot be used together");
    assertThat(rules(at(ROLES, "spec.kibana.[]")))
        .containsKey(
            "each kibana entry needs either a non-empty base or a non-empty feature map, not both");
    assertThat(rules(at(ROLES, "spec")))
        .containsKey("name is immutable: delete and recreate the resource to rename the role");
    assertThat(rules(at(ROLES, "spec")).values()).anyMatch(r -> r.contains("oldSelf.name"));
  }

  /**
   * CEL sees only fields with a declared type (the API server drops the others from the CEL type),
   * so a rule naming an untyped field would make the whole CRD fail to install.
   */
  @ParameterizedTest
  @ValueSource(strings = {CONNECTIONS, VISUALIZATIONS, ROLES, DASHBOARDS})
  void celRulesOnlyNameTypedFields(String file) {
    var checked = new ArrayList<String>();
    walk(
        root(file),
        "",
        (path, schema) -> {
          for (var rule : rules(schema).values()) {
            var matcher = SELF_FIELD.matcher(rule);
            while (matcher.find()) {
              var field = schema.getProperties().get(matcher.group(1));
              assertThat(field)
                  .as("%s: %s names unknown field %s", file, path, matcher.group(1))
                  .isNotNull();
              assertThat(field.getType())
                  .as("%s: %s.%s has no type", file, path, matcher.group(1))
                  .isNotBlank();
              checked.add(path + "." + matcher.group(1));
            }
          }
        });
    assertThat(checked).isNotEmpty();
  }

  @Test
  void preserveUnknownFieldsOnlyWhereIntended() {
    assertThat(preserved(VISUALIZATIONS))
        .containsExactlyInAnyOrder(".spec.vegaLite", ".spec.vega", ".spec.elasticsearchData.query");
    assertThat(preserved(ROLES)).containsExactly(".spec.metadata");
    assertThat(preserved(CONNECTIONS)).isEmpty();
    assertThat(at(VISUALIZATIONS, "spec.vegaLite").getType()).isEqualTo("object");
    assertThat(at(ROLES, "spec.metadata").getType()).isEqualTo("object");
  }

  private static List<String> preserved(String file) {
    var paths = new ArrayList<String>();
    walk(
        root(file),
        "",
        (path, schema) -> {
          if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            paths.add(path);
          }
        });
    return paths;
  }

  @ParameterizedTest
  @ValueSource(strings = {CONNECTIONS, VISUALIZATIONS, ROLES, DASHBOARDS})
  void everyFieldIsDescribedForKubectlExplain(String file) {
    var undocumented = new ArrayList<String>();
    for (var part : List.of("spec", "status")) {
      walk(
          root(file).getProperties().get(part),
          "." + part,
          (path, schema) -> {
            // The roots come from fabric8's CustomResource, Condition's fields from its model, and
            // list items and map values are described by their field.
            var ownField =
                !path.equals("." + part)
                    && !path.contains(".conditions.")
                    && !path.endsWith("[]")
                    && !path.endsWith("{}");
            if (ownField
                && (schema.getDescription() == null || schema.getDescription().isBlank())) {
              undocumented.add(path);
            }
          });
    }
    assertThat(undocumented).as("fields without a description in %s", file).isEmpty();
  }

  @Test
  void statusHasTheConditionSchemaAndSyncFields() {
    var conditions = at(VISUALIZATIONS, "status.conditions.[]");
    assertThat(conditions.getProperties())
        .containsKeys(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
    assertThat(at(VISUALIZATIONS, "status").getProperties())
        .containsKeys(
            "observedGeneration",
            "conditions",
            "lastAppliedHash",
            "lastSyncTime",
            "id",
            "space",
            "url");
    assertThat(at(ROLES, "status").getProperties())
        .containsKeys(
            "observedGeneration", "conditions", "lastAppliedHash", "lastSyncTime", "name");
    assertThat(at(CONNECTIONS, "status").getProperties())
        .containsKeys("observedGeneration", "conditions", "kibanaVersion", "lastCheckTime")
        .doesNotContainKey("lastAppliedHash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vega-publisher", "a", "Data Science (read)", "x!~", "kibana_admin"})
  void roleNamePatternAccepts(String name) {
    assertThat(name).matches(Patterns.ROLE_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " a", "a ", "tab\there", "caf\u00e9", "new\nline"})
  void roleNamePatternRejects(String name) {
    assertThat(name).doesNotMatch(Patterns.ROLE_NAME);
  }

  @Test
  void roleNamePatternLimitsLengthTo507() {
    assertThat("r".repeat(507)).matches(Patterns.ROLE_NAME);
    assertThat("r".repeat(508)).doesNotMatch(Patterns.ROLE_NAME);
  }

  @Test
  void otherPatterns() {
    assertThat(List.of("30s", "10m", "1h", "1h30m", "500ms"))
        .allMatch(s -> s.matches(Patterns.DURATION));
    assertThat(List.of("", "10", "1d", "m", "-1s", "1.5h"))
        .noneMatch(s -> s.matches(Patterns.DURATION));
    assertThat(List.of("default", "team-a", "a_b", "x1"))
        .allMatch(s -> s.matches(Patterns.SPACE_ID));
    assertThat(List.of("", "Team", "a b", "a*")).noneMatch(s -> s.matches(Patterns.SPACE_ID));
    assertThat(List.of("cars-scatter", "6e130cc0-b694-11ec-8df1-41f60ea92d87", "a.b:c_D"))
        .allMatch(s -> s.matches(Patterns.SAVED_OBJECT_ID));
    assertThat(List.of("", "a b", "a/b", "x".repeat(251)))
        .noneMatch(s -> s.matches(Patterns.SAVED_OBJECT_ID));
    var url = at(CONNECTIONS, "spec.url").getPattern();
    assertThat(List.of("https://kibana.example.com:5601", "http://kibana", "https://h/base/path"))
        .allMatch(s -> s.matches(url));
    assertThat(List.of("kibana:5601", "ftp://h", "https://", "https://h?x=1", "https://h /"))
        .noneMatch(s -> s.matches(url));
  }

  /**
   * Every string, list, map and integer a user writes has an upper bound (integers both): the API
   * server costs CEL rules by the largest value a field may hold, and Kibana refuses what is over
   * its own limits anyway. The status is exempt: only the operator writes it, it has no CEL rules,
   * and a bound there could only make the operator's own status write fail.
   */
  /** kubectl explain <kind>.spec showed an empty DESCRIPTION. */
  @ParameterizedTest
  @ValueSource(strings = {CONNECTIONS, VISUALIZATIONS, ROLES, SPACES, DASHBOARDS})
  void theSpecItselfIsDescribed(String file) {
    assertThat(at(file, "spec").getDescription()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {CONNECTIONS, VISUALIZATIONS, ROLES, SPACES, DASHBOARDS})
  void everySpecValueIsBounded(String file) {
    var unbounded = new ArrayList<String>();
    walk(
        at(file, "spec"),
        "spec",
        (path, schema) -> {
          var type = String.valueOf(schema.getType());
          var bounded =
              switch (type) {
                case "string" ->
                    schema.getMaxLength() != null
                        || (schema.getEnum() != null && !schema.getEnum().isEmpty());
                case "array" -> schema.getMaxItems() != null;
                case "integer" -> schema.getMinimum() != null && schema.getMaximum() != null;
                case "object" ->
                    schema.getAdditionalProperties() == null || schema.getMaxProperties() != null;
                default -> true;
              };
          if (!bounded) {
            unbounded.add(path + " (" + type + ")");
          }
        });
    assertThat(unbounded).as("%s: values without a bound (see common/Bounds)", file).isEmpty();
  }

  private interface Visitor {
    void visit(String path, JSONSchemaProps schema);
  }

  private static void walk(JSONSchemaProps schema, String path, Visitor visitor) {
    if (schema == null) {
      return;
    }
    visitor.visit(path, schema);
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> walk(child, path + "." + name, visitor));
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema(), path + ".[]", visitor);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema(), path + ".{}", visitor);
    }
  }
}

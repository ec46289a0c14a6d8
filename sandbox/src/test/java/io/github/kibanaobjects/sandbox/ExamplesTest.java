package io.github.kibanaobjects.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaDashboardSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpaceSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaVisualizationSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The repository's own {@code examples/}: what users copy must work as it is. */
@ExtendWith(RealSandbox.Resolver.class)
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path PRODUCTION_EXAMPLES = EXAMPLES.resolve("production");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, Class<?>> SPEC_CLASSES =
      Map.of(
          "KibanaConnection", KibanaConnectionSpec.class,
          "KibanaVisualization", KibanaVisualizationSpec.class,
          "KibanaRole", KibanaRoleSpec.class,
          "KibanaSpace", KibanaSpaceSpec.class,
          "KibanaDashboard", KibanaDashboardSpec.class);

  /** Rejects unknown fields, so a misspelt field in an example fails here, not on a cluster. */
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Every example through the sandbox on a real API server (so each is also accepted by the CRD
   * schemas and CEL rules), Ready; then deleted, which must remove what the operator created in
   * Kibana. Connections go last: the others need theirs to clean up.
   */
  @Test
  void everyExampleBecomesReadyOnARealApiServerAndDeletingThemEmptiesKibana(RealSandbox sandbox)
      throws Exception {
    var examples = Manifests.read(Manifests.find(List.of(EXAMPLES)), SERIALIZATION);

    var states = sandbox.applyAndAwait(examples);

    var report = new ByteArrayOutputStream();
    Report.print(
        states,
        () ->
            KibanaSummary.read(
                sandbox.sim().baseUrl(),
                sandbox.sim().config().superuserName(),
                sandbox.sim().config().superuserPassword()),
        new PrintStream(report, true, StandardCharsets.UTF_8));
    var text = sandbox.output() + report.toString(StandardCharsets.UTF_8);
    assertThat(states).as(text).allMatch(ResourceState::isReady);
    var applied = Sandbox.kibanaObjects(examples);
    assertThat(states).as(text).hasSize(kibanaResources(false).size()).hasSizeGreaterThan(3);
    var inKibana = kibanaObjectsOf(sandbox, applied);
    assertThat(inKibana).as(text).isNotEmpty().allMatch(KibanaObject::exists);

    // `kubectl delete -f examples/` deletes the namespace with everything in it at once, the
    // Secret and the connection included; the namespace controller then deletes what is left.
    // The connection (finalizer) and the credentials the operator last read outlive them until
    // every resource has removed its Kibana object.
    var namespace = "kibana-demo";
    try (var controllers = ControllerManager.start(sandbox.kubeconfig())) {
      var deleted =
          sandbox.runKubectl(
              "delete", "-f", EXAMPLES.toString(), "--wait=false", "--ignore-not-found");
      assertThat(deleted.exitCode()).as(deleted.output()).isZero();
      assertThat(deleted.output()).contains("namespace \"" + namespace + "\" deleted");
      try {
        sandbox
            .client()
            .namespaces()
            .withName(namespace)
            .waitUntilCondition(Objects::isNull, 120, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "namespace %s is still there; kube-controller-manager (%s) said:%n%s%n%s"
                .formatted(
                    namespace,
                    controllers.isAlive() ? "running" : "exited",
                    controllers.log(),
                    sandbox.output()),
            e);
      }
    }

    assertThat(inKibana).as(text).noneMatch(KibanaObject::exists);
  }

  /**
   * The production examples cannot log in anywhere (placeholder credentials), but the real API
   * server must accept them as written: a server-side dry run, as {@code kubectl apply
   * --server-side --dry-run=server} does.
   */
  @Test
  void productionExamplesAreAcceptedByARealApiServer(RealSandbox sandbox) throws Exception {
    var files = new ArrayList<Path>();
    try (Stream<Path> found = Files.list(PRODUCTION_EXAMPLES)) {
      found.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
    }
    var resources = Manifests.read(files, SERIALIZATION);
    assertThat(resources)
        .extracting(GenericKubernetesResource::getKind)
        .contains(ManifestApplier.CONNECTION_KIND);
    var client = sandbox.client();

    for (var resource : resources) {
      var namespace = resource.getMetadata().getNamespace();
      if (namespace != null && client.namespaces().withName(namespace).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      var accepted =
          client
              .resource(resource)
              .dryRun()
              .fieldManager(RealKubernetes.FIELD_MANAGER)
              .serverSideApply();

      assertThat(accepted.getMetadata().getUid())
          .as(ManifestApplier.qualifiedName(resource))
          .isNotBlank();
      assertThat(client.resource(resource).get()).as("a dry run stores nothing").isNull();
    }
  }

  /** A visualization or role the operator created in kibana-sim for a resource. */
  private record KibanaObject(String description, BooleanSupplier present) {
    boolean exists() {
      return present.getAsBoolean();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static List<KibanaObject> kibanaObjectsOf(
      RealSandbox sandbox, List<GenericKubernetesResource> resources) {
    var sim = sandbox.sim();
    var found = new ArrayList<KibanaObject>();
    for (var resource : resources) {
      var status = sandbox.client().resource(resource).get().get("status");
      if (!(status instanceof Map<?, ?> fields)) {
        continue;
      }
      switch (resource.getKind()) {
        case "KibanaVisualization" -> {
          var space = String.valueOf(fields.get("space"));
          var id = String.valueOf(fields.get("id"));
          found.add(
              new KibanaObject(
                  "visualization " + space + "/" + id,
                  () -> sim.savedObject(space, "visualization", id).isPresent()));
        }
        case "KibanaRole" -> {
          var name = String.valueOf(fields.get("name"));
          found.add(new KibanaObject("role " + name, () -> sim.role(name).isPresent()));
        }
        default -> {}
      }
    }
    return found;
  }

  @Test
  void everyExampleIncludingProductionOnesMatchesTheResourceClasses() throws Exception {
    var resources = kibanaResources(true);

    assertThat(resources)
        .extracting(r -> r.path("kind").asText())
        .contains("KibanaConnection", "KibanaVisualization", "KibanaRole", "KibanaSpace");
    for (var resource : resources) {
      var kind = resource.path("kind").asText();
      assertThat(SPEC_CLASSES).as("known kind " + kind).containsKey(kind);
      assertThat(resource.path("apiVersion").asText())
          .isEqualTo("kibanaobjects.github.io/v1alpha1");
      assertThat(STRICT.treeToValue(resource.path("spec"), SPEC_CLASSES.get(kind))).isNotNull();
    }
  }

  /** Every kibanaobjects document under examples/ (with or without production/). */
  private static List<JsonNode> kibanaResources(boolean withProduction) {
    var yaml = new YAMLMapper(new YAMLFactory());
    var found = new ArrayList<JsonNode>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!withProduction && file.toString().contains("production")) {
          continue;
        }
        try (var parser = yaml.getFactory().createParser(file.toFile())) {
          var documents = yaml.readValues(parser, JsonNode.class);
          while (documents.hasNext()) {
            var document = documents.next();
            if (document != null
                && document.path("apiVersion").asText().startsWith("kibanaobjects.github.io/")) {
              found.add(document);
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found;
  }
}

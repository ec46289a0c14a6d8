package io.github.kibanaobjects.operator.testing;

import org.awaitility.Awaitility;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.KibanaObjectsOperator;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.sim.KibanaSim;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real operator against the Fabric8 mock API (CRUD mode, generated CRDs installed) and a
 * kibana-sim, for controller tests. One per test class; each test works in its own namespace.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubernetesClient client;
  private final KibanaSim sim;
  private final Operator operator;

  private OperatorHarness(KubernetesClient client, KibanaSim sim, Operator operator) {
    this.client = client;
    this.sim = sim;
    this.operator = operator;
  }

  /** Installs the CRDs, starts a simulator and the operator with this resync period. */
  public static OperatorHarness start(KubernetesClient client, Duration resync) {
    var config = OperatorConfig.defaults().withHealthPort(-1).withResyncPeriod(resync);
    return start(client, client, config);
  }

  /**
   * As above, with the operator on its own client (e.g. one whose requests a test tells apart)
   * and its own settings; the test uses {@code client}.
   */
  public static OperatorHarness start(
      KubernetesClient client, KubernetesClient operatorClient, OperatorConfig config) {
    installCrds(client);
    var sim = KibanaSim.start();
    var operator = KibanaObjectsOperator.create(operatorClient, config);
    operator.start();
    return new OperatorHarness(client, sim, operator);
  }

  /** The CRDs the build generated from the CR classes: the status subresource needs them. */
  public static void installCrds(KubernetesClient client) {
    var dir = Path.of("target", "classes", "META-INF", "fabric8");
    try (var files = Files.list(dir)) {
      for (var file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        try (var in = Files.newInputStream(file)) {
          var crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("generated CRDs not found under " + dir, e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public KibanaSim sim() {
    return sim;
  }

  /** A fresh namespace for one test. */
  public String newNamespace(String prefix) {
    var name = prefix + "-" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }

  public void basicAuthSecret(String namespace, String name, String username, String password) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("username", username, "password", password))
                .build())
        .createOr(existing -> existing.update());
  }

  public void apiKeySecret(String namespace, String name, String encodedKey) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("apiKey", encodedKey))
                .build())
        .createOr(existing -> existing.update());
  }

  /** A KibanaConnection to the simulator with Basic auth from Secret {@code secretName}. */
  public KibanaConnection basicConnection(String namespace, String name, String secretName) {
    var auth = new ConnectionAuth();
    auth.setBasicAuthSecretRef(new BasicAuthSecretRef(secretName, null, null));
    return connection(namespace, name, auth);
  }

  /** A KibanaConnection to the simulator with an API key from Secret {@code secretName}. */
  public KibanaConnection apiKeyConnection(String namespace, String name, String secretName) {
    var auth = new ConnectionAuth();
    auth.setApiKeySecretRef(new SecretKeyRef(secretName, null));
    return connection(namespace, name, auth);
  }

  private KibanaConnection connection(String namespace, String name, ConnectionAuth auth) {
    var connection = new KibanaConnection();
    connection.getMetadata().setName(name);
    connection.getMetadata().setNamespace(namespace);
    var spec = new KibanaConnectionSpec();
    spec.setUrl(sim.baseUrl());
    spec.setAuth(auth);
    connection.setSpec(spec);
    return connection;
  }

  public <T extends CustomResource<?, ?>> T create(T resource) {
    return client.resource(resource).create();
  }

  public <T extends CustomResource<?, ?>> T get(T resource) {
    return client.resource(resource).get();
  }

  /** Waits until the resource's current generation is observed and matches the predicate. */
  @SuppressWarnings("unchecked")
  public <T extends CustomResource<?, ? extends ResourceStatus>> T await(
      T resource, Predicate<T> condition) {
    var result = new Object[1];
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var current = (T) client.resource(resource).get();
              if (current != null
                  && current.getStatus() != null
                  && Objects.equals(
                      current.getStatus().getObservedGeneration(),
                      current.getMetadata().getGeneration())
                  && condition.test(current)) {
                result[0] = current;
                return true;
              }
              return false;
            });
    return (T) result[0];
  }

  public <T extends CustomResource<?, ? extends ResourceStatus>> T awaitReady(T resource) {
    return await(resource, r -> Conditions.isReady(r.getStatus()));
  }

  /** Waits for {@code Ready=False} with this reason. */
  public <T extends CustomResource<?, ? extends ResourceStatus>> T awaitReason(
      T resource, String reason) {
    return await(
        resource,
        r ->
            Conditions.find(r.getStatus().getConditions(), Conditions.READY)
                .map(c -> reason.equals(c.getReason()))
                .orElse(false));
  }

  @Override
  public void close() {
    operator.stop();
    sim.close();
  }
}

package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies objects the way {@code kubectl apply --server-side} would: namespaces first (created when
 * missing), then Secrets and ConfigMaps, then everything else. On a real API server it is
 * server-side apply as field manager {@code kubectl}, so the user's own {@code kubectl apply
 * --server-side} of the same files later takes over without conflicts; the mock has no server-side
 * apply, so there an object is created or updated in place. Every KibanaConnection is pointed at
 * kibana-sim.
 */
final class ManifestApplier {

  static final String GROUP = "kibanaobjects.github.io";
  static final String CONNECTION_KIND = "KibanaConnection";
  static final String DEFAULT_NAMESPACE = "default";

  private final KubernetesClient client;
  private final boolean serverSideApply;
  private final String kibanaUrl;
  private final PrintStream out;

  ManifestApplier(
      KubernetesClient client, boolean serverSideApply, String kibanaUrl, PrintStream out) {
    this.client = client;
    this.serverSideApply = serverSideApply;
    this.kibanaUrl = kibanaUrl;
    this.out = out;
  }

  /** Applies the objects and returns them as stored, in apply order. */
  List<GenericKubernetesResource> apply(List<GenericKubernetesResource> resources) {
    var ordered = new ArrayList<>(resources);
    ordered.sort(Comparator.comparingInt(ManifestApplier::applyOrder));
    ensureNamespaces(ordered);
    var applied = new ArrayList<GenericKubernetesResource>();
    for (var resource : ordered) {
      if (isNamespace(resource) && namespaceExists(resource.getMetadata().getName())) {
        continue;
      }
      if (isConnection(resource)) {
        pointAtSimulator(resource);
      }
      applied.add(createOrUpdate(resource));
      out.printf("applied %s %s%n", resource.getKind(), qualifiedName(resource));
    }
    return applied;
  }

  /** Whether the object is one of the operator's kinds. */
  static boolean isKibanaObject(GenericKubernetesResource resource) {
    return resource.getApiVersion() != null && resource.getApiVersion().startsWith(GROUP + "/");
  }

  static String qualifiedName(GenericKubernetesResource resource) {
    var namespace = resource.getMetadata().getNamespace();
    return namespace == null
        ? resource.getMetadata().getName()
        : namespace + "/" + resource.getMetadata().getName();
  }

  /**
   * Replaces a KibanaConnection's {@code spec.url} with the simulator's; returns the old URL. Pure:
   * changes only the object passed in.
   */
  static String pointAt(GenericKubernetesResource connection, String url) {
    @SuppressWarnings("unchecked")
    var spec =
        (Map<String, Object>)
            connection
                .getAdditionalProperties()
                .computeIfAbsent("spec", k -> new LinkedHashMap<String, Object>());
    var previous = spec.put("url", url);
    return previous == null ? null : previous.toString();
  }

  private void pointAtSimulator(GenericKubernetesResource connection) {
    var previous = pointAt(connection, kibanaUrl);
    if (!kibanaUrl.equals(previous)) {
      out.printf(
          "KibanaConnection %s: spec.url %s -> %s (kibana-sim)%n",
          qualifiedName(connection), previous == null ? "(none)" : previous, kibanaUrl);
    }
  }

  private GenericKubernetesResource createOrUpdate(GenericKubernetesResource resource) {
    try {
      // Strict, as kubectl's default: a misspelt field fails here instead of being dropped.
      return serverSideApply
          ? client
              .resource(resource)
              .fieldValidation(Validation.STRICT)
              .fieldManager(RealKubernetes.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply()
          : createOrReplace(resource);
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot apply "
              + resource.getKind()
              + " "
              + qualifiedName(resource)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private GenericKubernetesResource createOrReplace(GenericKubernetesResource resource) {
    var existing = client.resource(resource).get();
    if (existing == null) {
      return client.resource(resource).create();
    }
    // Like kubectl apply: the spec is replaced, the status stays the operator's.
    resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    return client.resource(resource).update();
  }

  private void ensureNamespaces(List<GenericKubernetesResource> resources) {
    for (var resource : resources) {
      if (isNamespace(resource) || !isNamespaced(resource)) {
        continue;
      }
      if (resource.getMetadata().getNamespace() == null) {
        resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
      }
      var namespace = resource.getMetadata().getNamespace();
      var declared =
          resources.stream()
              .anyMatch(r -> isNamespace(r) && namespace.equals(r.getMetadata().getName()));
      if (!declared && !namespaceExists(namespace)) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
        out.printf("created Namespace %s%n", namespace);
      }
    }
  }

  private boolean namespaceExists(String name) {
    return client.namespaces().withName(name).get() != null;
  }

  /** The cluster-scoped kinds the sandbox meets are Namespaces and CRDs; all else is namespaced. */
  private static boolean isNamespaced(GenericKubernetesResource resource) {
    return !isNamespace(resource) && !resource.getKind().equals("CustomResourceDefinition");
  }

  private static boolean isNamespace(GenericKubernetesResource resource) {
    return "v1".equals(resource.getApiVersion()) && "Namespace".equals(resource.getKind());
  }

  private static boolean isConnection(GenericKubernetesResource resource) {
    return isKibanaObject(resource) && CONNECTION_KIND.equals(resource.getKind());
  }

  private static int applyOrder(GenericKubernetesResource resource) {
    if (isNamespace(resource)) {
      return 0;
    }
    if ("v1".equals(resource.getApiVersion())) {
      return 1;
    }
    return isConnection(resource) ? 2 : 3;
  }
}

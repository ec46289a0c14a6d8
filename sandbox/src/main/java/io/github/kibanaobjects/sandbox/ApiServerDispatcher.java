package io.github.kibanaobjects.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Makes the mock server's CRUD dispatcher answer like an API server where it matters to kubectl and
 * to the operator. The CRUD dispatcher answers any unknown GET with a list of everything it stores,
 * which kubectl cannot parse as discovery, so discovery is served here.
 *
 * <p>What it adds: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code
 * /apis/<group>} and {@code /apis/<group>/<version>} built from the CRDs stored in the mock; an
 * empty OpenAPI v2 document (no schemas); strategic merge patches (which kubectl sends for built-in
 * kinds and the mock rejects with 415) are applied as JSON merge patches after dropping their
 * {@code $} directives (for Secrets, ConfigMaps and Namespaces, which have no keyed lists that
 * kubectl merges, the result is the same); a Secret's {@code stringData} is stored as {@code data}.
 */
final class ApiServerDispatcher extends Dispatcher {

  static final String KUBERNETES_VERSION = "v1.32.0";
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String STRATEGIC_MERGE = "application/strategic-merge-patch+json";
  private static final String MERGE = "application/merge-patch+json";
  private static final Pattern DRY_RUN = Pattern.compile("(^|&)dryRun=");
  private static final Pattern SECRET_PATH =
      Pattern.compile("/api/v1/namespaces/[^/]+/secrets(/[^/]+)?");
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** The built-in kinds the sandbox uses, by group/version. */
  private static final Map<String, List<APIResource>> BUILT_IN = builtIn();

  private final KubernetesCrudDispatcher crud;
  private final KubernetesSerialization serialization;

  ApiServerDispatcher(KubernetesCrudDispatcher crud, KubernetesSerialization serialization) {
    this.crud = crud;
    this.serialization = serialization;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    var path = request.getPath();
    var query = path.indexOf('?');
    var bare = query < 0 ? path : path.substring(0, query);
    if ("GET".equals(request.getMethod())) {
      var discovery = discovery(trimSlash(bare));
      if (discovery != null) {
        return discovery;
      }
    }
    if (query >= 0 && DRY_RUN.matcher(path.substring(query + 1)).find()) {
      // The CRUD dispatcher ignores dryRun and would store the change (kubectl diff sends one).
      return status(400, "BadRequest", "dryRun is not supported by the sandbox's in-memory API");
    }
    return crud.dispatch(rewriteWrite(request, bare));
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  private MockResponse discovery(String path) {
    if (path.equals("/version")) {
      return json(
          Map.of(
              "major", "1",
              "minor", "32",
              "gitVersion", KUBERNETES_VERSION,
              "platform", "linux/amd64",
              "goVersion", "go1.23"));
    }
    if (path.equals("/openapi/v2")) {
      return emptyOpenApiV2();
    }
    if (path.startsWith("/openapi/")) {
      return notFound();
    }
    if (path.equals("/api")) {
      return json(
          new APIVersionsBuilder()
              .withVersions("v1")
              .withServerAddressByClientCIDRs(
                  new ServerAddressByClientCIDRBuilder()
                      .withClientCIDR("0.0.0.0/0")
                      .withServerAddress("")
                      .build())
              .build());
    }
    if (path.equals("/api/v1")) {
      return resourceList("v1", BUILT_IN.get("v1"));
    }
    if (path.equals("/apis")) {
      return json(new APIGroupListBuilder().withGroups(groups()).build());
    }
    if (!path.startsWith("/apis/")) {
      return null;
    }
    var parts = path.substring("/apis/".length()).split("/");
    if (parts.length == 1) {
      return groups().stream()
          .filter(g -> g.getName().equals(parts[0]))
          .findFirst()
          .map(this::json)
          .orElseGet(this::notFound);
    }
    if (parts.length == 2) {
      var groupVersion = parts[0] + "/" + parts[1];
      var resources = resourcesByGroupVersion().get(groupVersion);
      return resources == null ? notFound() : resourceList(groupVersion, resources);
    }
    return null;
  }

  /** Built-in groups first, then one group per CRD group, with its served versions. */
  private List<APIGroup> groups() {
    var versionsByGroup = new LinkedHashMap<String, List<String>>();
    for (var groupVersion : resourcesByGroupVersion().keySet()) {
      var slash = groupVersion.indexOf('/');
      if (slash > 0) {
        versionsByGroup
            .computeIfAbsent(groupVersion.substring(0, slash), g -> new ArrayList<>())
            .add(groupVersion.substring(slash + 1));
      }
    }
    var groups = new ArrayList<APIGroup>();
    versionsByGroup.forEach(
        (group, versions) -> {
          var forDiscovery =
              versions.stream()
                  .map(
                      v ->
                          new GroupVersionForDiscoveryBuilder()
                              .withGroupVersion(group + "/" + v)
                              .withVersion(v)
                              .build())
                  .toList();
          groups.add(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(forDiscovery)
                  .withPreferredVersion(forDiscovery.get(0))
                  .build());
        });
    return groups;
  }

  private Map<String, List<APIResource>> resourcesByGroupVersion() {
    var byGroupVersion = new LinkedHashMap<String, List<APIResource>>(BUILT_IN);
    for (var crd : storedCrds()) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (var version : spec.getVersions()) {
        if (!Boolean.TRUE.equals(version.getServed())) {
          continue;
        }
        var resources =
            byGroupVersion.computeIfAbsent(
                spec.getGroup() + "/" + version.getName(), gv -> new ArrayList<>());
        var namespaced = "Namespaced".equals(spec.getScope());
        resources.add(
            new APIResourceBuilder()
                .withName(names.getPlural())
                .withSingularName(names.getSingular())
                .withKind(names.getKind())
                .withNamespaced(namespaced)
                .withShortNames(names.getShortNames())
                .withCategories(names.getCategories())
                .withVerbs(ALL_VERBS)
                .build());
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          resources.add(
              new APIResourceBuilder()
                  .withName(names.getPlural() + "/status")
                  .withKind(names.getKind())
                  .withNamespaced(namespaced)
                  .withVerbs("get", "patch", "update")
                  .build());
        }
      }
    }
    return byGroupVersion;
  }

  private List<CustomResourceDefinition> storedCrds() {
    var response = crud.handleGet(CRD_PATH);
    if (response.code() != 200) {
      return List.of();
    }
    var body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    var list = serialization.unmarshal(body, CustomResourceDefinitionList.class);
    return list.getItems() == null ? List.of() : list.getItems();
  }

  /**
   * Adapts writes to what the CRUD dispatcher understands: strategic merge patches become JSON
   * merge patches, and a Secret's {@code stringData} is folded into {@code data} as the API server
   * does (the mock would store it as sent, and readers of {@code data} would miss it).
   */
  private RecordedRequest rewriteWrite(RecordedRequest request, String path) {
    var method = request.getMethod();
    var contentType = request.getHeader("Content-Type");
    var strategic =
        "PATCH".equals(method) && contentType != null && contentType.startsWith(STRATEGIC_MERGE);
    var secretWrite =
        SECRET_PATH.matcher(path).matches()
            && ("POST".equals(method)
                || "PUT".equals(method)
                || ("PATCH".equals(method)
                    && (strategic || (contentType != null && contentType.startsWith(MERGE)))));
    if (!strategic && !secretWrite) {
      return request;
    }
    var body = serialization.unmarshal(request.getUtf8Body(), JsonNode.class);
    if (strategic) {
      dropDirectives(body);
    }
    if (secretWrite && body instanceof ObjectNode secret) {
      foldStringData(secret);
    }
    var headers = request.getHeaders().newBuilder();
    if (strategic) {
      headers.set("Content-Type", MERGE);
    }
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        headers.build(),
        new Buffer(serialization.asJson(body).getBytes(StandardCharsets.UTF_8)));
  }

  static void foldStringData(ObjectNode secret) {
    if (!(secret.get("stringData") instanceof ObjectNode stringData)) {
      return;
    }
    var data = secret.withObjectProperty("data");
    for (var entry : stringData.properties()) {
      var bytes = entry.getValue().asText().getBytes(StandardCharsets.UTF_8);
      data.put(entry.getKey(), Base64.getEncoder().encodeToString(bytes));
    }
    secret.remove("stringData");
  }

  /** Removes strategic-merge directives ($patch, $retainKeys, $setElementOrder/..., ...). */
  static void dropDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var directives = new ArrayList<String>();
      object
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (n.startsWith("$")) directives.add(n);
              });
      object.remove(directives);
      object.forEach(ApiServerDispatcher::dropDirectives);
    } else if (node != null && node.isArray()) {
      node.forEach(ApiServerDispatcher::dropDirectives);
    }
  }

  private MockResponse resourceList(String groupVersion, List<APIResource> resources) {
    return json(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  private MockResponse json(Object body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(serialization.asJson(body));
  }

  private MockResponse notFound() {
    return status(404, "NotFound", "the server could not find the requested resource");
  }

  private MockResponse status(int code, String reason, String message) {
    var status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(status).setResponseCode(code);
  }

  /**
   * An empty OpenAPI v2 document. kubectl reads it as protobuf, where zero bytes are a valid empty
   * message; with no schema for a kind, kubectl's client-side validation accepts the object.
   */
  private static MockResponse emptyOpenApiV2() {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
        .setBody(new Buffer(new byte[0]));
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Map<String, List<APIResource>> builtIn() {
    var core =
        List.of(
            builtIn("namespaces", "namespace", "Namespace", false, "ns"),
            builtIn("secrets", "secret", "Secret", true),
            builtIn("configmaps", "configmap", "ConfigMap", true, "cm"),
            builtIn("events", "event", "Event", true, "ev"),
            builtIn("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"));
    var crds =
        List.of(
            builtIn(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                "crd",
                "crds"));
    var map = new LinkedHashMap<String, List<APIResource>>();
    map.put("v1", core);
    map.put("apiextensions.k8s.io/v1", crds);
    return Collections.unmodifiableMap(map);
  }

  private static APIResource builtIn(
      String plural, String singular, String kind, boolean namespaced, String... shortNames) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames)
        .withVerbs(ALL_VERBS)
        .build();
  }
}

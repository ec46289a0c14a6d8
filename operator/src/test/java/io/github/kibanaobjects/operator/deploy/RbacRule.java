package io.github.kibanaobjects.operator.deploy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * One Kubernetes API request as RBAC sees it: verb, API group, resource (with subresource). Parsed
 * from the request line, so a test can compare what the operator really called with what its
 * ClusterRole grants.
 */
record RbacRule(String verb, String group, String resource) {

  static RbacRule of(String method, String pathAndQuery) {
    var uri = URI.create(pathAndQuery);
    var parts = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
    // /api/v1/... or /apis/<group>/<version>/...
    String group;
    List<String> rest;
    if (parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    }
    if (rest.size() >= 2 && rest.get(0).equals("namespaces") && rest.size() > 2) {
      rest = rest.subList(2, rest.size());
    }
    var resource = rest.get(0);
    boolean named = rest.size() >= 2;
    if (rest.size() >= 3) {
      resource = resource + "/" + rest.get(2);
    }
    var query = uri.getQuery() == null ? "" : uri.getQuery();
    var verb =
        switch (method) {
          case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase();
        };
    return new RbacRule(verb, group, resource);
  }

  @Override
  public String toString() {
    return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
  }
}

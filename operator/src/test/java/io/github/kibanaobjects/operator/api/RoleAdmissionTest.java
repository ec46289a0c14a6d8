package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRole;
import io.github.kibanaobjects.operator.mapping.RoleNames;
import io.github.kibanaobjects.operator.testing.OperatorHarness;
import io.github.kibanaobjects.operator.testing.RealApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On a real API server: reserved role names and dot segments never get past admission. */
class RoleAdmissionTest {
  static final String NS = "role-admission";

  @BeforeAll
  static void namespace() {
    RealApiServer.get().ensureNamespace(NS);
  }

  static KibanaRole named(String resource, String roleName) {
    var role = OperatorHarness.role(NS, resource, "kibana", "analytics");
    role.getSpec().setName(roleName);
    return role;
  }

  @Test
  void everyReservedNameAndDotSegmentIsRefused() {
    var client = RealApiServer.get().client().resources(KibanaRole.class).inNamespace(NS);
    var refused = new java.util.ArrayList<>(RoleNames.RESERVED);
    refused.add(".");
    refused.add("..");
    int i = 0;
    for (var name : refused) {
      var role = named("reserved-" + i++, name);
      assertThatThrownBy(() -> client.resource(role).create())
          .as(name)
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining("reserved role of Elasticsearch");
    }
  }

  @Test
  void ordinaryNamesAndRemotePrivilegesAreAdmitted() {
    var client = RealApiServer.get().client().resources(KibanaRole.class).inNamespace(NS);
    var role = named("publisher", "superuser-like publisher");
    var es = new io.github.kibanaobjects.operator.api.v1alpha1.ElasticsearchPrivileges();
    es.setRemoteIndices(
        java.util.List.of(
            new io.github.kibanaobjects.operator.api.v1alpha1.RemoteIndexPrivilege(
                java.util.List.of("eu-*"),
                java.util.List.of("logs-*"),
                java.util.List.of("read"))));
    role.getSpec().setElasticsearch(es);

    var created = client.resource(role).create();

    assertThat(created.getSpec().getElasticsearch().getRemoteIndices()).hasSize(1);
    assertThat(created.getSpec().getName()).isEqualTo("superuser-like publisher");
  }
}

package io.github.kibanaobjects.operator.reconciler.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMetadataStoreTest {

  static Secret secret(String name, String resourceVersion) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team")
        .withUid("uid-" + name)
        .withResourceVersion(resourceVersion)
        .withLabels(Map.of("app", "kibana"))
        .withAnnotations(
            Map.of(
                "kubectl.kubernetes.io/last-applied-configuration",
                "{\"stringData\":{\"password\":\"hunter2\"}}"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
        .endMetadata()
        .withType("kubernetes.io/basic-auth")
        .withData(Map.of("password", "aHVudGVyMg=="))
        .withStringData(Map.of("username", "elastic"))
        .build();
  }

  @Test
  void keepsWhatTellsSecretsApartAndWhenTheyChangedButNoContent() {
    var store = new SecretMetadataStore();
    var secret = secret("kibana-credentials", "41");

    store.put(store.getKey(secret), secret);
    var kept = store.get("team/kibana-credentials");

    assertThat(kept.getMetadata().getName()).isEqualTo("kibana-credentials");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(kept.getMetadata().getUid()).isEqualTo("uid-kibana-credentials");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("41");
    assertThat(kept.getMetadata().getLabels()).containsEntry("app", "kibana");
    assertThat(kept.getType()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(kept.getData()).isNullOrEmpty();
    assertThat(kept.getStringData()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    // The informer's own object is left as it was.
    assertThat(secret.getData()).containsKey("password");
  }

  @Test
  void behavesAsAStoreKeyedByNamespaceAndName() {
    var store = new SecretMetadataStore();
    var first = secret("a", "1");
    store.put(store.getKey(first), first);
    store.put("team/b", secret("b", "2"));

    var previous = store.put("team/a", secret("a", "3"));

    assertThat(store.getKey(first)).isEqualTo("team/a");
    assertThat(previous.getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(previous.getData()).isNullOrEmpty();
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.keySet()).containsExactlyInAnyOrder("team/a", "team/b");
    assertThat(store.values()).allSatisfy(s -> assertThat(s.getData()).isNullOrEmpty());
    assertThat(store.remove("team/b").getMetadata().getName()).isEqualTo("b");
    assertThat(store.get("team/b")).isNull();
    assertThat(store.size()).isEqualTo(1);
  }
}

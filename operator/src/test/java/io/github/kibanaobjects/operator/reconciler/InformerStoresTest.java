package io.github.kibanaobjects.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A lean cache only where one informer fills it, and what it leaves out. */
class InformerStoresTest {
  @Test
  void aStoreIsGivenToOneInformerOnly() {
    // all namespaces and the current one are each one entry, so one informer
    for (var namespaces :
        List.of(
            Set.of(Constants.WATCH_ALL_NAMESPACES),
            Set.of(Constants.WATCH_CURRENT_NAMESPACE),
            Set.of("team-a"))) {
      assertThat(
              InformerStores.<ConfigMap>ifOneInformer(
                  namespaces.size(), ManagedFieldsFreeStore::new))
          .as("%s", namespaces)
          .isInstanceOf(ManagedFieldsFreeStore.class);
    }
    assertThat(InformerStores.<ConfigMap>ifOneInformer(2, ManagedFieldsFreeStore::new)).isNull();
  }

  @Test
  void theStoreKeepsAResourceWithoutItsManagedFields() {
    var fields = new FieldsV1();
    fields.setAdditionalProperty("f:data", java.util.Map.of("f:chart.json", java.util.Map.of()));
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("charts")
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl")
                    .withOperation("Update")
                    .withFieldsV1(fields)
                    .build())
            .endMetadata()
            .addToData("chart.json", "{}")
            .build();
    var store = new ManagedFieldsFreeStore<ConfigMap>();

    store.put(store.getKey(configMap), configMap);

    var kept = store.get("team-a/charts");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getData()).containsEntry("chart.json", "{}");
  }
}

package dev.sluice.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LeanStoreTest {

  @Test
  void keepsObjectsByNamespaceAndNameWithoutTheirManagedFields() {
    ConfigMap plan = new ConfigMapBuilder()
        .withNewMetadata().withNamespace("team").withName("counts-plan").withResourceVersion("7")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("sluice-operator").withOperation("Apply")
            .build())
        .endMetadata()
        .withData(Map.of("plan.json", "{}"))
        .build();
    LeanStore<ConfigMap> store = new LeanStore<>();
    store.put(store.getKey(plan), plan);

    ConfigMap kept = store.get("team/counts-plan");
    assertNull(kept.getMetadata().getManagedFields());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertEquals(Map.of("plan.json", "{}"), kept.getData());
  }
}

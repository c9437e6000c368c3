package dev.sluice.gitops;

import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The argocd-cm snippet users merge carries exactly the health scripts that ArgoCdHealthTest runs. */
class ArgoCdConfigMapTest {

  private static final Path ARGOCD = TestPaths.repoRoot().resolve("docs/argocd");

  @Test
  void theConfigMapCarriesEachHealthScriptVerbatim() throws IOException {
    ConfigMap argocd = Serialization.unmarshal(Files.readString(ARGOCD.resolve("argocd-cm.yaml")), ConfigMap.class);
    for (String kind : new String[] {"Pipeline", "Dataset", "ServiceLevelObjective"}) {
      assertEquals(Files.readString(ARGOCD.resolve("sluice.dev/" + kind + "/health.lua")),
          argocd.getData().get("resource.customizations.health.sluice.dev_" + kind), kind);
    }
    assertEquals(3, argocd.getData().size());
  }
}

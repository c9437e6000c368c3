package dev.sluice.api.crd;

import dev.sluice.api.RepoRoot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed CRD YAML is what the Java model generates. */
class CrdDriftTest {

  private static final String FIX = "The committed CRDs differ from the Java model in crds/. "
      + "Regenerate them with: hack/update-crds.sh";

  @Test
  void chartCrdsMatchTheModel() throws IOException {
    Map<String, String> rendered = CrdRenderer.render();
    Path chartCrds = RepoRoot.path().resolve(CrdRenderer.CHART_CRDS);
    try (var committed = Files.list(chartCrds)) {
      assertEquals(rendered.keySet(), committed.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toSet()), FIX);
    }
    for (Map.Entry<String, String> crd : rendered.entrySet()) {
      Path file = chartCrds.resolve(crd.getKey());
      assertTrue(Files.exists(file), FIX + " (missing " + file + ")");
      assertEquals(crd.getValue(), Files.readString(file), FIX + " (" + file + " is stale)");
    }
  }

  @Test
  void bundleMatchesTheModel() throws IOException {
    Path bundle = RepoRoot.path().resolve(CrdRenderer.BUNDLE);
    assertTrue(Files.exists(bundle), FIX + " (missing " + bundle + ")");
    assertEquals(CrdRenderer.bundle(CrdRenderer.render()), Files.readString(bundle), FIX + " (" + bundle + " is stale)");
  }
}

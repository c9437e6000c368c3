package dev.sluice.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestsTest {

  @Test
  void anUnknownFieldIsNamedWithItsPath(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("p.yaml"), """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: p}
        spec:
          inputs: [a]
          outputs: [b]
          sql: INSERT INTO b SELECT * FROM a
          parallelism: {maximum: 3}
        """);
    ManifestException error = assertThrows(ManifestException.class, () -> Manifests.loadFile(file));
    assertTrue(error.getMessage().contains("'maximum'"), error.getMessage());
    assertTrue(error.getMessage().contains("spec.parallelism"), error.getMessage());
    assertTrue(error.getMessage().contains("p.yaml"), error.getMessage());
  }

  @Test
  void aForeignKindIsRefusedByName(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    ManifestException error = assertThrows(ManifestException.class, () -> Manifests.loadFile(file));
    assertTrue(error.getMessage().contains("ConfigMap"), error.getMessage());
  }
}

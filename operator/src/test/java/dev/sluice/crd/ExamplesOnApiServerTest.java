package dev.sluice.crd;

import dev.sluice.testing.ApiServer;
import dev.sluice.testing.RealApiServer;
import dev.sluice.testing.TestPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every manifest under examples/ is accepted by a real API server, which applies the defaults. */
@ExtendWith(RealApiServer.class)
class ExamplesOnApiServerTest {

  private static ApiServer api;

  @BeforeAll
  static void server(ApiServer server) {
    api = server;
  }

  @Test
  void everyExampleIsAccepted() throws IOException {
    // Each example set goes to a namespace of its own, as a user applies it: sets may reuse names.
    Map<Path, String> namespaces = new HashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(TestPaths.examples())) {
      files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    int created = 0;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        String namespace = namespaces.computeIfAbsent(file.getParent(), set -> api.newNamespace("examples"));
        for (HasMetadata resource : api.client().load(in).inNamespace(namespace).create()) {
          assertNotNull(resource.getMetadata().getUid(), file + ": " + resource.getMetadata().getName());
          created++;
        }
      }
    }
    assertEquals(countDocuments(files), created);
  }

  @Test
  void theServerAppliesTheSchemaDefaults() throws IOException {
    String namespace = api.newNamespace("defaults");
    try (InputStream in = Files.newInputStream(TestPaths.examples().resolve("iot-sensors/pipeline.yaml"))) {
      api.client().load(in).inNamespace(namespace).create();
    }
    GenericKubernetesResource pipeline = api.client().genericKubernetesResources("sluice.dev/v1alpha1", "Pipeline")
        .inNamespace(namespace).withName("sensor-stats").get();
    Map<String, Object> spec = pipeline.get("spec");
    assertEquals("exactly-once", pipeline.get("spec", "checkpointing", "mode"));
    assertEquals(false, pipeline.get("spec", "suspend"));
    assertEquals("2Gi", pipeline.get("spec", "resources", "taskManager", "memory"));
    assertEquals(0.7, pipeline.<Number>get("spec", "autoscaler", "targetUtilization").doubleValue());
    assertEquals(List.of("sensor-readings"), spec.get("inputs"));
  }

  private static long countDocuments(List<Path> files) throws IOException {
    long documents = 0;
    for (Path file : files) {
      documents += Files.readString(file).lines().filter(line -> line.startsWith("kind:")).count();
    }
    return documents;
  }
}

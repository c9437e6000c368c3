package dev.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExamplesTest {

  @TestFactory
  Stream<DynamicTest> everyExampleRoundTripsThroughTheJavaTypes() throws IOException {
    try (Stream<Path> files = Files.walk(RepoRoot.examples())) {
      List<Path> yamlFiles = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yamlFiles.isEmpty(), "no examples found under " + RepoRoot.examples());
      return yamlFiles.stream().map(file -> DynamicTest.dynamicTest(
          RepoRoot.examples().relativize(file).toString(), () -> assertRoundTrips(file)));
    }
  }

  private static void assertRoundTrips(Path file) throws IOException {
    List<HasMetadata> resources = Manifests.loadFile(file);
    assertFalse(resources.isEmpty(), file + " holds no Sluice resource");
    for (HasMetadata resource : resources) {
      String yaml = Manifests.yaml().writeValueAsString(resource);
      HasMetadata again = Manifests.yaml().readValue(yaml, resource.getClass());
      JsonNode first = Manifests.yaml().valueToTree(resource);
      JsonNode second = Manifests.yaml().valueToTree(again);
      assertEquals(first, second, "round trip changed " + resource.getKind() + " " + resource.getMetadata().getName());
      assertTrue(first.path("spec").size() > 0, "empty spec in " + file);
    }
  }

  @Test
  void everyExampleSetIsComplete() throws IOException {
    try (Stream<Path> dirs = Files.list(RepoRoot.examples())) {
      List<Path> sets = dirs.filter(Files::isDirectory).toList();
      assertTrue(sets.size() >= 3, "at least three example sets, found " + sets);
      for (Path set : sets) {
        ManifestSet manifests = Manifests.loadDirectory(set);
        assertFalse(manifests.pipelines().isEmpty(), set + " has no Pipeline");
        assertFalse(manifests.slos().isEmpty(), set + " has no ServiceLevelObjective");
        Set<String> declared = new HashSet<>();
        manifests.datasets().forEach(d -> declared.add(d.getMetadata().getName()));
        for (Pipeline pipeline : manifests.pipelines()) {
          Stream.concat(pipeline.getSpec().inputs().stream(), pipeline.getSpec().outputs().stream())
              .forEach(name -> assertTrue(declared.contains(name),
                  set + ": pipeline " + pipeline.getMetadata().getName() + " uses undeclared dataset " + name));
        }
        manifests.slos().forEach(slo -> assertTrue(
            declared.contains(slo.getSpec().target().name())
                || manifests.pipelines().stream().anyMatch(p -> p.getMetadata().getName().equals(slo.getSpec().target().name())),
            set + ": SLO " + slo.getMetadata().getName() + " targets nothing in the set"));
      }
    }
  }

  @Test
  void exampleValuesReachTheTypedModel() {
    ManifestSet iot = Manifests.loadDirectory(RepoRoot.examples().resolve("iot-sensors"));
    Pipeline pipeline = iot.pipelines().get(0);
    assertEquals(3, pipeline.getSpec().quality().size());
    assertEquals("sensor-readings-rejected", pipeline.getSpec().quality().get(1).deadLetter());
    Dataset readings = iot.dataset("sensor-readings").orElseThrow();
    assertEquals(8, readings.getSpec().connector().kafka().partitions());
    assertEquals("kafka", readings.getSpec().connector().kind());
    assertEquals("1m", readings.getSpec().schema().eventTime().watermarkDelay());
  }
}

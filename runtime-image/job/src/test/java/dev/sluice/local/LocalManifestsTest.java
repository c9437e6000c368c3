package dev.sluice.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalManifestsTest {

  @TempDir
  Path temp;

  @Test
  void anObjectiveTheDirectoryCannotServeIsReportedOnceAndTheRestLoads() throws Exception {
    Files.writeString(temp.resolve("pipeline.yaml"), """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: numbers}
        spec:
          connector: {datagen: {numberOfRows: 10}}
          schema: {columns: [{name: n, type: INT}]}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: nowhere}
        spec:
          connector: {blackhole: {}}
          schema: {columns: [{name: n, type: INT}]}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: copy}
        spec:
          inputs: [numbers]
          outputs: [nowhere]
          sql: INSERT INTO nowhere SELECT n FROM numbers
        """);
    Files.createDirectories(temp.resolve("slos"));
    Files.writeString(temp.resolve("slos/objectives.yaml"), """
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: copy-available}
        spec:
          target: {kind: Pipeline, name: copy}
          indicator: {availability: {}}
          objective: 99
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: elsewhere-available}
        spec:
          target: {kind: Pipeline, name: elsewhere}
          indicator: {availability: {}}
          objective: 99
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: nowhere-lag}
        spec:
          target: {kind: Dataset, name: nowhere}
          indicator: {lag: {maxDelay: 1m}}
          objective: 99
          window: 30m
        """);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    LocalManifests manifests = LocalManifests.load(temp, new PrintStream(output, true, StandardCharsets.UTF_8));

    String printed = output.toString(StandardCharsets.UTF_8);
    String file = Path.of("slos", "objectives.yaml").toString();
    assertEquals(List.of(
        "Invalid manifest, not run: " + file + " ServiceLevelObjective/elsewhere-available: spec.target: Pipeline "
            + "elsewhere is not declared in this directory; add its manifest or correct spec.target.name",
        "Invalid manifest, not run: " + file + " ServiceLevelObjective/nowhere-lag: spec.window must be at least 1h, "
            + "such as 1h, 7d or 28d; spec.indicator: lag, checkpointSuccess, availability and qualityPassRate apply "
            + "to a Pipeline target; a Dataset target takes freshness or latency"), printed.lines().toList());
    assertEquals(2, manifests.invalid());
    assertEquals(List.of("copy-available"), manifests.resources().slos().stream()
        .map(objective -> objective.getMetadata().getName()).toList());
    assertEquals(List.of("copy"), manifests.resources().pipelines().stream()
        .map(pipeline -> pipeline.getMetadata().getName()).toList());
    assertEquals(2, manifests.resources().datasets().size());
  }
}

package dev.sluice.local;

import dev.sluice.fixtures.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceRunTest {

  @TempDir
  Path temp;

  @Test
  void theLocalDemoRunsAndReportsItsStatus() throws Exception {
    Path demo = temp.resolve("local-demo");
    Files.createDirectories(demo);
    for (Path file : Files.list(Examples.directory().resolve("local-demo")).toList()) {
      Files.copy(file, demo.resolve(file.getFileName()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    int exit = SluiceRun.run(demo, Duration.ofSeconds(14), new PrintStream(output, true, StandardCharsets.UTF_8));

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    List<String> last = lastTable(printed);
    assertTrue(last.get(0).matches("PIPELINE +STATE +PARALLELISM +ROWS READ +ROWS WRITTEN +CHECKPOINTS +VIOLATIONS"),
        printed);
    String[] demoRow = last.get(1).split(" +");
    assertEquals(List.of("clicks-per-user", "RUNNING", "1"), List.of(demoRow[0], demoRow[1], demoRow[2]), printed);
    assertTrue(Long.parseLong(demoRow[3]) > 1000, "rows read at 200 a second: " + demoRow[3]);
    assertTrue(Long.parseLong(demoRow[4]) > 0, "a ten-second window closed: " + printed);
    assertTrue(Long.parseLong(demoRow[5]) > 0, "checkpoints every 5s: " + demoRow[5]);
  }

  @Test
  void anInvalidPipelineIsReportedAndTheRunFails() throws Exception {
    Files.writeString(temp.resolve("broken.yaml"), """
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
        metadata: {name: broken}
        spec:
          inputs: [numbers]
          outputs: [nowhere]
          sql: INSERT INTO nowhere SELECT n FROM numberz
        """);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    int exit = SluiceRun.run(temp, Duration.ofSeconds(1), new PrintStream(output, true, StandardCharsets.UTF_8));

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit, printed);
    assertTrue(printed.contains("Pipeline broken is invalid and does not run:\n  Pipeline/broken spec.sql: statement at "
        + "line 1: table 'numberz' is not a declared dataset"), printed);
  }

  private static List<String> lastTable(String printed) {
    String[] tables = printed.strip().split("\n\n");
    return tables[tables.length - 1].lines().toList();
  }
}

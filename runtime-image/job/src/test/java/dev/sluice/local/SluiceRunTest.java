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
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceRunTest {

  @TempDir
  Path temp;

  @Test
  void theLocalDemoRunsAndReportsItsStatus() throws Exception {
    Path demo = temp.resolve("local-demo");
    Files.createDirectories(demo);
    for (Path file : Files.list(Examples.directory().resolve("local-demo")).filter(Files::isRegularFile).toList()) {
      Files.copy(file, demo.resolve(file.getFileName()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    int exit = run(output, "run", demo.toString(), "--for", "20s", "--status-file",
        temp.resolve("status.yaml").toString());

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed);
    List<String> last = lastTable(printed, "PIPELINE ");
    assertEquals(StatusTable.HEADER, List.of(last.get(0).split(" {2,}")), printed);
    assertTrue(printed.contains("Local Kafka topics [clicks, clicks-audit] are served at 127.0.0.1:"), printed);
    assertTrue(Pattern.compile("^live page: http://127\\.0\\.0\\.1:\\d+/$", Pattern.MULTILINE).matcher(printed).find(),
        printed);
    String[] demoRow = last.get(2).split(" {2,}");
    assertEquals(List.of("clicks-per-user", "Running", "1"), List.of(demoRow[0], demoRow[1], demoRow[2]), printed);
    assertTrue(demoRow[3].matches("\\d+.*"), "the lag of the Kafka source: " + printed);
    assertTrue(demoRow[6].matches("\\d+s ago"), "checkpoints every 2s: " + printed);
    assertTrue(Files.readString(demo.resolve(".sluice/clicks-per-user.out")).contains("clicks-per-user> +I["),
        "the print sink's rows go to a file");
    assertFalse(printed.contains("+I["), "and not to the terminal: " + printed);
    String status = Files.readString(temp.resolve("status.yaml"));
    assertTrue(status.contains("---\napiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nmetadata:\n  name: clicks-per-user\n"
        + "status:\n  phase: Running\n"), status);
    assertTrue(status.contains("\n  checkpoint:\n    lastCompletedTime: "), status);

    // The demo's freshness objective, evaluated as the operator would, in the table and the file.
    List<String> objectives = lastTable(printed, "SLO ");
    assertEquals(StatusTable.OBJECTIVES_HEADER, List.of(objectives.get(0).split(" {2,}")), printed);
    String[] fresh = objectives.get(1).split(" {2,}");
    assertEquals(List.of("clicks-per-user-fresh", "clicks-per-user-10s", "Healthy"), List.of(fresh).subList(0, 3),
        printed);
    assertTrue(fresh[3].matches("\\d+(\\.\\d+)?s"), "the age of the output in seconds: " + printed);
    assertEquals(List.of("100%", "100%"), List.of(fresh[4], fresh[5]), "fresh throughout: " + printed);
    assertTrue(status.contains("---\napiVersion: sluice.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n"
        + "  name: clicks-per-user-fresh\nstatus:\n  state: Healthy\n  sli: "), status);
  }

  @Test
  void invalidManifestsAreReportedOnceAndTheValidOnesRun() throws Exception {
    Files.writeString(temp.resolve("typo.yaml"), """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: elsewhere}
        spec:
          connecter: {blackhole: {}}
          schema: {columns: [{name: n, type: INT}]}
        """);
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
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: fine}
        spec:
          inputs: [numbers]
          outputs: [nowhere]
          sql: INSERT INTO nowhere SELECT n FROM numbers
        """);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    int exit = run(output, "run", temp.toString(), "--for", "20s");

    String printed = output.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit, printed);
    assertTrue(printed.contains("Pipeline broken (broken.yaml) is invalid and does not run:\n  Pipeline/broken spec.sql: "
        + "statement at line 1: table 'numberz' is not a declared dataset"), printed);
    assertTrue(printed.startsWith("Invalid manifest, not run: typo.yaml (document 1) Dataset/elsewhere: unknown field "
        + "'connecter' at spec.connecter"), printed);
    assertEquals(1, printed.split("Pipeline broken \\(", -1).length - 1, "reported once: " + printed);
    assertEquals(1, printed.split("typo.yaml", -1).length - 1, "reported once: " + printed);
    assertEquals(List.of("fine", "Finished"), List.of(lastTable(printed, "PIPELINE ").get(1).split(" {2,}")).subList(0, 2), printed);
  }

  private static int run(ByteArrayOutputStream output, String... args) throws Exception {
    return new SluiceRun(RunOptions.parse(args).orElseThrow(), new PrintStream(output, true, StandardCharsets.UTF_8),
        false, new CountDownLatch(1)).run();
  }

  /** The lines of the last table printed whose header starts so, from its header to the blank line after it. */
  private static List<String> lastTable(String printed, String header) {
    List<String> lines = printed.lines().toList();
    int start = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(header)) {
        start = i;
        break;
      }
    }
    int end = lines.subList(start, lines.size()).indexOf("");
    return lines.subList(start, end < 0 ? lines.size() : start + end);
  }
}

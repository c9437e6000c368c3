package dev.sluice.runtime;

import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanJson;
import dev.sluice.fixtures.JobTestCluster;
import dev.sluice.fixtures.Specs;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime main runs a plan file in a MiniCluster: generated rows reach files, exactly. */
class SluiceJobSmokeTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = JobTestCluster.extension(1, 2);

  @TempDir
  Path temp;

  @Test
  void thePlanFileRunsAsOneJobThatWritesEveryGeneratedRowOnce(@InjectClusterClient ClusterClient<?> client)
      throws Exception {
    Path planFile = temp.resolve("plan.json");
    Files.writeString(planFile, PlanJson.write(plan(temp.resolve("run-1"))));

    SluiceJob.main(new String[] {"--plan", planFile.toString()});

    JobStatusMessage job = client.listJobs().get(30, TimeUnit.SECONDS).iterator().next();
    assertEquals("sluice/test/generate-files", job.getJobName());
    JobResult result = client.requestJobResult(job.getJobId()).get(2, TimeUnit.MINUTES);
    assertTrue(result.isSuccess(), () -> "job failed: " + result.getSerializedThrowable());
    List<String> rows = rows(temp.resolve("run-1"));
    assertEquals(LongStream.rangeClosed(1, 300).boxed().collect(Collectors.toSet()),
        rows.stream().map(row -> Long.parseLong(row.split(",")[0])).collect(Collectors.toSet()));
    assertEquals(300, rows.size(), "each generated row is written once");
    assertTrue(rows.stream().allMatch(row -> row.split(",")[1].length() == 6), "names have the configured length");

    JobID again = SluiceJob.start(plan(temp.resolve("run-2")), Map.of(), JobTestCluster.parallelism(2)).getJobID();
    assertTrue(client.requestJobResult(again).get(2, TimeUnit.MINUTES).isSuccess());
    assertEquals(new TreeSet<>(rows), new TreeSet<>(rows(temp.resolve("run-2"))),
        "the same index generates the same row, whatever the parallelism");
  }

  private PipelinePlan plan(Path output) {
    DatasetSpec generated = Specs.dataset("""
        connector:
          datagen:
            rowsPerSecond: 2000
            numberOfRows: 300
            fields:
              id: {kind: sequence, start: 1, end: 300}
              name: {length: 6}
        schema:
          columns: [{name: id, type: BIGINT, nullable: false}, {name: name, type: STRING}]
        """);
    DatasetSpec files = Specs.dataset("""
        connector:
          filesystem: {path: "%s"}
        format: csv
        schema:
          columns: [{name: id, type: BIGINT}, {name: name, type: STRING}]
        """.formatted(output.toUri()));
    return PlanBuilder.build("test", "generate-files", Specs.pipeline("""
            inputs: [generated]
            outputs: [files]
            sql: INSERT INTO files SELECT id, name FROM generated
            checkpointing: {interval: 500ms}
            """), Map.of("generated", generated, "files", files), JobTestCluster.defaults(temp.resolve("state")))
        .plan();
  }

  /** The lines of the committed files; in-progress files are hidden and left out. */
  private static List<String> rows(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      Set<Path> committed = files.filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith(".")).collect(Collectors.toSet());
      List<String> lines = new java.util.ArrayList<>();
      for (Path file : committed) {
        lines.addAll(Files.readAllLines(file));
      }
      return lines;
    }
  }
}

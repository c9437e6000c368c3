package dev.sluice.local;

import dev.sluice.api.ManifestSet;
import dev.sluice.api.Manifests;
import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import dev.sluice.runtime.InvalidPlanException;
import dev.sluice.runtime.SluiceJob;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code sluice run <dir> [--for <duration>]}: runs the Pipelines of a directory of manifests in
 * one Flink MiniCluster in this process, with the same plans and runtime as in a cluster, and
 * prints their status every few seconds until the duration is over, every job has ended, or the
 * process is stopped. The exit code is 0 when every Pipeline was valid and none failed.
 */
public final class SluiceRun {

  private static final Duration REFRESH = Duration.ofSeconds(5);

  private SluiceRun() {
  }

  public static void main(String[] args) throws Exception {
    boolean forDuration = args.length == 4 && args[2].equals("--for");
    if (args.length < 2 || !args[0].equals("run") || (args.length != 2 && !forDuration)) {
      System.err.println("usage: sluice run <directory of manifests> [--for <duration such as 90s or 10m>]");
      System.exit(2);
    }
    Duration duration = forDuration ? Durations.parse(args[3]) : Duration.ofDays(365);
    System.exit(run(Path.of(args[1]), duration, System.out));
  }

  static int run(Path directory, Duration duration, PrintStream out) throws Exception {
    ManifestSet manifests = Manifests.loadDirectory(directory);
    Map<String, DatasetSpec> datasets = manifests.datasets().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), Dataset::getSpec));
    PlanDefaults defaults = PlanDefaults.forStorage(directory.toAbsolutePath().resolve(".sluice/state").toUri()
        .toString()).withStateBackend("hashmap").withoutPrometheus();
    Map<String, PipelinePlan> plans = new LinkedHashMap<>();
    boolean allValid = true;
    for (Pipeline pipeline : manifests.pipelines()) {
      String name = pipeline.getMetadata().getName();
      PlanResult result = PlanBuilder.build("local", name, pipeline.getSpec(), datasets, defaults);
      List<PlanError> errors = result.valid() ? LocalKafka.refuse(pipeline, datasets) : result.errors();
      if (errors.isEmpty()) {
        plans.put(name, result.plan());
      } else {
        allValid = false;
        report(out, name, errors);
      }
    }
    int slots = Math.max(1, plans.values().stream().mapToInt(PipelinePlan::parallelism).sum());
    try (LocalCluster cluster = LocalCluster.start(slots)) {
      Map<String, JobClient> jobs = new LinkedHashMap<>();
      for (PipelinePlan plan : plans.values()) {
        try {
          jobs.put(plan.name(), SluiceJob.start(plan, System.getenv(), parallelism(plan.parallelism())));
        } catch (InvalidPlanException e) {
          allValid = false;
          report(out, plan.name(), e.errors());
        }
      }
      boolean healthy = watch(cluster, plans, jobs, duration, out);
      for (JobClient job : jobs.values()) {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
          job.cancel().get();
        }
      }
      return allValid && healthy ? 0 : 1;
    }
  }

  /** Prints the table until the duration is over or every job ended; whether no job failed. */
  private static boolean watch(LocalCluster cluster, Map<String, PipelinePlan> plans, Map<String, JobClient> jobs,
                               Duration duration, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    while (true) {
      Thread.sleep(Math.min(REFRESH.toMillis(), Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
      StatusTable table = new StatusTable();
      boolean allEnded = true;
      boolean anyFailed = false;
      for (Map.Entry<String, JobClient> job : jobs.entrySet()) {
        JobStatus status = job.getValue().getJobStatus().get();
        String id = job.getValue().getJobID().toString();
        allEnded &= status.isGloballyTerminalState();
        anyFailed |= status == JobStatus.FAILED;
        table.add(job.getKey(), status.name(), plans.get(job.getKey()).parallelism(), LocalMetrics.rowsRead(id),
            LocalMetrics.rowsWritten(id), cluster.completedCheckpoints(job.getValue().getJobID()),
            LocalMetrics.violations(id));
      }
      table.print(out);
      if (allEnded || System.nanoTime() >= deadline) {
        return !anyFailed;
      }
    }
  }

  private static Configuration parallelism(int parallelism) {
    Configuration configuration = new Configuration();
    configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    return configuration;
  }

  private static void report(PrintStream out, String pipeline, List<PlanError> errors) {
    out.println("Pipeline " + pipeline + " is invalid and does not run:");
    errors.forEach(error -> out.println("  " + error));
    out.println();
  }
}

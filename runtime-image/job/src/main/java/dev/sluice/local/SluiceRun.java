package dev.sluice.local;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.flink.FlinkEndpoint;
import dev.sluice.flink.SavepointTrigger;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkRestException;
import dev.sluice.local.page.LivePage;
import dev.sluice.local.page.StatusHistory;
import dev.sluice.observation.JobLooks;
import dev.sluice.plan.PipelinePlan;
import dev.sluice.plan.PlanBuilder;
import dev.sluice.plan.PlanDefaults;
import dev.sluice.plan.PlanError;
import dev.sluice.plan.PlanResult;
import dev.sluice.runtime.InvalidPlanException;
import dev.sluice.runtime.SluiceJob;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code sluice run <dir>}: runs the Pipelines of a directory of manifests on this machine, each in
 * a Flink MiniCluster of its own in this process, with the same plans, runtime, observation,
 * autoscaler and SLO evaluation as the operator. It prints their status and their objectives', and
 * charts the Pipelines on a live page, until the duration is over, every job has ended, or the
 * process is stopped; then it stops every job with a savepoint, from which the next run in the same
 * directory resumes. The exit code is 0 when every manifest was valid and no job failed.
 */
public final class SluiceRun {

  /** How often the table is redrawn; the autoscaler looks at the operator's pace, {@link JobLooks#EVERY}. */
  static final Duration REFRESH = Duration.ofSeconds(5);
  private static final Duration SAVEPOINT_WAIT = Duration.ofMinutes(2);

  private final RunOptions options;
  private final Screen screen;
  private final PrintStream out;
  private final CountDownLatch stop;
  private final FlinkRestClient flink = new FlinkRestClient();
  private final Clock clock = Clock.systemUTC();
  /** What the live page charts, fed the statuses that the table prints. */
  private final StatusHistory history = new StatusHistory(StatusHistory.WINDOW);

  SluiceRun(RunOptions options, PrintStream out, boolean terminal, CountDownLatch stop) {
    this.options = options;
    this.out = out;
    this.screen = new Screen(out, terminal);
    this.stop = stop;
  }

  public static void main(String[] args) throws Exception {
    Optional<RunOptions> options = RunOptions.parse(args);
    if (options.isEmpty()) {
      System.err.println(RunOptions.USAGE);
      System.exit(2);
    }
    // Before the first logger: Flink's and Kafka's messages go to the log file, not between tables.
    System.setProperty("sluice.log.file", SluiceDirectory.of(options.get().directory()).log().toString());
    System.setProperty("log4j2.configurationFile", "classpath:sluice-local-log4j2.properties");
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    int[] exit = {1};
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(SAVEPOINT_WAIT.toSeconds() + 30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sluice-run-stop"));
    try {
      exit[0] = new SluiceRun(options.get(), System.out, System.console() != null, stop).run();
    } finally {
      stopped.countDown();
    }
    if (stop.getCount() > 0) {
      System.exit(exit[0]);
    }
  }

  /** Runs until the duration is over, every job ended, or {@code stop} counts down; the exit code. */
  int run() throws Exception {
    Path directory = options.directory();
    SluiceDirectory state = SluiceDirectory.of(directory);
    LocalManifests manifests = LocalManifests.load(directory, out);
    Map<String, Dataset> declared = manifests.resources().datasets().stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d, (a, b) -> a, LinkedHashMap::new));
    try (LivePage page = livePage();
        EmbeddedKafka kafka = LocalKafka.any(declared) ? EmbeddedKafka.start(state.kafka()) : null) {
      screen.line("live page: " + page.address());
      Map<String, Dataset> datasets = declared;
      if (kafka != null) {
        datasets = LocalKafka.servedBy(kafka.bootstrapServers(), declared);
        kafka.createTopics(LocalKafka.topics(datasets));
        screen.line("Local Kafka topics " + LocalKafka.topics(datasets).keySet() + " are served at "
            + kafka.bootstrapServers() + ", with their log in " + directory.relativize(directory.resolve(
            SluiceDirectory.NAME).resolve("kafka")));
      }
      return run(manifests, declared, datasets, state);
    }
  }

  private LivePage livePage() throws IOException {
    try {
      return LivePage.start(options.port(), history);
    } catch (BindException e) {
      throw new IOException("cannot serve the live page on port " + options.port() + " (" + e.getMessage()
          + "); --port 0 takes a free one", e);
    }
  }

  /**
   * @param declared the Datasets as the manifests declare them
   * @param datasets the same, local Kafka topics pointed at the embedded broker
   */
  private int run(LocalManifests manifests, Map<String, Dataset> declared, Map<String, Dataset> datasets,
      SluiceDirectory state) throws Exception {
    Map<String, DatasetSpec> specs = specs(datasets);
    PlanDefaults defaults = PlanDefaults.forStorage(state.state().toUri().toString())
        .withStateBackend("hashmap").withoutPrometheus();
    boolean allValid = manifests.invalid() == 0;
    Map<Pipeline, PipelinePlan> plans = new LinkedHashMap<>();
    Map<String, String> manifestHashes = new LinkedHashMap<>();
    for (Pipeline pipeline : manifests.resources().pipelines()) {
      String name = pipeline.getMetadata().getName();
      pipeline.getMetadata().setNamespace(LocalNames.NAMESPACE);
      PlanResult result = PlanBuilder.build(LocalNames.NAMESPACE, name, pipeline.getSpec(), specs, defaults);
      if (result.valid()) {
        plans.put(pipeline, result.plan());
        // The embedded broker's port changes from run to run; whether a savepoint fits does not.
        manifestHashes.put(name, PlanBuilder.build(LocalNames.NAMESPACE, name, pipeline.getSpec(), specs(declared),
            defaults).plan().hash());
      } else {
        allValid = false;
        report(manifests.file("Pipeline", name), name, result.errors());
      }
    }
    LocalObjectives objectives = new LocalObjectives(manifests.resources().slos(), manifests.resources().pipelines(),
        REFRESH, state, screen::line);
    List<LocalPipeline> running = new ArrayList<>();
    try (PrintedRows rows = options.print() ? null : PrintedRows.install(printFiles(plans, datasets, state))) {
      try {
        for (Map.Entry<Pipeline, PipelinePlan> plan : plans.entrySet()) {
          start(plan.getKey(), plan.getValue(), manifestHashes.get(plan.getValue().name()), datasets,
              objectives.all(), state, manifests).ifPresent(running::add);
        }
        allValid &= running.size() == plans.size();
        boolean healthy = watch(running, objectives);
        objectives.save();
        stopWithSavepoints(running, state);
        if (options.statusFile().isPresent()) {
          StatusFile.write(options.statusFile().get(), running, objectives.all());
          out.println("Wrote the statuses to " + options.statusFile().get());
        }
        return allValid && healthy ? 0 : 1;
      } finally {
        for (LocalPipeline pipeline : running) {
          pipeline.cluster().close();
        }
      }
    }
  }

  /** @param manifestHash the hash of the plan from the manifests as written, which savepoints are kept under */
  private Optional<LocalPipeline> start(Pipeline pipeline, PipelinePlan plan, String manifestHash,
      Map<String, Dataset> datasets, List<ServiceLevelObjective> objectives, SluiceDirectory state,
      LocalManifests manifests) throws Exception {
    String name = pipeline.getMetadata().getName();
    LocalCluster cluster = LocalCluster.start(name, plan.parallelism(),
        plan.flinkConfig().get("execution.checkpointing.savepoint-dir"));
    Configuration submission = cluster.submission();
    submission.setString("parallelism.default", String.valueOf(plan.parallelism()));
    Optional<SluiceDirectory.Savepoint> savepoint = state.savepoint(name);
    if (savepoint.isPresent() && savepoint.get().planHash().equals(manifestHash)) {
      submission.setString("execution.state-recovery.path", savepoint.get().path());
      screen.line("Resuming " + name + " from the savepoint it was stopped with: " + savepoint.get().path());
    } else if (savepoint.isPresent()) {
      screen.line("Starting " + name + " afresh: its plan changed since the savepoint " + savepoint.get().path());
    }
    try {
      String job = SluiceJob.start(plan, System.getenv(), submission).getJobID().toHexString();
      screen.line(name + " runs as Flink job " + job + ", REST API at " + cluster.rest());
    } catch (InvalidPlanException e) {
      cluster.close();
      report(manifests.file("Pipeline", name), name, e.errors());
      return Optional.empty();
    }
    return Optional.of(new LocalPipeline(pipeline, manifestHash, datasets, objectives, cluster, flink, clock));
  }

  /**
   * Looks at every job and evaluates every objective each {@link #REFRESH}, redraws the table, and
   * records what the live page charts, until the duration is over, every job ended, or a stop;
   * whether no job failed.
   */
  private boolean watch(List<LocalPipeline> pipelines, LocalObjectives objectives) throws Exception {
    Optional<Instant> deadline = options.duration().map(d -> clock.instant().plus(d));
    Instant nextEvaluation = clock.instant().plus(JobLooks.EVERY);
    while (true) {
      long wait = deadline.map(end -> Math.min(REFRESH.toMillis(),
          Math.max(0, Duration.between(clock.instant(), end).toMillis()))).orElse(REFRESH.toMillis());
      boolean stopped = stop.await(wait, TimeUnit.MILLISECONDS);
      boolean evaluate = !clock.instant().isBefore(nextEvaluation);
      if (evaluate) {
        nextEvaluation = nextEvaluation.plus(JobLooks.EVERY);
      }
      Instant now = clock.instant();
      StatusTable table = new StatusTable(now);
      boolean allEnded = true;
      boolean anyFailed = false;
      for (LocalPipeline pipeline : pipelines) {
        try {
          pipeline.look(evaluate).ifPresent(decision -> screen.line(decision.toString()));
        } catch (FlinkRestException e) {
          screen.line("Cannot observe " + pipeline.name() + ": " + e.getMessage());
        }
        var phase = pipeline.status().getPhase();
        allEnded &= phase == dev.sluice.api.pipeline.Phase.Failed || phase == dev.sluice.api.pipeline.Phase.Suspended;
        anyFailed |= phase == dev.sluice.api.pipeline.Phase.Failed;
        table.add(pipeline.name(), pipeline.status());
        history.record(pipeline.name(), now, pipeline.status());
      }
      objectives.evaluate(clock.instant());
      objectives.all().forEach(table::add);
      objectives.all().forEach(objective -> history.recordObjective(objective.getMetadata().getName(),
          objective.getSpec().target().kind() + "/" + objective.getSpec().target().name(), now,
          objective.getStatus()));
      screen.table(table.lines());
      if (stopped || allEnded || deadline.filter(end -> !clock.instant().isBefore(end)).isPresent()) {
        return !anyFailed;
      }
    }
  }

  private void stopWithSavepoints(List<LocalPipeline> pipelines, SluiceDirectory state) throws Exception {
    for (LocalPipeline pipeline : pipelines) {
      FlinkEndpoint endpoint = pipeline.cluster().endpoint();
      Optional<String> job = pipeline.runningJob();
      if (job.isEmpty()) {
        continue;
      }
      try {
        String path = awaitSavepoint(endpoint, flink.stopWithSavepoint(endpoint, job.get()));
        state.savepoint(pipeline.name(), new SluiceDirectory.Savepoint(path, pipeline.planHash()));
        screen.line("Stopped " + pipeline.name() + " with a savepoint; the next run in this directory resumes from "
            + path);
      } catch (RuntimeException e) {
        screen.line("Cannot stop " + pipeline.name() + " with a savepoint (" + e.getMessage()
            + "); the next run starts it afresh");
      }
    }
  }

  /** Waits for a savepoint that the plan's storage receives; the run is ending, so blocking is fine. */
  private String awaitSavepoint(FlinkEndpoint endpoint, SavepointTrigger trigger) throws InterruptedException {
    Instant deadline = Instant.now().plus(SAVEPOINT_WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> location = flink.savepointLocation(endpoint, trigger);
      if (location.isPresent()) {
        return location.get();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no savepoint after " + SAVEPOINT_WAIT.toSeconds() + " s");
  }

  private static Map<String, DatasetSpec> specs(Map<String, Dataset> datasets) {
    return datasets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getSpec()));
  }

  private static Map<String, Path> printFiles(Map<Pipeline, PipelinePlan> plans, Map<String, Dataset> datasets,
      SluiceDirectory state) {
    Map<String, Path> files = new LinkedHashMap<>();
    plans.keySet().forEach(pipeline -> pipeline.getSpec().outputs().stream()
        .map(datasets::get)
        .filter(dataset -> dataset != null && dataset.getSpec().connector().print() != null
            && dataset.getSpec().connector().print().identifier() != null)
        .forEach(dataset -> files.put(dataset.getSpec().connector().print().identifier(),
            state.printed(pipeline.getMetadata().getName()))));
    return files;
  }

  private void report(String file, String pipeline, List<PlanError> errors) {
    screen.line("Pipeline " + pipeline + " (" + file + ") is invalid and does not run:");
    errors.forEach(error -> screen.line("  " + error));
  }
}

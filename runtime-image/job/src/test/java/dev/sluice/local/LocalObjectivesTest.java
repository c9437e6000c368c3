package dev.sluice.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.api.Manifests;
import dev.sluice.api.pipeline.JobStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.CatchUpTime;
import dev.sluice.autoscaler.LagBound;
import dev.sluice.autoscaler.ScalingPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local mode's SLO evaluation from a sequence of Pipeline statuses, without Flink: the figures are
 * derived by hand from the samples, and the table and the status file show them as status holds them.
 */
class LocalObjectivesTest {

  private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration STEP = SluiceRun.REFRESH;

  @TempDir
  Path temp;

  private final Pipeline counting = read(Pipeline.class, """
      apiVersion: sluice.dev/v1alpha1
      kind: Pipeline
      metadata: {name: counting, namespace: local}
      spec:
        inputs: [clicks]
        outputs: [per-user]
        sql: INSERT INTO per_user SELECT * FROM clicks
        autoscaler: {enabled: true, catchUpTime: 5m}
      """);
  private final ServiceLevelObjective fresh = objective("per-user-fresh",
      "{kind: Dataset, name: per-user}", "{freshness: {threshold: 30s}}", 99);
  private final ServiceLevelObjective available = objective("counting-available",
      "{kind: Pipeline, name: counting}", "{availability: {}}", 99.5);
  private final ServiceLevelObjective keepsUp = objective("counting-keeps-up",
      "{kind: Pipeline, name: counting}", "{lag: {maxRecords: 1000}}", 99);
  private final List<String> said = new ArrayList<>();
  private LocalObjectives objectives;

  @BeforeEach
  void inADirectory() throws Exception {
    objectives = new LocalObjectives(List.of(fresh, available, keepsUp), List.of(counting), STEP,
        SluiceDirectory.of(temp), said::add);
  }

  @Test
  void objectivesAreEvaluatedFromTheirTargetsStatus() throws Exception {
    PipelineStatus status = new PipelineStatus();
    counting.setStatus(status);

    // Ten minutes of output two seconds old, the job running.
    Instant now = START;
    for (; !now.isAfter(START.plusSeconds(600)); now = now.plus(STEP)) {
      observe(status, now.minusSeconds(2), "RUNNING");
      objectives.evaluate(now);
    }
    assertFigures(fresh, SloState.Healthy, 2.0, 100.0, 100.0);
    assertFigures(available, SloState.Healthy, 1.0, 100.0, 100.0);
    assertFigures(keepsUp, SloState.NoData, null, null, null);
    assertEquals(Optional.empty(), ScalingPolicy.of(counting, objectives.all()).budgetBurning());

    // The job fails: freshThrough stays at 600 s - 2 s and ages; it is over 30 s from 630 s on.
    Instant stalled = now.minus(STEP).minusSeconds(2);
    for (; !now.isAfter(START.plusSeconds(660)); now = now.plus(STEP)) {
      observe(status, stalled, now.isBefore(START.plusSeconds(630)) ? "RUNNING" : "FAILED");
      objectives.evaluate(now);
    }
    // 35 s bad of 660 s: compliance 625/660, budget 1 - (35/660)/(1 - objective).
    assertFigures(fresh, SloState.Exhausted, 62.0, 94.697, -430.303);
    assertFigures(available, SloState.Exhausted, 0.0, 94.697, -960.6061);
    assertTrue(fresh.getStatus().getFiring().contains("page"), "1h and 5m burn over 1: " + fresh.getStatus().getFiring());

    // As the operator's autoscaler does: the freshness promise sets the catch-up time, the first paging
    // objective about the Pipeline is named, the lag objective's maxRecords bounds a restart's backlog.
    ScalingPolicy policy = ScalingPolicy.of(counting, objectives.all());
    assertEquals(CatchUpTime.fromObjective(Duration.ofSeconds(30), policy.config().restartTime()),
        policy.config().catchUpTime());
    assertEquals("per-user-fresh", policy.catchUpFrom().orElseThrow().objective());
    assertEquals(Optional.of("counting-available"), policy.budgetBurning());
    assertEquals(Optional.of(new LagBound("counting-keeps-up", 1000)), policy.lagBound());

    StatusTable table = new StatusTable(now);
    objectives.all().forEach(table::add);
    List<String> lines = table.lines();
    int header = lines.indexOf("") + 1;
    assertEquals(StatusTable.OBJECTIVES_HEADER, List.of(lines.get(header).split(" {2,}")), String.join("\n", lines));
    assertEquals(List.of("per-user-fresh", "per-user", "Exhausted", "62s", "94.697%", "-430.303%"),
        List.of(lines.get(header + 1).split(" {2,}")));
    assertEquals(List.of("counting-available", "counting", "Exhausted", "0", "94.697%", "-960.6061%"),
        List.of(lines.get(header + 2).split(" {2,}")));
    assertEquals(List.of("counting-keeps-up", "counting", "NoData", "-", "-", "-"),
        List.of(lines.get(header + 3).split(" {2,}")), "unknown figures are never made up");

    Path file = temp.resolve("status.yaml");
    StatusFile.write(file, List.of(), objectives.all());
    String yaml = Files.readString(file);
    assertTrue(yaml.startsWith("""
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata:
          name: per-user-fresh
        status:
          state: Exhausted
          sli: 62.0
          compliance: 94.697
          errorBudgetRemaining: -430.303
          burnRates:
          - window: 5m
        """), yaml);
    SloStatus read = Manifests.yaml().treeToValue(Manifests.yaml().readTree(yaml.split("---\n")[0])
        .path("status"), SloStatus.class);
    assertEquals(fresh.getStatus().getErrorBudgetRemaining(), read.getErrorBudgetRemaining(), "the operator's type");
  }

  @Test
  void theNextRunInTheDirectoryGoesOnWithTheWindow() throws Exception {
    PipelineStatus status = new PipelineStatus();
    counting.setStatus(status);
    // Five minutes, failing from 240 s on: each sample counts for the time since the one before, so the
    // bad time runs from 235 s, and 235 of 300 s were good.
    Instant now = START;
    for (; !now.isAfter(START.plusSeconds(300)); now = now.plus(STEP)) {
      observe(status, now.minusSeconds(2), now.isBefore(START.plusSeconds(240)) ? "RUNNING" : "FAILED");
      objectives.evaluate(now);
    }
    double compliance = available.getStatus().getCompliance();
    assertEquals(100.0 * 235 / 300, compliance, 1e-3);
    objectives.save();
    assertEquals(List.of(), said, "the first run starts its windows");

    // The next run, the same manifests read again, one look later: the window goes on, not afresh.
    ServiceLevelObjective again = objective("counting-available", "{kind: Pipeline, name: counting}",
        "{availability: {}}", 99.5);
    LocalObjectives next = new LocalObjectives(List.of(again), List.of(counting), STEP, SluiceDirectory.of(temp),
        said::add);
    observe(status, now.minusSeconds(2), "RUNNING");
    next.evaluate(now);
    assertEquals(100.0 * 240 / 305, again.getStatus().getCompliance(), 1e-3, "the failed minute still counts");
    assertTrue(said.get(0).startsWith("counting-available goes on with the window of the last run"), said.toString());

    // A history that cannot be read is said so, and the window starts again.
    Files.writeString(SluiceDirectory.of(temp).sloHistoryFile("counting-available"), "{not json");
    ServiceLevelObjective third = objective("counting-available", "{kind: Pipeline, name: counting}",
        "{availability: {}}", 99.5);
    new LocalObjectives(List.of(third), List.of(counting), STEP, SluiceDirectory.of(temp), said::add)
        .evaluate(now.plus(STEP));
    assertTrue(said.get(1).startsWith("counting-available's window starts afresh"), said.toString());
    assertEquals(SloState.NoData, third.getStatus().getState(), "one sample is no measured time yet");
  }

  private static void observe(PipelineStatus status, Instant freshThrough, String jobState) {
    status.setFreshThrough(freshThrough.toString());
    JobStatus job = new JobStatus();
    job.setState(jobState);
    status.setJob(job);
  }

  private static void assertFigures(ServiceLevelObjective objective, SloState state, Double sli, Double compliance,
      Double budget) {
    SloStatus status = objective.getStatus();
    String name = objective.getMetadata().getName();
    assertEquals(state, status.getState(), name);
    assertEquals(sli, status.getSli(), name);
    if (compliance == null) {
      assertNull(status.getCompliance(), name);
      assertNull(status.getErrorBudgetRemaining(), name);
    } else {
      assertEquals(compliance, status.getCompliance(), 1e-3, name);
      assertEquals(budget, status.getErrorBudgetRemaining(), 1e-3, name);
    }
  }

  private static ServiceLevelObjective objective(String name, String target, String indicator, double objective) {
    return read(ServiceLevelObjective.class, """
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: %s}
        spec: {target: %s, indicator: %s, objective: %s, window: 1h}
        """.formatted(name, target, indicator, objective));
  }

  private static <T> T read(Class<T> kind, String yaml) {
    try {
      return Manifests.yaml().readValue(yaml, kind);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

package dev.sluice.local.page;

import dev.sluice.api.pipeline.ParallelismStatus;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.slo.SloState;
import dev.sluice.api.slo.SloStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusHistoryTest {

  private static final Instant START = Instant.parse("2026-12-03T20:00:00Z");

  @Test
  void keepsTheWindowAndEachScalingDecisionOnce() {
    StatusHistory history = new StatusHistory(Duration.ofMinutes(1));
    for (int second = 0; second <= 90; second += 5) {
      PipelineStatus status = status(second < 40 ? 1 : 3);
      if (second >= 40) {
        status.setLastScaling(scaling(START.plusSeconds(35), 1, 3));
      }
      history.record("counts", START.plusSeconds(second), status);
    }

    HistoryJson.PipelineHistory counts = history.snapshot().pipelines().get(0);
    assertEquals(START.plusSeconds(30).getEpochSecond(), counts.samples().get(0).time(), "a minute back from the last");
    assertEquals(13, counts.samples().size());
    assertEquals(List.of(new HistoryJson.Scaling(START.plusSeconds(35).getEpochSecond(), 1, 3, "spike")),
        counts.scalings(), "recorded once though every later status carries it");

    history.record("counts", START.plusSeconds(100), status(3));
    assertEquals(List.of(), history.snapshot().pipelines().get(0).scalings(), "older than the window");
  }

  @Test
  void keepsEachObjectivesBudgetOverTheWindowAndItsLatestState() {
    StatusHistory history = new StatusHistory(Duration.ofMinutes(1));
    for (int second = 0; second <= 90; second += 10) {
      SloStatus status = new SloStatus();
      status.setState(second < 60 ? SloState.Healthy : SloState.Burning);
      status.setErrorBudgetRemaining(100.0 - second);
      status.setSli(second / 10.0);
      history.recordObjective("counts-fresh", "Pipeline/counts", START.plusSeconds(second), status);
    }

    HistoryJson.ObjectiveHistory fresh = history.snapshot().objectives().get(0);
    assertEquals("counts-fresh", fresh.name());
    assertEquals("Pipeline/counts", fresh.target());
    assertEquals("Burning", fresh.state());
    assertEquals(List.of(70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0),
        fresh.samples().stream().map(HistoryJson.BudgetSample::errorBudgetRemaining).toList(),
        "a minute back from the last");
  }

  static PipelineStatus status(int parallelism) {
    PipelineStatus status = new PipelineStatus();
    ParallelismStatus figures = new ParallelismStatus();
    figures.setCurrent(parallelism);
    figures.setDesired(parallelism);
    status.setParallelism(figures);
    return status;
  }

  static ScalingDecisionStatus scaling(Instant at, int from, int to) {
    ScalingDecisionStatus decision = new ScalingDecisionStatus();
    decision.setTime(at.toString());
    decision.setFrom(from);
    decision.setTo(to);
    decision.setReason("spike");
    return decision;
  }
}

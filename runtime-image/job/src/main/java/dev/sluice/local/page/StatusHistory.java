package dev.sluice.local.page;

import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.slo.SloStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last minutes of each local Pipeline's status, for the live page: a sample of its figures at
 * each observation and the scaling decisions it took. Fed the same {@link PipelineStatus} values
 * that the table prints, so the page and the table cannot disagree. Samples and decisions older
 * than the window are dropped at each {@link #record}; {@code sluice run} records every five
 * seconds, so a Pipeline keeps about 120 samples.
 *
 * <p>Written by the run's loop and read by the page's server thread, hence synchronized.
 */
public final class StatusHistory {

  /** How far back the page looks. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private final Duration window;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Map<String, ObjectiveTrack> objectives = new LinkedHashMap<>();

  public StatusHistory(Duration window) {
    this.window = window;
  }

  /** Adds a Pipeline's status as observed at {@code at}, and forgets what is now older than the window. */
  public synchronized void record(String pipeline, Instant at, PipelineStatus status) {
    Track track = tracks.computeIfAbsent(pipeline, name -> new Track());
    track.samples.addLast(HistoryJson.Sample.of(at, status));
    track.lastHold = HistoryJson.Hold.of(status.getLastHold());
    ScalingDecisionStatus scaling = status.getLastScaling();
    if (scaling != null && (track.scalings.isEmpty()
        || track.scalings.peekLast().time() != Instant.parse(scaling.getTime()).getEpochSecond())) {
      track.scalings.addLast(HistoryJson.Scaling.of(scaling));
    }
    long oldest = at.minus(window).getEpochSecond();
    track.samples.removeIf(sample -> sample.time() < oldest);
    track.scalings.removeIf(decision -> decision.time() < oldest);
  }

  /** Adds an objective's evaluation at {@code at}, and forgets what is now older than the window. */
  public synchronized void recordObjective(String name, String target, Instant at, SloStatus status) {
    ObjectiveTrack track = objectives.computeIfAbsent(name, key -> new ObjectiveTrack(target));
    track.state = status.getState() == null ? null : status.getState().name();
    track.samples.addLast(HistoryJson.BudgetSample.of(at, status));
    long oldest = at.minus(window).getEpochSecond();
    track.samples.removeIf(sample -> sample.time() < oldest);
  }

  /** A copy of the history as the page's JSON reads it. */
  public synchronized HistoryJson snapshot() {
    return new HistoryJson(window.toSeconds(), tracks.entrySet().stream()
        .map(track -> new HistoryJson.PipelineHistory(track.getKey(), List.copyOf(track.getValue().samples),
            List.copyOf(track.getValue().scalings), track.getValue().lastHold))
        .toList(), objectives.entrySet().stream()
        .map(track -> new HistoryJson.ObjectiveHistory(track.getKey(), track.getValue().target,
            track.getValue().state, List.copyOf(track.getValue().samples)))
        .toList());
  }

  private static final class ObjectiveTrack {
    private final String target;
    private final Deque<HistoryJson.BudgetSample> samples = new ArrayDeque<>();
    private String state;

    private ObjectiveTrack(String target) {
      this.target = target;
    }
  }

  private static final class Track {
    private final Deque<HistoryJson.Sample> samples = new ArrayDeque<>();
    private final Deque<HistoryJson.Scaling> scalings = new ArrayDeque<>();
    private HistoryJson.Hold lastHold;
  }
}

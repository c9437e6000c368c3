package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.fixtures.Scenario;
import dev.sluice.api.pipeline.Phase;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.ScalingDecisionStatus;
import dev.sluice.api.pipeline.ScalingHoldStatus;
import dev.sluice.flink.FlinkRestClient;
import dev.sluice.flink.FlinkTestCluster;
import dev.sluice.observation.JobVertex;
import dev.sluice.testing.ApiServer;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.OperatorOnFlink;
import dev.sluice.testing.RealApiServer;
import dev.sluice.demo.SlowSends;
import io.fabric8.kubernetes.api.model.Event;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autoscaler applied to a running Pipeline, end to end on a real API server, a real Kafka
 * broker and a real Flink MiniCluster. A feeder Pipeline writes generated requests with a spike
 * (40 rows per second, fifteen times that for a minute) to a topic of four partitions; the handler
 * Pipeline reads them and writes each to another topic at a cost of 4 ms per record in the writing
 * task ({@link SlowSends}), so one subtask handles about 250 records per second: the base load
 * with ease, the spike not. (A spike of half a minute at 1.6 times one subtask's capacity drains
 * in twenty seconds after it ends; the autoscaler judges keeping up by the last minute's arrivals
 * and rightly lets such a spike pass.) The handler must scale up during the spike, Flink's job must follow,
 * and it must scale back down once the spike is over and the stabilisation window has passed,
 * without flapping. A freshness objective on the handler's output sets its catch-up time.
 */
@Scenario
@ExtendWith(RealApiServer.class)
class SpikeScalingTest {

  @RegisterExtension
  static final FlinkTestCluster FLINK = FlinkTestCluster.withAdaptiveScheduler();

  private static final Duration SPIKE_AFTER = Duration.ofSeconds(25);
  private static final Duration SPIKE_LENGTH = Duration.ofSeconds(60);
  private static final Duration STABILISATION = Duration.ofSeconds(30);
  private static final long MICROS_PER_RECORD = 4_000;
  /** The start of the spike is known from the feeder job's start time, which Flink gives to the second. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

  private static ApiServer api;
  private static KafkaBroker kafka;
  private static OperatorOnFlink sluice;
  private static String namespace;

  @BeforeAll
  static void start(ApiServer server) {
    api = server;
    kafka = KafkaBroker.shared();
    sluice = OperatorOnFlink.start(server, FLINK, "scaling");
    namespace = sluice.namespace();
  }

  @AfterAll
  static void stop() {
    sluice.close();
  }

  @Test
  void scalesUpForASpikeAndBackDownAfterItWithoutFlapping() {
    kafka.createTopic(namespace + ".requests", 4);
    kafka.createTopic(namespace + ".responses", 4);
    create(manifests());

    Pipeline feeder = await("feeder running", Duration.ofSeconds(90)).until(() -> pipeline("feeder"),
        p -> status(p, s -> s.getPhase() == Phase.Running && s.getJob() != null));
    Instant spikeStart = Instant.parse(feeder.getStatus().getJob().getStartTime()).plus(SPIKE_AFTER);
    Instant spikeEnd = spikeStart.plus(SPIKE_LENGTH);
    Pipeline before = await("handler running", Duration.ofSeconds(60)).until(() -> pipeline("handler"),
        p -> status(p, s -> s.getPhase() == Phase.Running && s.getJob() != null));
    assertTrue(Instant.now().isBefore(spikeStart), "the handler runs before the spike starts");
    assertEquals(1, before.getStatus().getParallelism().getDesired());
    String handlerJob = before.getStatus().getJob().getId();

    // Up: one subtask cannot keep up with the spike.
    Pipeline up = await("scale-up", untilAfter(spikeStart, Duration.ofSeconds(60))).until(() -> pipeline("handler"),
        p -> status(p, s -> s.getParallelism().getDesired() > 1));
    ScalingDecisionStatus scaleUp = up.getStatus().getLastScaling();
    int peak = up.getStatus().getParallelism().getDesired();
    assertEquals(1, scaleUp.getFrom());
    assertEquals(peak, scaleUp.getTo());
    assertFalse(Instant.parse(scaleUp.getTime()).isBefore(spikeStart.minus(CLOCK_SLACK)),
        "scaled up at " + scaleUp.getTime() + ", before the spike started at " + spikeStart);
    assertTrue(scaleUp.getReason().startsWith("scale-up 1 → " + peak), scaleUp.getReason());
    assertTrue(scaleUp.getReason().contains("catch-up time set by ServiceLevelObjective responses-fresh (freshness 1m30s)"),
        scaleUp.getReason());
    assertTrue(scaleUp.getArrivalRate() > 0, "arrival rate " + scaleUp.getArrivalRate());
    // An estimate: busy time and records both come from counters between two looks (226, 227 and
    // 231 rec/s in three runs on 5 Dec, for 250). Read from Flink's one-minute busy gauge it was 302
    // to 449, which kept this test out of CI until then. Half again is the bound it keeps.
    double sinkAllows = 1_000_000.0 / MICROS_PER_RECORD;
    double estimated = scaleUp.getTrueProcessingRatePerSubtask();
    assertTrue(estimated >= 0.75 * sinkAllows && estimated <= 1.5 * sinkAllows,
        "one subtask does about what the sink's cost allows (" + sinkAllows + " rec/s): " + estimated);
    assertNotNull(scaleUp.getLagRecords());
    assertEquals(45L, scaleUp.getCatchUpSeconds(), "half the 90s freshness objective, not spec.autoscaler's 2m");
    assertEquals(0.7, scaleUp.getTargetUtilization());
    assertTrue(events("ScaledUp").stream().anyMatch(e -> e.getMessage().equals(scaleUp.getReason())));
    Instant flinkUp = awaitFlinkParallelism(handlerJob, peak);

    // Down: once the spike is over, after the stabilisation window. The autoscaler judges keeping up
    // by the last minute's arrivals, so the load reads lower up to a minute after the spike ends,
    // and the backlog the spike left must drain first.
    Pipeline down = await("scale-down", untilAfter(spikeEnd.plus(STABILISATION), Duration.ofSeconds(120)))
        .until(() -> pipeline("handler"), p -> status(p, s -> s.getParallelism().getDesired() < peak));
    ScalingDecisionStatus scaleDown = down.getStatus().getLastScaling();
    int low = down.getStatus().getParallelism().getDesired();
    assertEquals(peak, scaleDown.getFrom());
    assertEquals(low, scaleDown.getTo());
    assertFalse(Instant.parse(scaleDown.getTime()).isBefore(spikeEnd.plus(STABILISATION).minus(CLOCK_SLACK)),
        "scaled down at " + scaleDown.getTime() + ", before the spike's end at " + spikeEnd
            + " plus the stabilisation window");
    assertTrue(events("ScaledDown").stream().anyMatch(e -> e.getMessage().equals(scaleDown.getReason())));
    Instant flinkDown = awaitFlinkParallelism(handlerJob, low);
    // Each later look that keeps the parallelism says why in status.lastHold.
    Pipeline holding = await("a hold after the scale-down", Duration.ofSeconds(60)).until(() -> pipeline("handler"),
        p -> status(p, s -> s.getLastHold() != null && s.getLastHold().getParallelism() == low
            && Instant.parse(s.getLastHold().getTime()).isAfter(Instant.parse(scaleDown.getTime()))));
    ScalingHoldStatus hold = holding.getStatus().getLastHold();
    assertTrue(hold.getReason().startsWith("holds at " + low + ": ") || hold.getReason().startsWith("waiting for the"),
        hold.getReason());

    // No flapping: the decisions go up, then down, once, and each was counted once.
    List<Event> decisions = events("ScaledUp", "ScaledDown");
    List<String> directions = decisions.stream().map(Event::getReason).toList();
    int ups = (int) directions.stream().filter("ScaledUp"::equals).count();
    assertTrue(directions.subList(0, ups).stream().allMatch("ScaledUp"::equals), "decisions: " + directions);
    assertTrue(directions.subList(ups, directions.size()).stream().allMatch("ScaledDown"::equals),
        "decisions: " + directions);
    assertTrue(decisions.stream().allMatch(e -> e.getCount() == 1), "each decision is one event");
    assertEquals(ups, rescales("up"));
    assertEquals(directions.size() - ups, rescales("down"));
    assertTrue(directions.size() <= 4, "at most two steps each way: " + directions);
    assertEquals(1, sluice.jobManager().starts("handler"), "rescaled in place, never redeployed");

    System.out.printf("spike %s to %s; scaled up 1 -> %d at %s (+%ds), Flink at %d after %s (+%ds); "
            + "scaled down %d -> %d at %s (%ds after the spike), Flink at %d after %s (+%ds); decisions %s%n",
        spikeStart, spikeEnd, peak, scaleUp.getTime(), seconds(spikeStart, scaleUp.getTime()), peak, flinkUp,
        seconds(Instant.parse(scaleUp.getTime()), flinkUp.toString()), peak, low, scaleDown.getTime(),
        seconds(spikeEnd, scaleDown.getTime()), low, flinkDown,
        seconds(Instant.parse(scaleDown.getTime()), flinkDown.toString()), directions);
  }

  /** Waits until every vertex of the Flink job runs at {@code parallelism}, as Flink's REST API says. */
  private static Instant awaitFlinkParallelism(String jobId, int parallelism) {
    FlinkRestClient flink = new FlinkRestClient();
    await("Flink job at parallelism " + parallelism, Duration.ofSeconds(60)).until(
        () -> flink.job(FLINK.endpoint(), jobId).vertices().stream().map(JobVertex::parallelism).toList(),
        vertices -> !vertices.isEmpty() && vertices.stream().allMatch(p -> p == parallelism));
    return Instant.now();
  }

  private static String manifests() {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: generated-requests}
        spec:
          connector:
            datagen:
              rowsPerSecond: 40
              profile: {shape: spike, factor: 15, startAfter: %1$ds, duration: %2$ds}
              fields:
                id: {kind: random, min: 1, max: 1000000}
                payload: {length: 16}
          schema: %9$s
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: requests}
        spec:
          connector: {kafka: {topic: %3$s.requests, bootstrapServers: '%4$s', partitions: 4}}
          schema: %9$s
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: responses}
        spec:
          connector:
            kafka:
              topic: %3$s.responses
              bootstrapServers: '%4$s'
              partitions: 4
              properties: {interceptor.classes: %5$s, %6$s: '%7$d'}
          schema: %9$s
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: responses-fresh}
        spec:
          target: {kind: Dataset, name: responses}
          indicator: {freshness: {threshold: 90s}}
          objective: 99
          window: 1h
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: feeder}
        spec:
          inputs: [generated-requests]
          outputs: [requests]
          sql: INSERT INTO requests SELECT id, payload FROM generated_requests
          parallelism: {initial: 1, max: 1}
          checkpointing: {interval: 1s, mode: at-least-once}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: handler}
        spec:
          inputs: [requests]
          outputs: [responses]
          sql: INSERT INTO responses SELECT id, payload FROM requests
          parallelism: {initial: 1, min: 1, max: 4}
          autoscaler: {enabled: true, catchUpTime: 2m, stabilizationWindow: %8$ds, cooldown: 30s}
          checkpointing: {interval: 2s, mode: at-least-once}
        """.formatted(SPIKE_AFTER.toSeconds(), SPIKE_LENGTH.toSeconds(), namespace, kafka.bootstrapServers(),
        SlowSends.class.getName(), SlowSends.COST, MICROS_PER_RECORD, STABILISATION.toSeconds(),
        "{columns: [{name: id, type: BIGINT, nullable: false}, {name: payload, type: STRING}]}");
  }

  private static void create(String manifests) {
    api.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).inNamespace(namespace)
        .create();
  }

  private static org.awaitility.core.ConditionFactory await(String what, Duration atMost) {
    return Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(500));
  }

  /** How long from now until {@code margin} after {@code instant}. */
  private static Duration untilAfter(Instant instant, Duration margin) {
    Duration left = Duration.between(Instant.now(), instant.plus(margin));
    return left.isNegative() ? Duration.ofSeconds(1) : left;
  }

  private static Pipeline pipeline(String name) {
    return api.client().resources(Pipeline.class).inNamespace(namespace).withName(name).get();
  }

  private static boolean status(Pipeline pipeline, Predicate<PipelineStatus> condition) {
    return pipeline != null && pipeline.getStatus() != null && pipeline.getStatus().getParallelism() != null
        && pipeline.getStatus().getParallelism().getDesired() != null && condition.test(pipeline.getStatus());
  }

  /** The handler's events with one of the reasons, oldest first. */
  private static List<Event> events(String... reasons) {
    List<String> wanted = List.of(reasons);
    return api.events(namespace, "handler").stream()
        .filter(e -> wanted.contains(e.getReason()))
        .sorted(Comparator.comparing(Event::getFirstTimestamp))
        .toList();
  }

  private static int rescales(String direction) {
    var counter = sluice.operator().registry().find("sluice_pipeline_rescales")
        .tags("direction", direction, "namespace", namespace, "pipeline", "handler").counter();
    return counter == null ? 0 : (int) counter.count();
  }

  private static long seconds(Instant from, String to) {
    return Duration.between(from, Instant.parse(to)).toSeconds();
  }
}

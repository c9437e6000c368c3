package dev.sluice.reconciler.pipeline.scaling;

import dev.sluice.autoscaler.Deadlines;
import dev.sluice.autoscaler.LagBound;
import dev.sluice.autoscaler.ScalingPolicy;
import dev.sluice.autoscaler.SourceLayout;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloStatus;
import dev.sluice.autoscaler.AutoscalerConfig;
import dev.sluice.autoscaler.CatchUpTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autoscaler's configuration and sources from a Pipeline, its Datasets and the objectives about it. */
class ScalingPolicyTest {

  private static final Pipeline ORDERS = Manifest.read(Pipeline.class, """
      apiVersion: sluice.dev/v1alpha1
      kind: Pipeline
      metadata: {name: orders, namespace: shop}
      spec:
        inputs: [raw-orders, clicks]
        outputs: [order-totals]
        sql: INSERT INTO order_totals SELECT * FROM raw_orders
        parallelism: {initial: 2, min: 2, max: 10}
        autoscaler: {enabled: true, targetUtilization: 0.6, catchUpTime: 4m, stabilizationWindow: 90s,
                     cooldown: 3m, maxScaleFactor: 3, maxCheckpointAge: 45s}
      """);

  @Test
  void theConfigurationComesFromTheSpecWithTheAutoscalersOwnDefaultsForTheRest() {
    ScalingPolicy policy = ScalingPolicy.of(ORDERS.getSpec(), Optional.empty(), Optional.empty(), Optional.empty());

    AutoscalerConfig defaults = AutoscalerConfig.defaults(2, 10);
    assertEquals(new AutoscalerConfig(true, 2, 10, 0.6, Duration.ofMinutes(4), Duration.ofSeconds(90),
        Duration.ofMinutes(3), 3.0, defaults.restartTime(), Duration.ofSeconds(45),
        defaults.checkpointFailureThreshold()), policy.config());
    assertEquals("why", policy.explain("why"), "the catch-up time is the spec's own");
  }

  @Test
  void theTightestFreshnessOrLagObjectiveOnThePipelineOrAnOutputSetsTheCatchUpTimeAndAMaxRecordsTheLagBound() {
    List<ServiceLevelObjective> objectives = List.of(
        objective("totals-fresh", "Dataset", "order-totals", "freshness: {threshold: 5m}"),
        objective("orders-lag", "Pipeline", "orders", "lag: {maxDelay: 2m}"),
        objective("orders-backlog", "Pipeline", "orders", "lag: {maxRecords: 1000}"),
        objective("totals-backlog", "Dataset", "order-totals", "lag: {maxRecords: 5000, maxDelay: 10m}"),
        objective("orders-up", "Pipeline", "orders", "availability: {}"),
        objective("input-fresh", "Dataset", "raw-orders", "freshness: {threshold: 10s}"),
        objective("other-fresh", "Dataset", "other-totals", "freshness: {threshold: 10s}"));
    List<ServiceLevelObjective> concerning = objectives.stream()
        .filter(objective -> Deadlines.concerns(objective, ORDERS)).toList();

    ScalingPolicy policy = ScalingPolicy.of(ORDERS.getSpec(), Deadlines.tightest(concerning), Optional.empty(),
        Deadlines.lagBound(concerning));

    assertEquals(List.of("totals-fresh", "orders-lag", "orders-backlog", "totals-backlog", "orders-up"),
        concerning.stream().map(objective -> objective.getMetadata().getName()).toList());
    AutoscalerConfig config = policy.config();
    assertEquals(CatchUpTime.fromObjective(Duration.ofMinutes(2), config.restartTime()), config.catchUpTime());
    assertEquals(Duration.ofMinutes(1), config.catchUpTime(), "2m lag, less the 1m restart");
    assertEquals("why; catch-up time set by ServiceLevelObjective orders-lag (lag 2m)", policy.explain("why"));
    assertEquals(Optional.of(new LagBound("orders-backlog", 1000)), policy.lagBound(), "the tightest maxRecords");
  }

  @Test
  void anObjectiveWhosePageAlertFiresIsTheOneBurningTheBudget() {
    ServiceLevelObjective quiet = objective("totals-fresh", "Dataset", "order-totals", "freshness: {threshold: 5m}");
    ServiceLevelObjective ticketing = objective("orders-lag", "Pipeline", "orders", "lag: {maxDelay: 2m}");
    ticketing.setStatus(new SloStatus());
    ticketing.getStatus().setFiring(List.of("ticket"));
    ServiceLevelObjective paging = objective("orders-up", "Pipeline", "orders", "availability: {}");
    paging.setStatus(new SloStatus());
    paging.getStatus().setFiring(List.of("page", "ticket"));

    assertEquals(Optional.empty(), Deadlines.pagingObjective(List.of(quiet, ticketing)));
    assertEquals(Optional.of("orders-up"), Deadlines.pagingObjective(List.of(quiet, ticketing, paging)));
  }

  @Test
  void onlyASpecChangeOrAChangeOfTheFiringAlertsOfAnObjectiveReconcilesThePipeline() {
    ServiceLevelObjective before = objective("totals-fresh", "Dataset", "order-totals", "freshness: {threshold: 5m}");
    before.getMetadata().setGeneration(1L);
    before.setStatus(new SloStatus());
    before.getStatus().setSli(3.0);
    ServiceLevelObjective evaluated = objective("totals-fresh", "Dataset", "order-totals", "freshness: {threshold: 5m}");
    evaluated.getMetadata().setGeneration(1L);
    evaluated.setStatus(new SloStatus());
    evaluated.getStatus().setSli(4.0);
    evaluated.getStatus().setLastEvaluationTime("2030-01-01T00:00:15Z");

    assertFalse(Objectives.changesScaling(evaluated, before), "new figures: the Pipeline's own changes caused them");
    evaluated.getStatus().setFiring(List.of("page"));
    assertTrue(Objectives.changesScaling(evaluated, before), "it pages now");
    evaluated.getStatus().setFiring(List.of());
    evaluated.getMetadata().setGeneration(2L);
    assertTrue(Objectives.changesScaling(evaluated, before), "a new threshold may set a new catch-up time");
  }

  @Test
  void anObjectiveInAnotherNamespaceDoesNotConcernThePipeline() {
    ServiceLevelObjective elsewhere = objective("totals-fresh", "Dataset", "order-totals", "freshness: {threshold: 5m}");
    elsewhere.getMetadata().setNamespace("warehouse");

    assertFalse(Deadlines.concerns(elsewhere, ORDERS));
    assertTrue(Deadlines.tightest(List.of()).isEmpty());
  }

  @Test
  void sourcesAreTheKafkaPartitionsOrTheMaximumParallelismForInputsThatAreNotKafka() {
    Dataset orders = dataset("raw-orders", "kafka: {topic: orders, bootstrapServers: 'kafka:9092', partitions: 12}");
    Dataset clicks = dataset("clicks", "datagen: {rowsPerSecond: 10}");

    assertEquals(new SourceLayout(12, 1), SourceLayout.of(ORDERS.getSpec(), Map.of("raw-orders", orders,
        "clicks", clicks)));
    Dataset fewPartitions = dataset("raw-orders", "kafka: {topic: orders, bootstrapServers: 'kafka:9092', partitions: 4}");
    assertEquals(new SourceLayout(10, 1), SourceLayout.of(ORDERS.getSpec(), Map.of("raw-orders", fewPartitions,
        "clicks", clicks)), "the generated clicks can use every subtask up to spec.parallelism.max");
  }

  private static ServiceLevelObjective objective(String name, String kind, String target, String indicator) {
    return Manifest.read(ServiceLevelObjective.class, """
        apiVersion: sluice.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: %s, namespace: shop}
        spec:
          target: {kind: %s, name: %s}
          indicator: {%s}
          objective: 99
        """.formatted(name, kind, target, indicator));
  }

  private static Dataset dataset(String name, String connector) {
    return Manifest.read(Dataset.class, """
        apiVersion: sluice.dev/v1alpha1
        kind: Dataset
        metadata: {name: %s, namespace: shop}
        spec:
          connector: {%s}
          schema: {columns: [{name: id, type: BIGINT}]}
        """.formatted(name, connector));
  }
}

package dev.sluice.reconciler.pipeline;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.pipeline.InputLagStatus;
import dev.sluice.api.pipeline.LagStatus;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.observation.FlinkJobState;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.ObservationStatus;
import dev.sluice.kafka.ConsumerGroupLag;
import dev.sluice.kafka.SecretLookup;
import dev.sluice.plan.ConsumerGroups;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-checks Flink's source lag with the consumer groups of the Pipeline's Kafka inputs, read
 * from the brokers: the figure goes next to Flink's, and stands in for it when Flink reports none
 * (the job does not run, or its sources report no pendingRecords). Brokers that do not answer
 * leave the figure unset; they never fail the reconcile.
 */
final class KafkaLagCheck {

  /** Below this, a difference is not worth a line whatever the rates. */
  private static final long DISAGREEMENT_FLOOR = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLagCheck.class);

  private final ConsumerGroupLag groups;
  /** Pipelines whose two lag figures disagree now: a line when that starts and one when it ends, not one per look. */
  private final Set<ResourceID> disagreeing = ConcurrentHashMap.newKeySet();

  KafkaLagCheck(ConsumerGroupLag groups) {
    this.groups = groups;
  }

  /**
   * @param observation this reconcile's look at the job; the status's lag came from it when present
   */
  void apply(Pipeline pipeline, Map<String, Dataset> datasets, Optional<JobObservation> observation,
      PipelineStatus status, SecretLookup secrets) {
    List<String> kafkaInputs = pipeline.getSpec().inputs().stream()
        .filter(name -> datasets.containsKey(name) && datasets.get(name).getSpec().connector().kafka() != null)
        .toList();
    if (status.getPlanHash() == null || kafkaInputs.isEmpty()) {
      return;
    }
    List<InputLagStatus> answered = new ArrayList<>();
    for (String input : kafkaInputs) {
      read(pipeline, input, datasets.get(input).getSpec().connector().kafka(), secrets).ifPresent(answered::add);
    }
    if (answered.isEmpty()) {
      return;
    }
    // A job that does not run reports the pendingRecords it last had, which no longer say anything.
    Optional<JobObservation> running = observation.filter(seen -> seen.job().state() == FlinkJobState.RUNNING);
    LagStatus lag = running.isPresent() && status.getLag() != null ? status.getLag() : new LagStatus();
    lag.setInputs(answered);
    if (answered.size() == kafkaInputs.size()) {
      long records = answered.stream().mapToLong(InputLagStatus::getRecords).sum();
      lag.setConsumerGroupRecords(records);
      if (lag.getRecords() == null) {
        lag.setRecords(records);
        lag.setSource(ObservationStatus.LAG_FROM_KAFKA);
        inputRate(running).ifPresent(rate -> lag.setSeconds(records / rate));
      } else {
        logDisagreement(pipeline, lag.getRecords(), records, inputRate(running));
      }
    }
    status.setLag(lag);
  }

  private Optional<InputLagStatus> read(Pipeline pipeline, String input, KafkaConnector kafka, SecretLookup secrets) {
    String namespace = pipeline.getMetadata().getNamespace();
    String group = ConsumerGroups.of(namespace, pipeline.getMetadata().getName(), kafka);
    OptionalLong records = groups.records(namespace, kafka, group, secrets);
    if (records.isEmpty()) {
      return Optional.empty();
    }
    InputLagStatus lag = new InputLagStatus();
    lag.setDataset(input);
    lag.setConsumerGroup(group);
    lag.setRecords(records.getAsLong());
    return Optional.of(lag);
  }

  private static OptionalDouble inputRate(Optional<JobObservation> running) {
    return running.map(JobObservation::inputRecordsPerSecond).orElse(OptionalDouble.empty())
        .stream().filter(rate -> rate > 0).findFirst();
  }

  /**
   * The groups commit once per checkpoint, so they may trail Flink by the input of one interval;
   * twice that, or the floor, is more than timing explains.
   */
  private void logDisagreement(Pipeline pipeline, long flink, long kafka, OptionalDouble rate) {
    double interval = Durations.parse(pipeline.getSpec().checkpointing().interval()).toMillis() / 1000.0;
    double explained = Math.max(DISAGREEMENT_FLOOR, 2 * rate.orElse(0) * interval);
    ResourceID key = ResourceID.fromResource(pipeline);
    if (Math.abs(flink - kafka) > explained) {
      if (disagreeing.add(key)) {
        LOG.info("Lag disagrees: Flink's sources report {} records pending, the Kafka consumer groups {}; "
            + "more apart than checkpoint timing explains ({} records)", flink, kafka, Math.round(explained));
      }
    } else if (disagreeing.remove(key)) {
      LOG.info("Lag agrees again: Flink's sources report {} records pending, the Kafka consumer groups {}", flink,
          kafka);
    }
  }

  void forget(Pipeline pipeline) {
    disagreeing.remove(ResourceID.fromResource(pipeline));
  }
}

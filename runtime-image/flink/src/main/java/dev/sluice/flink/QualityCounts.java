package dev.sluice.flink;

import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityRule;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.observation.JobObservation;
import dev.sluice.observation.VertexMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sets a Pipeline's status.quality: per rule of spec.quality, the rows that failed it since the
 * job started, as the job's quality sinks counted them. Without an answer from the job manager the
 * previous counts stay.
 */
public final class QualityCounts {

  private static final Logger LOG = LoggerFactory.getLogger(QualityCounts.class);

  private final FlinkEndpointResolver endpoints;
  private final FlinkJobClient flink;

  public QualityCounts(FlinkEndpointResolver endpoints, FlinkJobClient flink) {
    this.endpoints = endpoints;
    this.flink = flink;
  }

  public void apply(Pipeline pipeline, Optional<JobObservation> observation, PipelineStatus status) {
    List<QualityRule> rules = pipeline.getSpec().quality();
    if (rules.isEmpty() || observation.isEmpty()) {
      return;
    }
    try {
      status.setQuality(violations(rules, counted(pipeline, observation.get())));
    } catch (FlinkRestException e) {
      LOG.debug("No quality counts, the previous ones stay: {}", e.getMessage());
    }
  }

  private Map<String, Long> counted(Pipeline pipeline, JobObservation seen) {
    FlinkEndpoint endpoint = endpoints.endpoint(pipeline);
    Map<String, Long> counted = new TreeMap<>();
    for (VertexMetrics vertex : seen.vertices()) {
      flink.qualityViolations(endpoint, seen.job().id(), vertex.vertex())
          .forEach((rule, count) -> counted.merge(rule, count, Long::sum));
    }
    return counted;
  }

  private static List<QualityViolations> violations(List<QualityRule> rules, Map<String, Long> counted) {
    return rules.stream().map(rule -> {
      QualityViolations violations = new QualityViolations();
      violations.setRule(rule.name());
      violations.setViolations(counted.getOrDefault(rule.name(), 0L));
      violations.setAction(switch (rule.action()) {
        case DROP -> "drop";
        case DEAD_LETTER -> "deadLetter";
        case FAIL -> "fail";
      });
      return violations;
    }).toList();
  }
}

package dev.sluice.plan;

import dev.sluice.api.pipeline.Checkpointing;

/** What rendering a table needs to know about the Pipeline that uses it. */
record PlanContext(String namespace, String pipeline, Checkpointing.Mode mode, PlanDefaults defaults) {

  /** Prefix of the Kafka transactions of one sink table; unique per Pipeline and table. */
  String transactionalIdPrefix(String table) {
    return "sluice-" + namespace + "-" + pipeline + "-" + table;
  }

  String pipelineResource() {
    return "Pipeline/" + pipeline;
  }
}

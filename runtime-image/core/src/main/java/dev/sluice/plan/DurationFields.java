package dev.sluice.plan;

import dev.sluice.api.common.Durations;
import dev.sluice.api.dataset.DatasetSpec;
import dev.sluice.api.dataset.RateProfile;
import dev.sluice.api.pipeline.PipelineSpec;

import java.util.List;
import java.util.Map;

/**
 * The duration fields a plan parses. The API server refuses malformed ones, but manifests read
 * from files (sluice run) meet no API server, so the plan reports them as errors of their own.
 */
final class DurationFields {

  private DurationFields() {
  }

  static void check(String pipeline, PipelineSpec spec, Map<String, DatasetSpec> datasets, List<String> names,
                    List<PlanError> errors) {
    check("Pipeline/" + pipeline, "spec.checkpointing.interval", spec.checkpointing().interval(), errors);
    check("Pipeline/" + pipeline, "spec.checkpointing.timeout", spec.checkpointing().timeout(), errors);
    for (String name : names) {
      DatasetSpec dataset = datasets.get(name);
      if (dataset == null) {
        continue;
      }
      if (dataset.schema().eventTime() != null) {
        check("Dataset/" + name, "spec.schema.eventTime.watermarkDelay",
            dataset.schema().eventTime().watermarkDelay(), errors);
      }
      if (dataset.connector().datagen() != null) {
        RateProfile profile = dataset.connector().datagen().profile();
        String field = "spec.connector.datagen.profile.";
        check("Dataset/" + name, field + "startAfter", profile.startAfter(), errors);
        check("Dataset/" + name, field + "duration", profile.duration(), errors);
        check("Dataset/" + name, field + "period", profile.period(), errors);
      }
    }
  }

  private static void check(String resource, String field, String value, List<PlanError> errors) {
    if (value == null) {
      return;
    }
    try {
      Durations.parse(value);
    } catch (IllegalArgumentException e) {
      errors.add(new PlanError(resource, field, e.getMessage()));
    }
  }
}

package dev.sluice.lineage;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.Schema;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.api.pipeline.PipelineStatus;
import dev.sluice.api.pipeline.QualityRule;
import dev.sluice.api.pipeline.QualityViolations;
import dev.sluice.api.slo.ServiceLevelObjective;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.utils.DatasetIdentifier;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the OpenLineage RunEvent of a Pipeline's run: the job with its SQL, the inputs and
 * outputs with their accepted schema, the quality rules on each input as assertions with their
 * counts, the
 * ServiceLevelObjectives about each, and the job's checkpoint figures and failure on the run.
 */
final class LineageEvents {

  /** Where the JSON schemas of Sluice's own facets are published; the operator's jar carries them too. */
  static final String FACETS_URL = "https://sluice.dev/openlineage/facets/1-0-0/";
  static final URI PRODUCER = URI.create("https://sluice.dev/operator");

  private final OpenLineage openLineage = new OpenLineage(PRODUCER);
  private final LineageSettings settings;

  LineageEvents(LineageSettings settings) {
    this.settings = settings;
  }

  /**
   * @param datasets the Pipeline's Datasets by name; one that is missing is named after Sluice's name alone
   * @param objectives the ServiceLevelObjectives the operator knows of about the Pipeline and its Datasets
   */
  OpenLineage.RunEvent event(RunTracker.Due due, Pipeline pipeline, PipelineStatus status,
      Map<String, Dataset> datasets, Collection<ServiceLevelObjective> objectives, Instant now) {
    String namespace = pipeline.getMetadata().getNamespace();
    OpenLineage.JobFacets jobFacets = openLineage.newJobFacetsBuilder()
        .jobType(openLineage.newJobTypeJobFacet("STREAMING", "FLINK", "JOB"))
        .sql(openLineage.newSQLJobFacet(pipeline.getSpec().sql(), "flink"))
        .build();
    return openLineage.newRunEventBuilder()
        .eventType(due.type())
        .eventTime(now.atZone(ZoneOffset.UTC))
        .run(openLineage.newRun(runId(due.jobId()), runFacets(due, pipeline, status, objectives)))
        .job(openLineage.newJob(settings.jobNamespace(namespace),
            settings.jobName(namespace, pipeline.getMetadata().getName()), jobFacets))
        .inputs(pipeline.getSpec().inputs().stream()
            .map(name -> input(pipeline, name, datasets.get(name), status, objectives)).toList())
        .outputs(pipeline.getSpec().writtenDatasets().stream()
            .map(name -> output(pipeline, name, datasets.get(name), objectives)).toList())
        .build();
  }

  /** A Flink job id is 128 bits in 32 hex digits, as a UUID is: the run id is the job id. */
  static UUID runId(String jobId) {
    BigInteger bits = new BigInteger(jobId, 16);
    return new UUID(bits.shiftRight(64).longValue(), bits.longValue());
  }

  private OpenLineage.RunFacets runFacets(RunTracker.Due due, Pipeline pipeline, PipelineStatus status,
      Collection<ServiceLevelObjective> objectives) {
    OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
    if (due.type() == EventType.FAIL) {
      facets.errorMessage(openLineage.newErrorMessageRunFacet(due.cause(), "Java", null));
    }
    if (status.getCheckpoint() != null) {
      facets.put(CheckpointsRunFacet.NAME, new CheckpointsRunFacet(status.getCheckpoint()));
    }
    objectivesAbout(objectives, "Pipeline", pipeline.getMetadata().getName())
        .ifPresent(facet -> facets.put(ObjectivesFacet.NAME, facet));
    return facets.build();
  }

  private OpenLineage.InputDataset input(Pipeline pipeline, String name, Dataset dataset, PipelineStatus status,
      Collection<ServiceLevelObjective> objectives) {
    DatasetIdentifier id = identifier(pipeline, name, dataset);
    List<QualityViolationsFacet.Rule> rules = pipeline.getSpec().quality().stream()
        .filter(rule -> rule.input().equals(name))
        .map(rule -> new QualityViolationsFacet.Rule(rule.name(), rule.action(), violations(rule, status)))
        .toList();
    return openLineage.newInputDatasetBuilder()
        .namespace(id.getNamespace()).name(id.getName())
        .facets(datasetFacets(pipeline, name, id, dataset, objectives))
        .inputFacets(rules.isEmpty() ? null : openLineage.newInputDatasetInputFacetsBuilder()
            .dataQualityAssertions(openLineage.newDataQualityAssertionsDatasetFacet(
                rules.stream().map(this::assertion).toList()))
            .put(QualityViolationsFacet.NAME, new QualityViolationsFacet(rules))
            .build())
        .build();
  }

  private OpenLineage.OutputDataset output(Pipeline pipeline, String name, Dataset dataset,
      Collection<ServiceLevelObjective> objectives) {
    DatasetIdentifier id = identifier(pipeline, name, dataset);
    return openLineage.newOutputDatasetBuilder()
        .namespace(id.getNamespace()).name(id.getName())
        .facets(datasetFacets(pipeline, name, id, dataset, objectives))
        .build();
  }

  private static DatasetIdentifier identifier(Pipeline pipeline, String name, Dataset dataset) {
    return dataset == null ? DatasetNames.sluice(pipeline.getMetadata().getNamespace(), name)
        : DatasetNames.of(dataset);
  }

  private OpenLineage.DatasetFacets datasetFacets(Pipeline pipeline, String name, DatasetIdentifier id,
      Dataset dataset, Collection<ServiceLevelObjective> objectives) {
    OpenLineage.DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
    Schema accepted = dataset == null || dataset.getStatus() == null ? null : dataset.getStatus().getAcceptedSchema();
    if (accepted != null) {
      facets.schema(openLineage.newSchemaDatasetFacet(accepted.columns().stream().map(this::field).toList()));
    }
    DatasetIdentifier sluice = DatasetNames.sluice(pipeline.getMetadata().getNamespace(), name);
    if (!sluice.equals(id)) {
      facets.symlinks(openLineage.newSymlinksDatasetFacet(List.of(
          openLineage.newSymlinksDatasetFacetIdentifiers(sluice.getNamespace(), sluice.getName(), "DATASET"))));
    }
    objectivesAbout(objectives, "Dataset", name).ifPresent(facet -> facets.put(ObjectivesFacet.NAME, facet));
    return facets.build();
  }

  /** A computed column has no stored type: its expression stands in its description. */
  private OpenLineage.SchemaDatasetFacetFields field(Column column) {
    String description = column.computed()
        ? Objects.requireNonNullElse(column.description(), "computed") + " (AS " + column.expression() + ")"
        : column.description();
    return openLineage.newSchemaDatasetFacetFieldsBuilder()
        .name(column.name()).type(column.type()).description(description).build();
  }

  /** A rule holds while no row has failed it since the job started; one that fails the job is an error. */
  private OpenLineage.DataQualityAssertionsDatasetFacetAssertions assertion(QualityViolationsFacet.Rule rule) {
    return openLineage.newDataQualityAssertionsDatasetFacetAssertions(rule.name(), rule.violations() == 0, null,
        rule.action() == QualityRule.Action.FAIL ? "error" : "warn");
  }

  private static long violations(QualityRule rule, PipelineStatus status) {
    return status.getQuality().stream().filter(counted -> rule.name().equals(counted.getRule()))
        .map(QualityViolations::getViolations).filter(Objects::nonNull).findFirst().orElse(0L);
  }

  private static Optional<ObjectivesFacet> objectivesAbout(Collection<ServiceLevelObjective> objectives, String kind,
      String name) {
    List<ObjectivesFacet.Objective> about = objectives.stream()
        .filter(slo -> slo.getSpec() != null && slo.getSpec().target() != null
            && kind.equals(slo.getSpec().target().kind()) && name.equals(slo.getSpec().target().name()))
        .map(ObjectivesFacet.Objective::of)
        .toList();
    return about.isEmpty() ? Optional.empty() : Optional.of(new ObjectivesFacet(about));
  }
}

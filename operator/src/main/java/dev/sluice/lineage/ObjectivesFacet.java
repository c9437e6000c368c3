package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloStatus;
import io.openlineage.client.OpenLineage;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Facet {@code sluice_serviceLevelObjectives}: the state of the ServiceLevelObjectives about a
 * Pipeline (a run facet) or a Dataset (a dataset facet), as the operator last evaluated them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class ObjectivesFacet implements OpenLineage.RunFacet, OpenLineage.DatasetFacet {

  static final String NAME = "sluice_serviceLevelObjectives";
  static final URI SCHEMA = URI.create(LineageEvents.FACETS_URL + "SluiceServiceLevelObjectivesFacet.json"
      + "#/$defs/SluiceServiceLevelObjectivesFacet");

  /** One objective: its spec's target figure and its status's figures, absent until evaluated. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Objective(String name, Double objective, String state, Double sli, Double compliance,
      Double errorBudgetRemaining, String lastEvaluationTime) {

    static Objective of(ServiceLevelObjective slo) {
      SloStatus status = slo.getStatus() == null ? new SloStatus() : slo.getStatus();
      return new Objective(slo.getMetadata().getName(), slo.getSpec().objective(),
          status.getState() == null ? null : status.getState().name(), status.getSli(), status.getCompliance(),
          status.getErrorBudgetRemaining(), status.getLastEvaluationTime());
    }
  }

  private final URI producer;
  private final List<Objective> objectives;

  ObjectivesFacet(URI producer, List<Objective> objectives) {
    this.producer = producer;
    this.objectives = objectives;
  }

  @Override
  @JsonProperty("_producer")
  public URI get_producer() {
    return producer;
  }

  @Override
  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return SCHEMA;
  }

  @Override
  @JsonProperty("_deleted")
  public Boolean get_deleted() {
    return null;
  }

  @JsonProperty("objectives")
  public List<Objective> objectives() {
    return objectives;
  }

  @Override
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return Map.of();
  }
}

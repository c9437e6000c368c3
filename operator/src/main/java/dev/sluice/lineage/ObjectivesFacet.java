package dev.sluice.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.api.slo.SloStatus;
import io.openlineage.client.OpenLineage;

import java.util.List;

/**
 * Facet {@code sluice_serviceLevelObjectives}: the state of the ServiceLevelObjectives about a
 * Pipeline (a run facet) or a Dataset (a dataset facet), as the operator last evaluated them.
 */
final class ObjectivesFacet extends SluiceFacet implements OpenLineage.RunFacet, OpenLineage.DatasetFacet {

  static final String NAME = "sluice_serviceLevelObjectives";

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

  private final List<Objective> objectives;

  ObjectivesFacet(List<Objective> objectives) {
    super("SluiceServiceLevelObjectivesFacet");
    this.objectives = objectives;
  }

  /** Never a deletion: the facet is sent whole each time. */
  @Override
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonProperty("_deleted")
  public Boolean get_deleted() {
    return null;
  }

  @JsonProperty("objectives")
  public List<Objective> objectives() {
    return objectives;
  }
}

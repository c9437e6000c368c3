package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SloStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Healthy, Burning, Exhausted or NoData.")
  private SloState state;

  @JsonPropertyDescription("The indicator's latest value: seconds for freshness, lag and latency; a ratio "
      + "from 0 to 1 for success, availability and pass rates.")
  private Double sli;

  @JsonPropertyDescription("Percentage of the window in which the indicator was good.")
  private Double compliance;

  @JsonPropertyDescription("Percentage of the error budget left in the window; negative when overspent.")
  private Double errorBudgetRemaining;

  @JsonPropertyDescription("Burn rates over the standard windows 5m, 30m, 1h, 2h, 6h, 1d and 3d.")
  private List<BurnRate> burnRates = new ArrayList<>();

  @JsonPropertyDescription("The multi-window burn-rate conditions that hold now: page, ticket or both. "
      + "State is Burning while any holds.")
  private List<String> firing = new ArrayList<>();

  @JsonPropertyDescription("How long the budget left lasts at the burn rate over 1h, such as 12h40m; unset "
      + "while nothing burns or nothing is left.")
  private String timeToExhaustion;

  @JsonPropertyDescription("When the SLI was last evaluated (RFC 3339).")
  private String lastEvaluationTime;

  @JsonPropertyDescription("Ready and AlertsInstalled, following Kubernetes API conventions.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public SloState getState() {
    return state;
  }

  public void setState(SloState state) {
    this.state = state;
  }

  public Double getSli() {
    return sli;
  }

  public void setSli(Double sli) {
    this.sli = sli;
  }

  public Double getCompliance() {
    return compliance;
  }

  public void setCompliance(Double compliance) {
    this.compliance = compliance;
  }

  public Double getErrorBudgetRemaining() {
    return errorBudgetRemaining;
  }

  public void setErrorBudgetRemaining(Double errorBudgetRemaining) {
    this.errorBudgetRemaining = errorBudgetRemaining;
  }

  public List<BurnRate> getBurnRates() {
    return burnRates;
  }

  public void setBurnRates(List<BurnRate> burnRates) {
    this.burnRates = burnRates;
  }

  public List<String> getFiring() {
    return firing;
  }

  public void setFiring(List<String> firing) {
    this.firing = firing;
  }

  public String getTimeToExhaustion() {
    return timeToExhaustion;
  }

  public void setTimeToExhaustion(String timeToExhaustion) {
    this.timeToExhaustion = timeToExhaustion;
  }

  public String getLastEvaluationTime() {
    return lastEvaluationTime;
  }

  public void setLastEvaluationTime(String lastEvaluationTime) {
    this.lastEvaluationTime = lastEvaluationTime;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}

package dev.sluice.api.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BurnRate {

  @JsonPropertyDescription("The window, such as 1h.")
  private String window;

  @JsonPropertyDescription("Error rate over the window divided by the error rate the objective allows.")
  private Double rate;

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }

  public Double getRate() {
    return rate;
  }

  public void setRate(Double rate) {
    this.rate = rate;
  }
}

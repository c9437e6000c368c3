package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.slo.BurnWindow;
import dev.sluice.slo.SliHistory;
import dev.sluice.slo.SloEvaluation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Each SLO's figures for Prometheus, tagged with namespace and slo: the SLI, the budget
 * left and the burn rate per window as gauges (NaN, shown as absent, while unknown), and the
 * good and total counts (seconds for time slices, events otherwise) as counters, from which the
 * PrometheusRules compute the same error ratios.
 */
public class SloMetrics {

  static final String GOOD = "sluice_slo_good_events";
  static final String TOTAL = "sluice_slo_events";
  private static final String PREFIX = "sluice_slo_";

  private final MeterRegistry registry;
  private final Map<ResourceID, SloEvaluation> latest = new ConcurrentHashMap<>();

  public SloMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  static Tags tags(ServiceLevelObjective slo) {
    return Tags.of("namespace", slo.getMetadata().getNamespace(), "slo", slo.getMetadata().getName());
  }

  void record(ServiceLevelObjective slo, SliHistory.Counts added, SloEvaluation evaluation) {
    ResourceID key = ResourceID.fromResource(slo);
    Tags tags = tags(slo);
    if (latest.put(key, evaluation) == null) {
      gauge("sluice_slo_sli", "The indicator's latest value", tags, key,
          e -> e.sli() == null ? Double.NaN : e.sli());
      gauge("sluice_slo_error_budget_remaining", "Percentage of the error budget left in the window", tags, key,
          e -> e.errorBudgetRemaining() == null ? Double.NaN : e.errorBudgetRemaining());
      for (BurnWindow window : BurnWindow.values()) {
        gauge("sluice_slo_burn_rate", "Error ratio over the window divided by the allowed one",
            tags.and("window", window.label()), key, e -> e.burnRates().getOrDefault(window, Double.NaN));
      }
    }
    // Counters exist from the first evaluation, so that rate() has a starting point.
    Counter.builder(GOOD).description("Good seconds or events counted").tags(tags).register(registry)
        .increment(added.good());
    Counter.builder(TOTAL).description("Seconds or events counted").tags(tags).register(registry)
        .increment(added.total());
  }

  void forget(ServiceLevelObjective slo) {
    latest.remove(ResourceID.fromResource(slo));
    registry.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith(PREFIX)
            && slo.getMetadata().getNamespace().equals(meter.getId().getTag("namespace"))
            && slo.getMetadata().getName().equals(meter.getId().getTag("slo")))
        .forEach(registry::remove);
  }

  private void gauge(String name, String description, Tags tags, ResourceID key, ToDoubleFunction<SloEvaluation> value) {
    Gauge.builder(name, latest, all -> all.containsKey(key) ? value.applyAsDouble(all.get(key)) : Double.NaN)
        .description(description).tags(tags).register(registry);
  }
}

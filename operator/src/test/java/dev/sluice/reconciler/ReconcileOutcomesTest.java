package dev.sluice.reconciler;

import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.pipeline.Pipeline;
import dev.sluice.reconciler.ReconcileOutcomes.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconcileOutcomesTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ReconcileOutcomes outcomes = new ReconcileOutcomes(registry);

  @Test
  void countsEachOutcomePerResource() {
    Pipeline orders = named(new Pipeline(), "orders");
    outcomes.record(orders, Outcome.OK);
    outcomes.record(orders, Outcome.OK);
    outcomes.record(orders, Outcome.INVALID);
    outcomes.error(named(new Dataset(), "orders"));

    String scrape = registry.scrape();
    assertTrue(scrape.contains(line("Pipeline", "orders", "ok") + " 2.0"), scrape);
    assertTrue(scrape.contains(line("Pipeline", "orders", "invalid") + " 1.0"), scrape);
    assertTrue(scrape.contains(line("Dataset", "orders", "error") + " 1.0"), scrape);
    assertTrue(scrape.contains(line("Pipeline", "orders", "error") + " 0.0"),
        "an outcome not seen yet is a series at zero: " + scrape);
  }

  @Test
  void forgetsADeletedResourceOnly() {
    Pipeline orders = named(new Pipeline(), "orders");
    outcomes.record(orders, Outcome.OK);
    outcomes.record(named(new Pipeline(), "returns"), Outcome.OK);
    outcomes.record(named(new Dataset(), "orders"), Outcome.OK);

    outcomes.forget(orders);

    String scrape = registry.scrape();
    assertFalse(scrape.contains(line("Pipeline", "orders", "ok")), scrape);
    assertTrue(scrape.contains(line("Pipeline", "returns", "ok")), scrape);
    assertTrue(scrape.contains(line("Dataset", "orders", "ok")), scrape);
  }

  private static <R extends HasMetadata> R named(R resource, String name) {
    resource.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
    return resource;
  }

  private static String line(String kind, String name, String outcome) {
    return "sluice_reconcile_total{kind=\"" + kind + "\",name=\"" + name + "\",namespace=\"shop\",outcome=\""
        + outcome + "\"}";
  }
}

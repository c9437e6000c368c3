package dev.sluice.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/**
 * Counts reconciliations per resource and outcome, published as {@code
 * sluice_reconcile_total{kind, namespace, name, outcome}}. Every outcome of a resource starts at
 * zero with its first reconcile, so that a query for errors finds series before the first one.
 */
public class ReconcileOutcomes {

  static final String METER = "sluice_reconcile";

  public enum Outcome {
    /** Acted on, or nothing to do. */
    OK,
    /** A person must fix the resource or something it names; a condition says what. */
    INVALID,
    /** The reconcile failed and is retried. */
    ERROR
  }

  private final MeterRegistry registry;

  public ReconcileOutcomes(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(HasMetadata resource, Outcome outcome) {
    for (Outcome each : Outcome.values()) {
      counter(resource, each);
    }
    counter(resource, outcome).increment();
  }

  private Counter counter(HasMetadata resource, Outcome outcome) {
    return Counter.builder(METER)
        .description("Reconciliations by outcome: ok, invalid (a condition says what to fix) or error (retried)")
        .tag("kind", resource.getKind())
        .tag("namespace", resource.getMetadata().getNamespace())
        .tag("name", resource.getMetadata().getName())
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /** Counts a reconcile that threw, and leaves the retry to the operator SDK. */
  public <P extends HasMetadata> ErrorStatusUpdateControl<P> error(P resource) {
    record(resource, Outcome.ERROR);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** Drops a deleted resource's counters. */
  public void forget(HasMetadata resource) {
    registry.getMeters().stream()
        .filter(meter -> meter.getId().getName().equals(METER)
            && resource.getKind().equals(meter.getId().getTag("kind"))
            && resource.getMetadata().getNamespace().equals(meter.getId().getTag("namespace"))
            && resource.getMetadata().getName().equals(meter.getId().getTag("name")))
        .forEach(registry::remove);
  }
}

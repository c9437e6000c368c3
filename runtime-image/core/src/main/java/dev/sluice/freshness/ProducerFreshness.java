package dev.sluice.freshness;

import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.pipeline.Pipeline;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A Dataset's freshness from the Pipelines that write it: the earliest of their freshThrough, the
 * stalest producer, since the dataset is complete only as far as every producer has written it (a
 * reader joining on time would otherwise miss rows). Unknown while a producer reports none. The
 * operator and local mode both set a Dataset's status with it.
 */
public final class ProducerFreshness {

  private ProducerFreshness() {
  }

  /** @param producers the Pipelines that write the Dataset */
  public static void apply(Collection<Pipeline> producers, DatasetStatus status, Instant now) {
    List<String> reported = producers.stream()
        .map(pipeline -> pipeline.getStatus() == null ? null : pipeline.getStatus().getFreshThrough())
        .toList();
    Optional<Instant> stalest = reported.isEmpty() || reported.contains(null) ? Optional.empty()
        : reported.stream().map(Instant::parse).min(Instant::compareTo);
    status.setFreshThrough(stalest.map(Instant::toString).orElse(null));
    Optional<Freshness.Age> age = stalest.map(freshThrough -> Freshness.age(freshThrough, now));
    status.setFreshness(age.map(Freshness.Age::text).orElse(null));
    status.setFreshnessSeconds(age.map(Freshness.Age::seconds).orElse(null));
  }
}

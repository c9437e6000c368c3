package dev.sluice.reconciler.slo;

import dev.sluice.api.slo.ServiceLevelObjective;
import dev.sluice.reconciler.pipeline.ClusterApplier;
import dev.sluice.reconciler.pipeline.ClusterNames;
import dev.sluice.slo.HistoryJson;
import dev.sluice.slo.HistorySnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each SLO's bucketed history in a ConfigMap it owns ({@code <slo>-slo-history}), so that a
 * restart or a new leader continues the window. Status is no place for it: it would be rewritten
 * on every evaluation. Written at most once per {@link #WRITE_INTERVAL} per SLO; a restart loses
 * at most that much. Deleting the SLO deletes the ConfigMap through its owner reference.
 */
class SloHistoryStore {

  static final Duration WRITE_INTERVAL = Duration.ofMinutes(1);
  static final String LABEL = "sluice.dev/slo-history";
  static final String KEY = "history.json";
  private static final Logger LOG = LoggerFactory.getLogger(SloHistoryStore.class);

  private final ClusterApplier applier;
  private final Map<ResourceID, Instant> written = new ConcurrentHashMap<>();

  SloHistoryStore(ClusterApplier applier) {
    this.applier = applier;
  }

  static String name(ServiceLevelObjective slo) {
    return slo.getMetadata().getName() + "-slo-history";
  }

  /** The history kept in {@code configMap}, or empty when there is none or it cannot be read. */
  static Optional<HistorySnapshot> read(ServiceLevelObjective slo, Optional<ConfigMap> configMap) {
    Optional<String> text = configMap.map(ConfigMap::getData).map(data -> data.get(KEY));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    HistoryJson.Readback readback = HistoryJson.read(text.get());
    if (readback.unreadable() != null) {
      LOG.warn("History of SLO {}/{} in ConfigMap {} is unreadable; the window starts again: {}",
          slo.getMetadata().getNamespace(), slo.getMetadata().getName(), name(slo), readback.unreadable());
    }
    return readback.snapshot();
  }

  /** Writes {@code snapshot} unless this SLO's history was written less than a minute ago. */
  void save(ServiceLevelObjective slo, HistorySnapshot snapshot, Instant now) {
    ResourceID key = ResourceID.fromResource(slo);
    Instant last = written.get(key);
    if (last != null && now.isBefore(last.plus(WRITE_INTERVAL)) && !now.isBefore(last)) {
      return;
    }
    String text = HistoryJson.write(snapshot);
    ConfigMap configMap = new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(slo))
        .withNamespace(slo.getMetadata().getNamespace())
        .withLabels(Map.of(LABEL, slo.getMetadata().getName(),
            "app.kubernetes.io/part-of", "sluice", "app.kubernetes.io/managed-by", ClusterNames.MANAGED_BY))
        .endMetadata()
        .withData(Map.of(KEY, text))
        .build();
    applier.apply(slo, List.of(configMap));
    written.put(key, now);
  }

  void forget(ServiceLevelObjective slo) {
    written.remove(ResourceID.fromResource(slo));
  }
}

package dev.sluice.reconciler.pipeline;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Dataset;
import dev.sluice.api.dataset.DatasetStatus;
import dev.sluice.api.dataset.Schema;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetEventsTest {

  private static final Schema ONE_COLUMN =
      new Schema(List.of(new Column("id", "BIGINT", null, null, null)), null, null);
  private static final Schema TWO_COLUMNS = new Schema(List.of(new Column("id", "BIGINT", null, null, null),
      new Column("name", "STRING", null, null, null)), null, null);

  @Test
  void freshnessFromTheProducersDoesNotReplanTheReaders() {
    Dataset before = dataset(1, ONE_COLUMN, "42s");
    assertFalse(DatasetEvents.changesPlans(dataset(1, ONE_COLUMN, "44s"), before));
  }

  @Test
  void aNewSpecOrAcceptedSchemaDoes() {
    Dataset before = dataset(1, ONE_COLUMN, "42s");
    assertTrue(DatasetEvents.changesPlans(dataset(2, ONE_COLUMN, "42s"), before));
    assertTrue(DatasetEvents.changesPlans(dataset(1, TWO_COLUMNS, "42s"), before));
  }

  private static Dataset dataset(long generation, Schema accepted, String freshness) {
    Dataset dataset = new Dataset();
    dataset.setMetadata(new ObjectMetaBuilder().withName("orders").withGeneration(generation).build());
    DatasetStatus status = new DatasetStatus();
    status.setAcceptedSchema(accepted);
    status.setFreshness(freshness);
    dataset.setStatus(status);
    return dataset;
  }
}

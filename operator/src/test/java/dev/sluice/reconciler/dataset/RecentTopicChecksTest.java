package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.kafka.KafkaAdmins;
import dev.sluice.kafka.SecretLookup;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A topic check is reused for a while, and asked again when it is old or the connector changed. */
class RecentTopicChecksTest {

  @Test
  void asksTheBrokersAgainOnlyWhenTheCheckIsOldOrTheConnectorChanged() {
    KafkaBroker kafka = KafkaBroker.shared();
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (KafkaAdmins admins = new KafkaAdmins(clock)) {
      RecentTopicChecks checks = new RecentTopicChecks(new TopicChecker(admins), Duration.ofMinutes(1), clock);
      KafkaConnector shipments = new KafkaConnector("recent.shipments", kafka.bootstrapServers(), 2, null, null, null,
          null, null);

      RecentTopicChecks.Result first = checks.check("ns", "shipments", shipments, SecretLookup.NONE);
      assertTrue(first.asked());
      assertEquals(DatasetReason.TopicNotFound, first.check().reason());

      kafka.createTopic("recent.shipments", 2);
      clock.advance(Duration.ofSeconds(30));
      RecentTopicChecks.Result reused = checks.check("ns", "shipments", shipments, SecretLookup.NONE);
      assertFalse(reused.asked(), "a check 30 s old is reused");
      assertEquals(DatasetReason.TopicNotFound, reused.check().reason());
      assertTrue(checks.check("other-ns", "shipments", shipments, SecretLookup.NONE).asked(), "each Dataset has its own check");

      clock.advance(Duration.ofSeconds(31));
      RecentTopicChecks.Result again = checks.check("ns", "shipments", shipments, SecretLookup.NONE);
      assertTrue(again.asked(), "a check over a minute old is asked again");
      assertTrue(again.check().ready(), again.check().message());

      KafkaConnector threePartitions = new KafkaConnector("recent.shipments", kafka.bootstrapServers(), 3, null, null,
          null, null, null);
      RecentTopicChecks.Result changed = checks.check("ns", "shipments", threePartitions, SecretLookup.NONE);
      assertTrue(changed.asked(), "a changed connector is checked at once");
      assertEquals(DatasetReason.PartitionMismatch, changed.check().reason());
    }
  }
}

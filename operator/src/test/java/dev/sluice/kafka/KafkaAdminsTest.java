package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.fixtures.KafkaBroker;
import dev.sluice.testing.SettableClock;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Admin clients are shared per configuration and closed when idle, against a real broker. */
class KafkaAdminsTest {

  @Test
  void oneClientServesEachConfigurationUntilItIsIdle() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    kafka.createTopic("admins.orders", 2);
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (KafkaAdmins admins = new KafkaAdmins(clock)) {
      KafkaConnector orders = connector(kafka, Map.of());
      Admin first = admins.admin("default", orders, SecretLookup.NONE);
      assertSame(first, admins.admin("default", orders, SecretLookup.NONE), "the same brokers and properties share a client");
      Admin other = admins.admin("default", connector(kafka, Map.of("client.dns.lookup", "use_all_dns_ips")), SecretLookup.NONE);
      assertNotSame(first, other, "other client properties get their own client");
      assertEquals(2, admins.open());
      assertEquals(2, first.describeTopics(List.of("admins.orders")).allTopicNames()
          .get(10, TimeUnit.SECONDS).get("admins.orders").partitions().size());

      clock.advance(KafkaAdmins.IDLE.minus(Duration.ofSeconds(1)));
      admins.admin("default", orders, SecretLookup.NONE);
      clock.advance(Duration.ofSeconds(2));
      admins.admin("default", orders, SecretLookup.NONE);
      assertEquals(1, admins.open(), "the client unused for longer than the idle time is closed");
      assertThrows(Exception.class, () -> other.listTopics().names().get(10, TimeUnit.SECONDS),
          "a closed client answers no more");
    }
  }

  private static KafkaConnector connector(KafkaBroker kafka, Map<String, String> properties) {
    return new KafkaConnector("admins.orders", kafka.bootstrapServers(), 2, null, null, properties, null, null);
  }
}

package dev.sluice.reconciler.dataset;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.kafka.SecretLookup;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest topic check of each Kafka Dataset, reused until it is {@code maxAge} old or the
 * connector or its credentials' Secret changes. A Dataset is reconciled whenever a producing Pipeline's status changes,
 * which is every observation; asking the brokers each time would add no news.
 */
final class RecentTopicChecks {

  /** A check's result, and whether the brokers were asked just now rather than earlier. */
  record Result(TopicCheck check, boolean asked) {
  }

  /** @param secretVersion the resource version of the credentials' Secret, so that fixing it checks again */
  private record Checked(KafkaConnector connector, String secretVersion, TopicCheck check, Instant at) {
  }

  private final TopicChecker checker;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<ResourceID, Checked> checks = new ConcurrentHashMap<>();

  RecentTopicChecks(TopicChecker checker, Duration maxAge, Clock clock) {
    this.checker = checker;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  Result check(String namespace, String dataset, KafkaConnector kafka, SecretLookup secrets) {
    Instant now = clock.instant();
    // A deleted Dataset's entry goes once no reconcile could reuse it.
    checks.values().removeIf(checked -> checked.at().plus(maxAge.multipliedBy(2)).isBefore(now));
    ResourceID key = new ResourceID(dataset, namespace);
    String secretVersion = kafka.credentials() == null ? null : secrets.secret(kafka.credentials().secretName())
        .map(secret -> secret.getMetadata().getResourceVersion()).orElse(null);
    Checked last = checks.get(key);
    if (last != null && last.connector().equals(kafka) && Objects.equals(last.secretVersion(), secretVersion)
        && last.at().plus(maxAge).isAfter(now)) {
      return new Result(last.check(), false);
    }
    TopicCheck check = checker.check(namespace, kafka, secrets);
    checks.put(key, new Checked(kafka, secretVersion, check, now));
    return new Result(check, true);
  }
}

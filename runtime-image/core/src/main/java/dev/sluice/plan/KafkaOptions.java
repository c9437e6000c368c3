package dev.sluice.plan;

import dev.sluice.api.dataset.Format;
import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.KafkaCredentials;
import dev.sluice.api.dataset.StartupMode;
import dev.sluice.api.pipeline.Checkpointing;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flink table options of a Kafka Dataset. Sources read committed records only; sinks write
 * transactions when the Pipeline checkpoints exactly once. A Dataset with a primary key and a
 * format that carries no changes (such as json) becomes an upsert-kafka table keyed by it.
 */
final class KafkaOptions {

  /** Client properties Sluice sets itself; a Dataset that sets them would break its guarantees. */
  private static final Map<String, String> RESERVED = Map.of(
      "bootstrap.servers", "spec.connector.kafka.bootstrapServers",
      "group.id", "spec.connector.kafka.groupId",
      "isolation.level", "spec.connector.kafka (sources always read committed records)",
      "transactional.id", "the Pipeline's spec.checkpointing.mode");

  /** Client properties that credentials set; without credentials (such as SSL only) a Dataset may set them. */
  private static final Map<String, String> SET_BY_CREDENTIALS = Map.of(
      "security.protocol", "spec.connector.kafka.credentials.securityProtocol",
      "sasl.mechanism", "spec.connector.kafka.credentials.mechanism");

  private static final List<String> CREDENTIAL_MARKERS = List.of("jaas", "password", "secret", "keystore.key");

  private KafkaOptions() {
  }

  static void render(Table table, KafkaConnector kafka, Format format, PlanContext context, Rendered into) {
    boolean upsert = !table.spec().schema().primaryKey().isEmpty() && !isChangelog(format);
    Map<String, String> options = into.options();
    options.put("connector", upsert ? "upsert-kafka" : "kafka");
    options.put("topic", kafka.topic());
    options.put("properties.bootstrap.servers", kafka.bootstrapServers());
    if (upsert) {
      FormatOptions.render(format, "key.", options);
      FormatOptions.render(format, "value.", options);
    } else {
      FormatOptions.render(format, "", options);
    }
    if (table.role() == TableRole.SOURCE) {
      sourceOptions(kafka, upsert, context, options);
    } else {
      sinkOptions(table, context, options);
    }
    if (kafka.credentials() != null) {
      credentials(table, kafka.credentials(), into);
    }
    Map<String, String> reserved = new HashMap<>(RESERVED);
    if (kafka.credentials() != null) {
      reserved.putAll(SET_BY_CREDENTIALS);
    }
    kafka.properties().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(property -> userProperty(table, property.getKey(), property.getValue(), reserved, into));
  }

  private static boolean isChangelog(Format format) {
    return format == Format.DEBEZIUM_JSON;
  }

  private static void sourceOptions(KafkaConnector kafka, boolean upsert, PlanContext context,
                                    Map<String, String> options) {
    options.put("properties.group.id", ConsumerGroups.of(context.namespace(), context.pipeline(), kafka));
    options.put("properties.isolation.level", "read_committed");
    if (!upsert) {
      options.put("scan.startup.mode", kafka.startupMode().flinkName());
    }
    if (kafka.startupMode() == StartupMode.GROUP_OFFSETS) {
      // A new consumer group has no committed offsets; it starts at the beginning of the topic.
      options.put("properties.auto.offset.reset", "earliest");
    }
  }

  private static void sinkOptions(Table table, PlanContext context, Map<String, String> options) {
    if (context.mode() == Checkpointing.Mode.EXACTLY_ONCE) {
      options.put("sink.delivery-guarantee", "exactly-once");
      options.put("sink.transactional-id-prefix", context.transactionalIdPrefix(table.name()));
      options.put("properties.transaction.timeout.ms",
          Long.toString(context.defaults().kafkaTransactionTimeout().toMillis()));
    } else {
      options.put("sink.delivery-guarantee", "at-least-once");
    }
  }

  private static void credentials(Table table, KafkaCredentials credentials, Rendered into) {
    String prefix = "SLUICE_KAFKA_" + table.name().toUpperCase(Locale.ROOT);
    SecretEnv username = new SecretEnv(prefix + "_USERNAME", credentials.secretName(), credentials.usernameKey());
    SecretEnv password = new SecretEnv(prefix + "_PASSWORD", credentials.secretName(), credentials.passwordKey());
    into.secrets().add(username);
    into.secrets().add(password);
    String loginModule = credentials.mechanism() == KafkaCredentials.SaslMechanism.PLAIN
        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    into.options().put("properties.security.protocol", credentials.securityProtocol().name());
    into.options().put("properties.sasl.mechanism", credentials.mechanism().name().replace('_', '-'));
    into.options().put("properties.sasl.jaas.config", loginModule + " required username=\""
        + username.placeholder() + "\" password=\"" + password.placeholder() + "\";");
  }

  private static void userProperty(Table table, String key, String value, Map<String, String> reserved,
                                   Rendered into) {
    String field = "spec.connector.kafka.properties[" + key + "]";
    String lower = key.toLowerCase(Locale.ROOT);
    if (reserved.containsKey(lower)) {
      into.errors().add(PlanError.dataset(table.dataset(), field,
          "Sluice sets " + key + " itself; remove it from properties and use " + reserved.get(lower)));
    } else if (CREDENTIAL_MARKERS.stream().anyMatch(lower::contains)) {
      into.errors().add(PlanError.dataset(table.dataset(), field,
          key + " looks like a credential, and properties end up in a ConfigMap; remove it and "
              + "reference a Secret with spec.connector.kafka.credentials"));
    } else {
      into.options().put("properties." + key, value);
    }
  }
}

package dev.sluice.kafka;

import dev.sluice.api.dataset.KafkaConnector;
import dev.sluice.api.dataset.KafkaCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka admin clients for Datasets: the Dataset's bootstrap servers and client properties, and
 * the SASL credentials of the Secret it references, read into the client's memory only.
 *
 * <p>Clients are shared: every Pipeline observation asks for lag, and a new client per call
 * would open fresh broker connections (and a SASL handshake) each time. One client serves each
 * distinct configuration, so changed credentials get a new client; a client unused for {@link
 * #IDLE} is closed.
 */
public class KafkaAdmins implements AutoCloseable {

  static final Duration IDLE = Duration.ofMinutes(10);
  /** How long one admin call may take at most; callers wait less for the answers they need. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;
  private final Map<Map<String, Object>, Shared> clients = new ConcurrentHashMap<>();

  private static final class Shared {
    private final Admin admin;
    private volatile Instant lastUsed;

    Shared(Admin admin, Instant now) {
      this.admin = admin;
      this.lastUsed = now;
    }
  }

  public KafkaAdmins(Clock clock) {
    this.clock = clock;
  }

  /**
   * The admin client for the Dataset's brokers. It is shared: the caller must not close it.
   *
   * @param secrets where the Secret that the connector's credentials name is found
   *
   * @throws IllegalStateException when the referenced Secret or one of its keys is missing; the
   *     message names the field and the fix
   * @throws org.apache.kafka.common.KafkaException when no bootstrap server resolves
   */
  public Admin admin(String namespace, KafkaConnector kafka, SecretLookup secrets) {
    Map<String, Object> config = config(namespace, kafka, secrets);
    Instant now = clock.instant();
    closeIdle(now);
    Shared shared = clients.computeIfAbsent(config, key -> new Shared(Admin.create(key), now));
    shared.lastUsed = now;
    return shared.admin;
  }

  /** How many clients are open. */
  int open() {
    return clients.size();
  }

  private void closeIdle(Instant now) {
    clients.entrySet().removeIf(entry -> {
      boolean idle = entry.getValue().lastUsed.plus(IDLE).isBefore(now);
      if (idle) {
        entry.getValue().admin.close(Duration.ZERO);
      }
      return idle;
    });
  }

  private static Map<String, Object> config(String namespace, KafkaConnector kafka, SecretLookup secrets) {
    Map<String, Object> config = new HashMap<>(kafka.properties());
    int millis = Math.toIntExact(CALL_TIMEOUT.toMillis());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-operator");
    var credentials = kafka.credentials();
    if (credentials != null) {
      Secret secret = secrets.secret(credentials.secretName()).orElse(null);
      if (secret == null) {
        throw new IllegalStateException("Secret " + credentials.secretName() + " (spec.connector.kafka.credentials"
            + ".secretName) does not exist in namespace " + namespace + "; create it");
      }
      String module = credentials.mechanism() == KafkaCredentials.SaslMechanism.PLAIN
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, credentials.securityProtocol().name());
      config.put(SaslConfigs.SASL_MECHANISM, credentials.mechanism().name().replace('_', '-'));
      config.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + value(secret, credentials.usernameKey())
          + "\" password=\"" + value(secret, credentials.passwordKey()) + "\";");
    }
    return Map.copyOf(config);
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() == null || !secret.getData().containsKey(key)) {
      throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no key " + key
          + " (spec.connector.kafka.credentials); add it");
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    clients.values().forEach(shared -> shared.admin.close(Duration.ZERO));
    clients.clear();
  }
}

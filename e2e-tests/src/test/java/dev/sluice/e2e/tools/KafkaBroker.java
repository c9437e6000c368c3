package dev.sluice.e2e.tools;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka broker running as a pod (e2e-tests/kafka-image), reached by the test through a
 * port-forward to its external listener, which advertises the forward's local end and asks for no
 * login. In-cluster clients use port 9092, which requires a SASL PLAIN login.
 */
public final class KafkaBroker implements AutoCloseable {

  /** The Secret, in the broker's namespace and in a Pipeline's, with the user that port 9092 admits. */
  public static final String CREDENTIALS_SECRET = "kafka-credentials";
  public static final String USERNAME = "sluice";
  private static final int INTERNAL_PORT = 9092;
  private static final int EXTERNAL_PORT = 9094;
  private static final int READ_ATTEMPTS = 3;

  private final KubernetesClient client;
  private final String namespace;
  private final String pod;
  private final LocalPortForward forward;
  private final String bootstrap;

  private KafkaBroker(KubernetesClient client, String namespace, String pod, LocalPortForward forward) {
    this.client = client;
    this.namespace = namespace;
    this.pod = pod;
    this.forward = forward;
    this.bootstrap = "localhost:" + forward.getLocalPort();
  }

  /** The Secret {@value #CREDENTIALS_SECRET}: {@value #USERNAME} and the password. */
  public static Secret credentials(String password) {
    return new SecretBuilder().withNewMetadata().withName(CREDENTIALS_SECRET).endMetadata()
        .addToStringData("username", USERNAME).addToStringData("password", password).build();
  }

  /**
   * Deploys the broker and its Service from kafka.yaml in the namespace, with port 9092 requiring
   * that password, and waits until it serves.
   */
  public static KafkaBroker deploy(KubernetesClient client, String namespace, String image, String password) {
    client.secrets().inNamespace(namespace).resource(credentials(password)).create();
    int localPort = freePort();
    List<HasMetadata> resources;
    try (InputStream manifest = Files.newInputStream(
        Cli.repoRoot().resolve("e2e-tests/src/test/resources/kafka-to-kafka/kafka.yaml"))) {
      resources = client.load(manifest).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata resource : resources) {
      if (resource instanceof Deployment deployment) {
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.setImage(image);
        for (EnvVar env : container.getEnv()) {
          if (env.getName().equals("KAFKA_EXTERNAL_ADDRESS")) {
            env.setValue("localhost:" + localPort);
          }
        }
      }
      client.resource(resource).inNamespace(namespace).create();
    }
    Deployment ready = client.apps().deployments().inNamespace(namespace).withName("kafka").waitUntilCondition(
        d -> d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()),
        3, TimeUnit.MINUTES);
    String pod = client.pods().inNamespace(namespace)
        .withLabels(ready.getSpec().getSelector().getMatchLabels()).list().getItems().get(0)
        .getMetadata().getName();
    return new KafkaBroker(client, namespace, pod,
        client.pods().inNamespace(namespace).withName(pod).portForward(EXTERNAL_PORT, localPort));
  }

  /**
   * Whether port 9092 refuses a login of {@value #USERNAME} with that password, asked through a
   * port-forward to it. The answer comes on the first connection; a login that is accepted goes on
   * to the advertised in-cluster address, which the test cannot reach, and counts as not refused.
   */
  public boolean refusesLogin(String password) {
    try (LocalPortForward internal = client.pods().inNamespace(namespace).withName(pod).portForward(INTERNAL_PORT);
        Admin admin = Admin.create(Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + internal.getLocalPort(),
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
            SaslConfigs.SASL_MECHANISM, "PLAIN",
            SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName() + " required username=\"" + USERNAME
                + "\" password=\"" + password + "\";",
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
      admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof SaslAuthenticationException;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String bootstrap() {
    return bootstrap;
  }

  public void createTopics(Map<String, Integer> partitions) {
    try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = partitions.entrySet().stream()
          .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList();
      admin.createTopics(topics).all().get(1, TimeUnit.MINUTES);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("creating topics " + partitions.keySet(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Writes the records (key, JSON value) and waits until the broker has them all. */
  public void produce(String topic, Map<String, String> records) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      records.forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(topic, key, value))));
      for (var send : sent) {
        send.get(1, TimeUnit.MINUTES);
      }
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("producing to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every committed record of the topic, read with isolation level read_committed from the start
   * up to the last stable offset of each partition at the time of the call.
   *
   * <p>The port-forward carries each broker connection over its own API server stream, and one of
   * them now and then never opens; the client then times out. A new consumer opens new streams, so
   * a read that timed out is tried again, up to {@value #READ_ATTEMPTS} times, and says so.
   */
  public List<ConsumerRecord<String, String>> readCommitted(String topic) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readCommittedOnce(topic);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (attempt == READ_ATTEMPTS) {
          throw e;
        }
        System.out.println("[e2e] reading " + topic + " through the port-forward: " + e.getMessage()
            + "; reading again with a new consumer (attempt " + (attempt + 1) + " of " + READ_ATTEMPTS + ")");
      }
    }
  }

  private List<ConsumerRecord<String, String>> readCommittedOnce(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!reached(consumer, end.keySet(), end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " up to " + end);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  private static boolean reached(KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      forward.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

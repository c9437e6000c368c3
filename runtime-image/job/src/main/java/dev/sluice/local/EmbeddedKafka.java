package dev.sluice.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in this process, in KRaft mode (one node that is broker and controller), on
 * loopback only. Its log lives in a directory that outlives the process, so topics and their
 * records are there again at the next start; it is formatted only the first time.
 */
final class EmbeddedKafka implements AutoCloseable {

  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  static EmbeddedKafka start(Path logDirectory) throws Exception {
    Files.createDirectories(logDirectory);
    int port = freePort();
    int controllerPort = freePort();
    Map<String, String> config = new HashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", CONTROLLER);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("log.dirs", logDirectory.toString());
    // One broker: every internal topic has one replica and one partition.
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "false");
    if (!Files.exists(logDirectory.resolve("meta.properties"))) {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDirectory.toString()))
          .setMetadataLogDirectory(logDirectory.toString())
          .setControllerListenerName(CONTROLLER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, "127.0.0.1:" + port);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the topics that do not exist yet, each with its partitions; existing ones are kept as they are. */
  void createTopics(Map<String, Integer> partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = partitions.entrySet().stream()
          .filter(topic -> !existing.contains(topic.getKey()))
          .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
          .toList();
      admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}

package dev.sluice.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code sluice run} keeps in {@code <dir>/.sluice}: checkpoints and savepoints, the savepoint
 * each Pipeline was last stopped with, print-sink rows, and the embedded Kafka broker's log.
 */
record SluiceDirectory(Path root) {

  static final String NAME = ".sluice";

  static SluiceDirectory of(Path manifests) throws IOException {
    return new SluiceDirectory(Files.createDirectories(manifests.toAbsolutePath().resolve(NAME)));
  }

  Path state() {
    return root.resolve("state");
  }

  /** This process's log: Flink's and Kafka's messages stay off the terminal. */
  Path log() {
    return root.resolve("sluice.log");
  }

  Path kafka() {
    return root.resolve("kafka");
  }

  /** Where a Pipeline's print sinks write when their rows are not printed. */
  Path printed(String pipeline) {
    return root.resolve(pipeline + ".out");
  }

  /** A savepoint a Pipeline was stopped with, and the hash of the plan that wrote it. */
  record Savepoint(String path, String planHash) {
  }

  void savepoint(String pipeline, Savepoint savepoint) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("path", savepoint.path());
    properties.setProperty("planHash", savepoint.planHash());
    try (Writer writer = Files.newBufferedWriter(savepointFile(pipeline))) {
      properties.store(writer, "the savepoint sluice run stopped " + pipeline + " with");
    }
  }

  Optional<Savepoint> savepoint(String pipeline) throws IOException {
    Path file = savepointFile(pipeline);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return Optional.of(new Savepoint(properties.getProperty("path"), properties.getProperty("planHash")));
  }

  private Path savepointFile(String pipeline) {
    return root.resolve(pipeline + ".savepoint");
  }
}

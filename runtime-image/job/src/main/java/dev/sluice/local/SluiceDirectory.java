package dev.sluice.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code sluice run} keeps in {@code <dir>/.sluice}: checkpoints and savepoints, the savepoint
 * each Pipeline was last stopped with, each ServiceLevelObjective's history, print-sink rows, and
 * the embedded Kafka broker's log.
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

  /** The history an objective was last saved with, as {@link dev.sluice.slo.HistoryJson} text. */
  Optional<String> sloHistory(String objective) throws IOException {
    Path file = sloHistoryFile(objective);
    return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
  }

  /** Writes to a temporary file and moves it in place, so that a crash never leaves half a history. */
  void sloHistory(String objective, String json) throws IOException {
    Path file = sloHistoryFile(objective);
    Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), json);
    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  Path sloHistoryFile(String objective) {
    return root.resolve(objective + ".slo-history.json");
  }

  private Path savepointFile(String pipeline) {
    return root.resolve(pipeline + ".savepoint");
  }
}

package dev.sluice.local;

import dev.sluice.api.common.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code sluice run <dir> [--for <duration>] [--print] [--status-file <file>] [--port <port>]}.
 *
 * @param duration how long to run; until stopped when absent
 * @param print whether print-sink rows go to the terminal rather than to files under .sluice
 * @param statusFile where to write the final statuses as YAML
 * @param port the live page's port on 127.0.0.1; 0, the default, takes a free one, so that two runs never clash
 */
record RunOptions(Path directory, Optional<Duration> duration, boolean print, Optional<Path> statusFile, int port) {

  static final String USAGE = """
      usage: sluice run <directory of manifests> [--for <duration such as 90s or 10m>] [--print]
                        [--status-file <file.yaml>] [--port <port>]
        --for          how long to run; until Ctrl-C without it
        --print        print-sink rows to the terminal instead of .sluice/<pipeline>.out
        --status-file  write each Pipeline's final status there as YAML
        --port         the live page's port on 127.0.0.1 (default 0: a free port); its address is printed at start""";

  /** The options, or empty when the arguments do not fit {@link #USAGE}. */
  static Optional<RunOptions> parse(String... args) {
    if (args.length < 2 || !args[0].equals("run")) {
      return Optional.empty();
    }
    Optional<Duration> duration = Optional.empty();
    boolean print = false;
    Optional<Path> statusFile = Optional.empty();
    int port = 0;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--print" -> print = true;
        case "--for" -> {
          if (++i == args.length) {
            return Optional.empty();
          }
          duration = Optional.of(Durations.parse(args[i]));
        }
        case "--status-file" -> {
          if (++i == args.length) {
            return Optional.empty();
          }
          statusFile = Optional.of(Path.of(args[i]));
        }
        case "--port" -> {
          if (++i == args.length || !args[i].matches("\\d{1,5}") || Integer.parseInt(args[i]) > 65535) {
            return Optional.empty();
          }
          port = Integer.parseInt(args[i]);
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new RunOptions(Path.of(args[1]), duration, print, statusFile, port));
  }
}

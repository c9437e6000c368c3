package dev.sluice.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends the rows of print sinks to a file per Pipeline instead of the terminal. Flink's print sink
 * writes to this process's standard output, each line starting with its identifier ({@code id> }
 * or, with more than one subtask, {@code id:2> }); lines of no known identifier pass through.
 */
final class PrintedRows extends OutputStream {

  private final PrintStream terminal;
  private final Map<String, OutputStream> byIdentifier = new LinkedHashMap<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private PrintedRows(PrintStream terminal) {
    this.terminal = terminal;
  }

  /**
   * Routes the identifiers' rows to their files from now on, until the returned stream is closed.
   *
   * @param files the file of each print identifier
   */
  static PrintedRows install(Map<String, Path> files) throws IOException {
    PrintedRows rows = new PrintedRows(System.out);
    for (Map.Entry<String, Path> file : files.entrySet()) {
      rows.byIdentifier.put(file.getKey(), Files.newOutputStream(file.getValue(), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND));
    }
    System.setOut(new PrintStream(rows, true, StandardCharsets.UTF_8));
    return rows;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      route(line.toByteArray());
      line.reset();
    }
  }

  private void route(byte[] bytes) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (Map.Entry<String, OutputStream> sink : byIdentifier.entrySet()) {
      if (text.startsWith(sink.getKey() + "> ") || text.startsWith(sink.getKey() + ":")) {
        sink.getValue().write(bytes);
        return;
      }
    }
    terminal.write(bytes);
  }

  @Override
  public synchronized void flush() throws IOException {
    for (OutputStream file : byIdentifier.values()) {
      file.flush();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    System.setOut(terminal);
    for (OutputStream file : byIdentifier.values()) {
      file.close();
    }
  }
}

package dev.sluice.local;

import java.io.PrintStream;
import java.util.List;

/**
 * Where {@code sluice run} shows its table. On a terminal the table redraws in place, with the
 * lines printed between two tables (decisions, messages) above it; on a pipe or in a file each
 * table is appended, followed by a blank line.
 */
final class Screen {

  private static final String UP_AND_CLEAR_LINE = "\033[1A\033[2K";

  private final PrintStream out;
  private final boolean terminal;
  private int tableLines;

  Screen(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A line that stays, such as a scaling decision. */
  synchronized void line(String text) {
    eraseTable();
    out.println(text);
  }

  synchronized void table(List<String> lines) {
    eraseTable();
    lines.forEach(out::println);
    if (terminal) {
      tableLines = lines.size();
    } else {
      out.println();
    }
    out.flush();
  }

  private void eraseTable() {
    if (terminal) {
      out.print(UP_AND_CLEAR_LINE.repeat(tableLines));
      tableLines = 0;
    }
  }
}

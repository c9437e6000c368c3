package dev.sluice.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexical handling of user SQL: splitting a script into statements at semicolons outside string
 * literals, quoted identifiers and comments. It judges nothing else; Flink's parser does that.
 */
final class SqlScript {

  /** One statement and the 1-based line of the script its text (a comment, perhaps) starts on. */
  record Statement(String sql, int line) {

    /** The first word of the statement in upper case, such as INSERT or CREATE. */
    String keyword() {
      boolean[] code = codeMask(sql);
      int start = 0;
      while (start < sql.length() && !(code[start] && Character.isLetter(sql.charAt(start)))) {
        start++;
      }
      int end = start;
      while (end < sql.length() && Character.isLetterOrDigit(sql.charAt(end))) {
        end++;
      }
      return sql.substring(start, end).toUpperCase(Locale.ROOT);
    }
  }

  private SqlScript() {
  }

  static List<Statement> split(String script) {
    boolean[] code = codeMask(script);
    List<Statement> statements = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= script.length(); i++) {
      if (i == script.length() || (code[i] && script.charAt(i) == ';')) {
        addIfCode(script, code, start, i, statements);
        start = i + 1;
      }
    }
    return statements;
  }

  /**
   * Whether text is one expression that cannot close the parentheses the plan wraps it in: every
   * parenthesis outside literals and comments is balanced, no semicolon ends it early, and no
   * literal, quoted name or block comment is left open.
   */
  static boolean isSelfContained(String expression) {
    Scan scan = scan(expression);
    int depth = 0;
    boolean hasCode = false;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (!scan.code()[i]) {
        continue;
      }
      hasCode |= !Character.isWhitespace(c);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0 || c == ';') {
        return false;
      }
    }
    return hasCode && depth == 0 && !scan.unterminated();
  }

  /** Adds the text between two semicolons unless it holds only whitespace and comments. */
  private static void addIfCode(String script, boolean[] code, int from, int to, List<Statement> into) {
    for (int i = from; i < to; i++) {
      if (code[i] && !Character.isWhitespace(script.charAt(i))) {
        String text = script.substring(from, to);
        int start = from + (text.length() - text.stripLeading().length());
        int line = 1 + (int) script.substring(0, start).chars().filter(c -> c == '\n').count();
        into.add(new Statement(text.strip(), line));
        return;
      }
    }
  }

  /** For each character, whether it is SQL code rather than inside a literal, quoted name or comment. */
  private static boolean[] codeMask(String text) {
    return scan(text).code();
  }

  /** The code mask of a text, and whether a literal, quoted name or block comment is left open. */
  private record Scan(boolean[] code, boolean unterminated) {
  }

  private static Scan scan(String text) {
    boolean[] code = new boolean[text.length()];
    boolean unterminated = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int end;
      if (c == '\'' || c == '`' || c == '"') {
        end = closingQuote(text, i, c);
        unterminated |= end < 0;
      } else if (text.startsWith("--", i)) {
        end = lineEnd(text, i);
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        unterminated |= close < 0;
        end = close < 0 ? text.length() : close + 2;
      } else {
        code[i] = true;
        end = i + 1;
      }
      i = end < 0 ? text.length() : end;
    }
    return new Scan(code, unterminated);
  }

  /** The index after the quote that closes the one at {@code open}, or -1; a doubled quote is an escape. */
  private static int closingQuote(String text, int open, char quote) {
    int i = open + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }

  private static int lineEnd(String text, int from) {
    int newline = text.indexOf('\n', from);
    return newline < 0 ? text.length() : newline + 1;
  }
}

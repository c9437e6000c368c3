package dev.sluice.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlScriptTest {

  @Test
  void splitsAtSemicolonsOutsideLiteralsNamesAndComments() {
    String script = """
        -- a view; with a semicolon in a comment
        CREATE TEMPORARY VIEW v AS SELECT 'a;b' AS `c;d` FROM t;
        /* block; comment */
        INSERT INTO o SELECT * FROM v;
        ;
        """;
    List<SqlScript.Statement> statements = SqlScript.split(script);
    assertEquals(2, statements.size());
    assertEquals("-- a view; with a semicolon in a comment\n"
        + "CREATE TEMPORARY VIEW v AS SELECT 'a;b' AS `c;d` FROM t", statements.get(0).sql());
    assertEquals(1, statements.get(0).line());
    assertEquals("CREATE", statements.get(0).keyword());
    assertEquals("INSERT", statements.get(1).keyword());
    assertEquals(3, statements.get(1).line(), "the statement's text starts with the block comment");
  }

  @Test
  void aDoubledQuoteStaysInsideItsLiteral() {
    List<SqlScript.Statement> statements = SqlScript.split("INSERT INTO o SELECT 'it''s; fine' FROM t");
    assertEquals(1, statements.size());
  }

  @Test
  void anExpressionMustNotEscapeTheParenthesesAroundIt() {
    assertTrue(SqlScript.isSelfContained("amount > 0 AND (currency IS NOT NULL)"));
    assertTrue(SqlScript.isSelfContained("name <> ')' -- a comment"));
    assertFalse(SqlScript.isSelfContained("amount > 0) OR (1 = 1"));
    assertFalse(SqlScript.isSelfContained("amount > 0; DROP TABLE t"));
    assertFalse(SqlScript.isSelfContained("name = 'unclosed"));
    assertFalse(SqlScript.isSelfContained("  "));
  }
}

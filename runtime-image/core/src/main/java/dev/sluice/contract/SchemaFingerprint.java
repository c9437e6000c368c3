package dev.sluice.contract;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 over what a schema promises: columns (name, type or expression, nullability), the
 * primary key and the event time. Descriptions are left out, so editing docs is no new version.
 */
public final class SchemaFingerprint {

  private SchemaFingerprint() {
  }

  public static String of(Schema schema) {
    StringBuilder canonical = new StringBuilder();
    for (Column column : schema.columns()) {
      canonical.append("column ").append(column.name()).append(' ')
          .append(column.computed() ? "AS " + column.expression() : normalise(column.type()))
          .append(column.nullable() ? " NULL" : " NOT NULL").append('\n');
    }
    canonical.append("primary key ").append(String.join(",", schema.primaryKey())).append('\n');
    if (schema.eventTime() != null) {
      canonical.append("event time ").append(schema.eventTime().column())
          .append(" delay ").append(schema.eventTime().watermarkDelay()).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** Flink SQL types are case-insensitive and ignore spaces inside the parentheses. */
  static String normalise(String type) {
    return type.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
  }
}

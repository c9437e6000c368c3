package dev.sluice.datagen;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The values of one generated column, as Flink's internal data. Random values come from a random
 * source seeded by the row's index, so the same index always gives the same row. Numbers are
 * between min and max (0 and 1000 unless set), strings have {@code length} letters and digits
 * (10 unless set), and timestamps and dates are the time of generation, so they can carry event time.
 */
final class ColumnValues implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Set<LogicalTypeRoot> SUPPORTED = EnumSet.of(LogicalTypeRoot.BOOLEAN, LogicalTypeRoot.TINYINT,
      LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT, LogicalTypeRoot.FLOAT,
      LogicalTypeRoot.DOUBLE, LogicalTypeRoot.DECIMAL, LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR,
      LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE, LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
      LogicalTypeRoot.DATE);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final String column;
  private final LogicalType type;
  private final FieldSpec spec;

  ColumnValues(String column, LogicalType type, FieldSpec spec) {
    this.column = column;
    this.type = type;
    this.spec = spec;
    boolean integral = type.is(LogicalTypeFamily.INTEGER_NUMERIC);
    if (spec.sequence() && !integral && !type.is(LogicalTypeFamily.CHARACTER_STRING)) {
      throw new ValidationException("column '" + column + "' is " + type + "; a sequence needs an integer or "
          + "string column. Use kind random, or change the column's type");
    }
    if (!SUPPORTED.contains(type.getTypeRoot())) {
      throw new ValidationException("column '" + column + "' is " + type + ", which sluice-datagen cannot "
          + "generate; use a number, string, boolean, decimal, date or timestamp, or a computed column");
    }
  }

  Object valueAt(long index, SplittableRandom random) {
    if (type.isNullable() && spec.nullRate() > 0 && random.nextDouble() < spec.nullRate()) {
      return null;
    }
    if (spec.sequence()) {
      long value = spec.start() + Math.floorMod(index, spec.end() - spec.start() + 1);
      return type.is(LogicalTypeFamily.CHARACTER_STRING) ? StringData.fromString(Long.toString(value)) : integral(value);
    }
    double number = min() + random.nextDouble() * (max() - min());
    return switch (type.getTypeRoot()) {
      case BOOLEAN -> random.nextBoolean();
      case TINYINT, SMALLINT, INTEGER, BIGINT -> integral(Math.round(number));
      case FLOAT -> (float) number;
      case DOUBLE -> number;
      case DECIMAL -> decimal(number, (DecimalType) type);
      case CHAR, VARCHAR -> StringData.fromString(letters(random));
      case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
          TimestampData.fromEpochMillis(System.currentTimeMillis());
      case DATE -> (int) LocalDate.now().toEpochDay();
      default -> throw new IllegalStateException("unsupported type " + type + " of column " + column);
    };
  }

  private Object integral(long value) {
    LogicalTypeRoot root = type.getTypeRoot();
    return switch (root) {
      case TINYINT -> (byte) value;
      case SMALLINT -> (short) value;
      case INTEGER -> (int) value;
      default -> value;
    };
  }

  private static DecimalData decimal(double number, DecimalType decimal) {
    BigDecimal value = BigDecimal.valueOf(number).setScale(decimal.getScale(), RoundingMode.HALF_UP);
    return DecimalData.fromBigDecimal(value, decimal.getPrecision(), decimal.getScale());
  }

  private String letters(SplittableRandom random) {
    int length = spec.length() != null ? spec.length() : 10;
    if (type instanceof VarCharType varChar) {
      length = Math.min(length, varChar.getLength());
    }
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private double min() {
    return spec.min() != null ? spec.min() : 0;
  }

  private double max() {
    return spec.max() != null ? spec.max() : 1000;
  }
}

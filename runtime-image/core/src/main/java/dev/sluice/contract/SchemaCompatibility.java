package dev.sluice.contract;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Contract.Compatibility;
import dev.sluice.api.dataset.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether a new schema may replace the accepted one under a Dataset's compatibility
 * mode, in the sense schema registries use:
 * <ul>
 *   <li>BACKWARD: a consumer on the new schema reads data written with the old one. It may drop
 *   columns and add nullable ones; a type may only widen.</li>
 *   <li>FORWARD: a consumer on the old schema reads data written with the new one. It may add
 *   columns and drop nullable ones; a type may only narrow.</li>
 *   <li>FULL: both. NONE: anything.</li>
 * </ul>
 * Computed columns are not stored, so they may change freely. The primary key never changes
 * except under NONE, because every keyed consumer depends on it.
 */
public final class SchemaCompatibility {

  /** Lossless widenings of Flink SQL types: a reader of the wider type reads the narrower. */
  private static final Map<String, Set<String>> WIDENS_TO = Map.of(
      "TINYINT", Set.of("SMALLINT", "INT", "INTEGER", "BIGINT", "DOUBLE"),
      "SMALLINT", Set.of("INT", "INTEGER", "BIGINT", "DOUBLE"),
      "INT", Set.of("BIGINT", "DOUBLE"),
      "INTEGER", Set.of("BIGINT", "DOUBLE"),
      "FLOAT", Set.of("DOUBLE"));

  private SchemaCompatibility() {
  }

  /** The changes that break the contract, each naming the column; empty when compatible. */
  public static List<String> violations(Schema accepted, Schema proposed, Compatibility mode) {
    if (mode == Compatibility.NONE) {
      return List.of();
    }
    boolean backward = mode == Compatibility.BACKWARD || mode == Compatibility.FULL;
    boolean forward = mode == Compatibility.FORWARD || mode == Compatibility.FULL;
    Map<String, Column> before = stored(accepted);
    Map<String, Column> after = stored(proposed);
    List<String> violations = new ArrayList<>();

    after.values().stream().filter(column -> !before.containsKey(column.name())).forEach(added -> {
      if (backward && !added.nullable()) {
        violations.add("column " + added.name() + " was added as NOT NULL: data written before has no value for it; "
            + "add it as nullable (" + mode + ")");
      }
    });
    before.values().stream().filter(column -> !after.containsKey(column.name())).forEach(removed -> {
      if (forward && !removed.nullable()) {
        violations.add("column " + removed.name() + " was removed but is NOT NULL: consumers on the old schema "
            + "require it; make it nullable first (" + mode + ")");
      }
    });
    before.values().stream().filter(column -> after.containsKey(column.name())).forEach(old -> {
      Column now = after.get(old.name());
      typeChange(old, now, backward, forward, mode).ifPresent(violations::add);
      if (backward && old.nullable() && !now.nullable()) {
        violations.add("column " + old.name() + " changed from nullable to NOT NULL: data written before may "
            + "hold nulls (" + mode + ")");
      }
      if (forward && !old.nullable() && now.nullable()) {
        violations.add("column " + old.name() + " changed from NOT NULL to nullable: consumers on the old schema "
            + "cannot take nulls (" + mode + ")");
      }
    });
    if (!accepted.primaryKey().equals(proposed.primaryKey())) {
      violations.add("primary key changed from " + accepted.primaryKey() + " to " + proposed.primaryKey()
          + ": keyed consumers depend on it; only compatibility NONE allows this");
    }
    return violations;
  }

  private static Optional<String> typeChange(Column old, Column now, boolean backward, boolean forward,
      Compatibility mode) {
    String from = SchemaFingerprint.normalise(old.type());
    String to = SchemaFingerprint.normalise(now.type());
    if (from.equals(to)) {
      return Optional.empty();
    }
    boolean widening = WIDENS_TO.getOrDefault(from, Set.of()).contains(to);
    boolean narrowing = WIDENS_TO.getOrDefault(to, Set.of()).contains(from);
    if ((backward && !widening) || (forward && !narrowing)) {
      return Optional.of("column " + old.name() + " changed type from " + old.type() + " to " + now.type()
          + (widening || narrowing ? ", which " + mode + " does not allow in this direction" : ", which no reader "
          + "of the other version can decode") + " (" + mode + ")");
    }
    return Optional.empty();
  }

  private static Map<String, Column> stored(Schema schema) {
    return schema.columns().stream().filter(column -> !column.computed())
        .collect(Collectors.toMap(Column::name, Function.identity()));
  }
}

package dev.sluice.contract;

import dev.sluice.api.dataset.Column;
import dev.sluice.api.dataset.Contract.Compatibility;
import dev.sluice.api.dataset.EventTime;
import dev.sluice.api.dataset.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaCompatibilityTest {

  private static Column column(String name, String type, boolean nullable) {
    return new Column(name, type, null, nullable, null);
  }

  private static Schema schema(Column... columns) {
    return new Schema(List.of(columns), List.of("id"), null);
  }

  private static final Schema ACCEPTED = schema(column("id", "STRING", false), column("amount", "INT", true));

  @Test
  void addingANullableColumnIsCompatibleEverywhere() {
    Schema added = schema(column("id", "STRING", false), column("amount", "INT", true), column("note", "STRING", true));
    for (Compatibility mode : Compatibility.values()) {
      assertEquals(List.of(), SchemaCompatibility.violations(ACCEPTED, added, mode), mode.name());
    }
  }

  @Test
  void addingANotNullColumnBreaksBackward() {
    Schema added = schema(column("id", "STRING", false), column("amount", "INT", true), column("region", "STRING", false));
    List<String> violations = SchemaCompatibility.violations(ACCEPTED, added, Compatibility.BACKWARD);
    assertEquals(1, violations.size());
    assertTrue(violations.get(0).startsWith("column region was added as NOT NULL"), violations.get(0));
    assertEquals(List.of(), SchemaCompatibility.violations(ACCEPTED, added, Compatibility.FORWARD));
  }

  @Test
  void removingANotNullColumnBreaksForwardOnly() {
    Schema accepted = schema(column("id", "STRING", false), column("amount", "INT", false));
    Schema removed = schema(column("id", "STRING", false));
    assertEquals(List.of(), SchemaCompatibility.violations(accepted, removed, Compatibility.BACKWARD));
    List<String> forward = SchemaCompatibility.violations(accepted, removed, Compatibility.FORWARD);
    assertTrue(forward.get(0).startsWith("column amount was removed but is NOT NULL"), forward.toString());
  }

  @Test
  void wideningIsBackwardButNotForward() {
    Schema widened = schema(column("id", "STRING", false), column("amount", "BIGINT", true));
    assertEquals(List.of(), SchemaCompatibility.violations(ACCEPTED, widened, Compatibility.BACKWARD));
    assertEquals(1, SchemaCompatibility.violations(ACCEPTED, widened, Compatibility.FORWARD).size());
    assertEquals(1, SchemaCompatibility.violations(ACCEPTED, widened, Compatibility.FULL).size());
  }

  @Test
  void anUnrelatedTypeChangeNamesTheColumnAndBothTypes() {
    Schema changed = schema(column("id", "STRING", false), column("amount", "STRING", true));
    List<String> violations = SchemaCompatibility.violations(ACCEPTED, changed, Compatibility.BACKWARD);
    assertEquals(List.of("column amount changed type from INT to STRING, which no reader of the other version "
        + "can decode (BACKWARD)"), violations);
    assertEquals(List.of(), SchemaCompatibility.violations(ACCEPTED, changed, Compatibility.NONE));
  }

  @Test
  void nullabilityChangesAreDirectional() {
    Schema tightened = schema(column("id", "STRING", false), column("amount", "INT", false));
    assertEquals(1, SchemaCompatibility.violations(ACCEPTED, tightened, Compatibility.BACKWARD).size());
    assertEquals(List.of(), SchemaCompatibility.violations(ACCEPTED, tightened, Compatibility.FORWARD));
  }

  @Test
  void thePrimaryKeyIsFixed() {
    Schema rekeyed = new Schema(ACCEPTED.columns(), List.of("id", "amount"), null);
    assertTrue(SchemaCompatibility.violations(ACCEPTED, rekeyed, Compatibility.FULL).get(0).startsWith("primary key changed"));
  }

  @Test
  void fingerprintIgnoresDescriptionsAndTypeSpellingButNotTypes() {
    Schema documented = schema(new Column("id", "string", null, false, "the id"), column("amount", "INT", true));
    assertEquals(SchemaFingerprint.of(ACCEPTED), SchemaFingerprint.of(documented));
    Schema retyped = schema(column("id", "STRING", false), column("amount", "BIGINT", true));
    assertNotEquals(SchemaFingerprint.of(ACCEPTED), SchemaFingerprint.of(retyped));
    Schema withEventTime = new Schema(ACCEPTED.columns(), List.of("id"), new EventTime("amount", "5s"));
    assertNotEquals(SchemaFingerprint.of(ACCEPTED), SchemaFingerprint.of(withEventTime));
  }
}

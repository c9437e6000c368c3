package dev.sluice.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunOptionsTest {

  @Test
  void theLivePagesPortIsAFreeOneUnlessGiven() {
    assertEquals(0, RunOptions.parse("run", "demo").orElseThrow().port());
    assertEquals(8123, RunOptions.parse("run", "demo", "--port", "8123", "--for", "1m").orElseThrow().port());
    assertTrue(RunOptions.parse("run", "demo", "--port").isEmpty());
    assertTrue(RunOptions.parse("run", "demo", "--port", "http").isEmpty());
    assertTrue(RunOptions.parse("run", "demo", "--port", "70000").isEmpty());
  }
}

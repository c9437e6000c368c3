package dev.sluice.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PartitionAlignmentTest {

  @Test
  void roundsUpToTheNextDivisorOfThePartitions() {
    assertEquals(16, PartitionAlignment.align(14.3, 48, 48));
    assertEquals(6, PartitionAlignment.align(4.2, 48, 48));
    assertEquals(12, PartitionAlignment.align(12, 48, 48));
    assertEquals(1, PartitionAlignment.align(0.2, 48, 48));
  }

  @Test
  void floatingPointNoiseDoesNotCostASubtask() {
    assertEquals(4, PartitionAlignment.align(4.000000000001, 48, 48));
  }

  @Test
  void withoutADivisorInReachTakesTheMostCapacityAtTheLowestParallelism() {
    // 48 partitions, at most 11 subtasks: 11 leave one with 5 partitions, and so do 10.
    assertEquals(10, PartitionAlignment.align(14.3, 48, 11));
    // 7 partitions, at most 5: two partitions per subtask already at 4.
    assertEquals(4, PartitionAlignment.align(3, 7, 5));
  }

  @Test
  void neverAlignsAboveThePartitionCount() {
    assertEquals(12, PartitionAlignment.align(30, 12, 48));
  }

  @Test
  void theBusiestSubtaskReadsTheRoundedUpShare() {
    assertEquals(4, PartitionAlignment.partitionsPerSubtask(48, 14));
    assertEquals(4, PartitionAlignment.partitionsPerSubtask(48, 12));
    assertEquals(3, PartitionAlignment.partitionsPerSubtask(48, 16));
  }
}

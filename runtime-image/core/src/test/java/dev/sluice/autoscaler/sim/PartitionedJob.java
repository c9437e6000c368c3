package dev.sluice.autoscaler.sim;

/**
 * The data plane of a simulated job: a backlog per source partition, read by subtasks that own the
 * partitions round-robin (partition i belongs to subtask i mod parallelism), so a parallelism that
 * does not divide the partitions, or one hot partition, leaves one subtask with more work than the
 * others.
 */
final class PartitionedJob {

  /** What one second of processing did. */
  record Tick(double processed, double averageBusy, double maxBusy) {

    /** The busiest subtask used all of its time: records queue behind it (back pressure). */
    boolean saturated() {
      return maxBusy >= 0.999;
    }
  }

  private final double[] backlog;
  private final double[] consumed;
  private final double busyOverhead;
  private double subtaskCapacity;
  private int parallelism;

  PartitionedJob(int partitions, int parallelism, double subtaskCapacity) {
    this(partitions, parallelism, subtaskCapacity, 0);
  }

  /**
   * @param busyOverhead the fraction of each second a subtask is busy with other work than
   *     records ({@link FlinkReporting#busyOverhead}): counted busy, and not left for records
   */
  PartitionedJob(int partitions, int parallelism, double subtaskCapacity, double busyOverhead) {
    this.backlog = new double[partitions];
    this.consumed = new double[partitions];
    this.busyOverhead = busyOverhead;
    this.subtaskCapacity = subtaskCapacity;
    this.parallelism = parallelism;
  }

  int parallelism() {
    return parallelism;
  }

  /** Records per second one subtask processes when it does nothing else, from now on. */
  void capacity(double recordsPerSecond) {
    subtaskCapacity = recordsPerSecond;
  }

  void rescale(int newParallelism) {
    parallelism = newParallelism;
  }

  void arrive(double records, double[] shares) {
    for (int partition = 0; partition < backlog.length; partition++) {
      backlog[partition] += records * shares[partition];
    }
  }

  Tick process(double seconds) {
    double[] available = new double[parallelism];
    for (int partition = 0; partition < backlog.length; partition++) {
      available[partition % parallelism] += backlog[partition];
    }
    double fullSecond = subtaskCapacity * seconds;
    double budget = fullSecond * (1 - busyOverhead);
    double[] readShare = new double[parallelism];
    double processed = 0;
    double busySum = 0;
    double maxBusy = 0;
    for (int subtask = 0; subtask < parallelism; subtask++) {
      double read = Math.min(budget, available[subtask]);
      readShare[subtask] = available[subtask] > 0 ? read / available[subtask] : 0;
      processed += read;
      double busy = busyOverhead + read / fullSecond;
      busySum += busy;
      maxBusy = Math.max(maxBusy, busy);
    }
    // A subtask reads its partitions in proportion to what each has waiting.
    for (int partition = 0; partition < backlog.length; partition++) {
      double read = backlog[partition] * readShare[partition % parallelism];
      backlog[partition] -= read;
      consumed[partition] += read;
    }
    // min() only absorbs rounding: an average cannot exceed the maximum.
    return new Tick(processed, Math.min(busySum / parallelism, maxBusy), maxBusy);
  }

  double lag() {
    double lag = 0;
    for (double waiting : backlog) {
      lag += waiting;
    }
    return lag;
  }

  /** The read position of every partition, as a checkpoint stores it. */
  double[] offsets() {
    return consumed.clone();
  }

  /**
   * Restores a checkpoint's read positions: everything read since is read again.
   *
   * @return the number of records to be read again
   */
  double restore(double[] offsets) {
    double replayed = 0;
    for (int partition = 0; partition < backlog.length; partition++) {
      double again = consumed[partition] - offsets[partition];
      backlog[partition] += again;
      consumed[partition] = offsets[partition];
      replayed += again;
    }
    return replayed;
  }
}

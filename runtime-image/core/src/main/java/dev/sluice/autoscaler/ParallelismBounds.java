package dev.sluice.autoscaler;

/**
 * The range one decision may choose from: spec.parallelism's min and max, never more subtasks than
 * source partitions, and for one step at most the max factor away from the current parallelism.
 */
record ParallelismBounds(int lowest, int highest, String highestBecause) {

  /** The range the spec and the partitions allow, regardless of the current parallelism. */
  static ParallelismBounds spec(AutoscalerConfig config, int partitions) {
    boolean partitionsLimit = partitions < config.maxParallelism();
    int highest = partitionsLimit ? partitions : config.maxParallelism();
    String because = partitionsLimit
        ? "the " + partitions + " source partitions" : "spec.parallelism.max";
    return new ParallelismBounds(Math.min(config.minParallelism(), highest), highest, because);
  }

  /** The spec range narrowed to one step of at most the max factor from {@code current}. */
  static ParallelismBounds step(AutoscalerConfig config, int partitions, int current) {
    ParallelismBounds spec = spec(config, partitions);
    int stepDown = (int) Math.ceil(current / config.maxFactor());
    int stepUp = (int) Math.floor(current * config.maxFactor());
    if (stepUp < spec.highest) {
      return new ParallelismBounds(spec.clamp(stepDown), spec.clamp(stepUp),
          "the max factor " + HumanFormat.number(config.maxFactor()) + " per decision");
    }
    return new ParallelismBounds(spec.clamp(stepDown), spec.highest, spec.highestBecause);
  }

  /** The aligned parallelism within these bounds closest above {@code required}. */
  int align(double required, int partitions) {
    return PartitionAlignment.align(Math.max(required, lowest), partitions, highest);
  }

  private int clamp(int parallelism) {
    return Math.max(lowest, Math.min(highest, parallelism));
  }
}

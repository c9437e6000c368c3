package dev.sluice.autoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.autoscaler.Rescale;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinePoliciesTest {

  @Test
  void flinkAlignsLikeItsBalancedMode() {
    assertEquals(8, FlinkDefaultsPolicy.alignBalanced(7, 4, 48, 48));
    assertEquals(16, FlinkDefaultsPolicy.alignBalanced(13, 4, 48, 48));
    // 50 partitions: 8 subtasks read at most 7, fewer than 7 subtasks' 8, so 8 is taken.
    assertEquals(8, FlinkDefaultsPolicy.alignBalanced(7, 4, 50, 50));
    // Scaling down never aligns above the current parallelism.
    assertEquals(6, FlinkDefaultsPolicy.alignBalanced(5, 6, 48, 48));
  }

  @Test
  void flinkWaitsForStabilisationAndAFullWindowAfterEveryRescale() {
    List<Rescale> rescales = Simulator.run(Traces.step(), new FlinkDefaultsPolicy()).rescales();

    assertTrue(rescales.size() >= 2);
    Duration downtimeStabilisationWindow = Duration.ofMinutes(21);
    for (int i = 1; i < rescales.size(); i++) {
      Duration gap = Duration.between(rescales.get(i - 1).at(), rescales.get(i).at());
      assertTrue(gap.compareTo(downtimeStabilisationWindow) >= 0, gap.toString());
    }
  }

  @Test
  void flinkScalesDownOnlyAfterTheScaleDownInterval() {
    List<Rescale> rescales = Simulator.run(Traces.spike(), new FlinkDefaultsPolicy()).rescales();

    assertEquals(2, rescales.size());
    assertTrue(rescales.get(0).up());
    assertTrue(Duration.between(rescales.get(0).at(), rescales.get(1).at())
        .compareTo(Duration.ofHours(1)) > 0);
  }

  @Test
  void kedaFollowsTheLagWithinTheHpaLimits() {
    List<Rescale> rescales =
        Simulator.run(Traces.step(), new KedaLagPolicy(10_000, 1)).rescales();

    for (Rescale rescale : rescales) {
      assertTrue(rescale.to() <= Traces.PARTITIONS);
      if (rescale.up()) {
        assertTrue(rescale.to() <= Math.max(2 * rescale.from(), rescale.from() + 4));
      }
    }
    assertTrue(rescales.stream().anyMatch(r -> !r.up()));
  }
}

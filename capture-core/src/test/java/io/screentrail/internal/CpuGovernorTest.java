package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The governor's steps, on a CPU clock the test drives (the engine test uses the real one). */
class CpuGovernorTest {

  private long cpu;

  @Test
  void stepsDownWhileOverBudgetThenGivesLevelsBackOneAtATime() {
    EngineCounters counters = new EngineCounters();
    long second = 1_000_000_000L;
    CpuGovernor g = new CpuGovernor(0.05, 4 * second, () -> cpu, counters);
    long now = 0;
    // 20% of a core: four times a 5% budget, so every settle period (1 s) takes two levels.
    now = feed(g, now, 21, 20_000_000L);
    assertThat(g.level()).isEqualTo(4);
    now = feed(g, now, 200, 20_000_000L);
    assertThat(g.level()).isEqualTo(CpuGovernor.MAX_LEVEL);
    assertThat(g.rateShift()).isEqualTo(CpuGovernor.RATE_LEVELS);
    assertThat(CpuGovernor.ocrAllowance(g.level())).isEqualTo(1);
    assertThat(counters.cpuBudgetRateReductions.get()).isEqualTo(CpuGovernor.RATE_LEVELS);
    assertThat(counters.cpuBudgetOcrNarrowings.get()).isEqualTo(1);
    assertThat(counters.cpuBudgetAllowanceCuts.get())
        .isEqualTo(CpuGovernor.MAX_LEVEL - CpuGovernor.OCR_LEVEL);
    assertThat(counters.cpuBudgetOverAtMaxLevel.get()).isPositive();
    assertThat(counters.cpuShareMicros.get()).isEqualTo(200_000);
    // 4%: under the budget but not well under it, so nothing is given back.
    now = feed(g, now, 100, 4_000_000L);
    assertThat(g.level()).isEqualTo(CpuGovernor.MAX_LEVEL);
    // 1%: levels come back once the window's average is well under (after 1.4 s here), the
    // OCR allowance first, then OCR's scope, then the rate, one per settle period (1 s).
    now = feed(g, now, 20, 1_000_000L);
    assertThat(g.level()).isEqualTo(CpuGovernor.MAX_LEVEL - 1);
    now = feed(g, now, 300, 1_000_000L);
    assertThat(g.level()).isZero();
    assertThat(counters.cpuBudgetRestores.get()).isEqualTo(CpuGovernor.MAX_LEVEL);
    assertThat(counters.cpuBudgetLevel.get()).isZero();
  }

  @Test
  void justOverTheBudgetTakesOneLevelAtATime() {
    EngineCounters counters = new EngineCounters();
    long second = 1_000_000_000L;
    CpuGovernor g = new CpuGovernor(0.05, 4 * second, () -> cpu, counters);
    long now = 0;
    // 8%: over, but under twice the budget.
    now = feed(g, now, 21, 8_000_000L);
    assertThat(g.level()).isEqualTo(2);
  }

  /** {@code ticks} samples 100 ms apart, each after {@code cpuPerTick} more CPU; the new time. */
  private long feed(CpuGovernor g, long now, int ticks, long cpuPerTick) {
    for (int i = 0; i < ticks; i++) {
      now += 100_000_000L;
      cpu += cpuPerTick;
      g.sample(now);
    }
    return now;
  }

  @Test
  void ocrAllowanceHalvesPerLevelAboveNarrowedOcr() {
    for (int level = 0; level <= CpuGovernor.OCR_LEVEL; level++) {
      assertThat(CpuGovernor.ocrAllowance(level)).isEqualTo(CpuGovernor.UNLIMITED);
    }
    int[] expected = {8, 4, 2, 1};
    for (int k = 0; k < expected.length; k++) {
      assertThat(CpuGovernor.ocrAllowance(CpuGovernor.ALLOWANCE_LEVEL + k))
          .isEqualTo(expected[k]);
    }
    assertThat(CpuGovernor.ALLOWANCE_LEVEL + expected.length - 1)
        .isEqualTo(CpuGovernor.MAX_LEVEL);
  }

  /**
   * A process whose cost follows the level, as the e2e desktop's does (new text arrives whatever
   * the rate; only fewer reads lower the share): the governor must settle on the levels next to
   * the one that holds the budget and step between them at most once per settle period, never
   * swing back to level 0 or up to the last level.
   */
  @Test
  void settlesNearTheLevelThatHoldsTheBudgetWithoutWideSwings() {
    EngineCounters counters = new EngineCounters();
    long second = 1_000_000_000L;
    long window = 60 * second;
    CpuGovernor g = new CpuGovernor(0.05, window, () -> cpu, counters);
    // Share of a core at each level: 28% unlimited, the rate levels save little, then the
    // allowance of 8, 4, 2 and 1 reads a frame. 5% lies between levels 6 (6.5%, over) and 7
    // (2.8%, under the restore line of 3%): no level holds still, the worst case.
    double[] shareAt = {0.28, 0.27, 0.26, 0.25, 0.22, 0.10, 0.065, 0.028, 0.02};
    long now = 0;
    long step = 100_000_000L;
    int changesLate = 0;
    int minLate = Integer.MAX_VALUE;
    int maxLate = 0;
    int last = 0;
    long cpuAtTen = 0;
    for (int i = 0; i < 20 * 60 * 10; i++) { // 20 minutes of ticks every 100 ms
      now += step;
      cpu += Math.round(shareAt[g.level()] * step);
      g.sample(now);
      if (now == 10 * 60 * second) {
        cpuAtTen = cpu;
      }
      if (now > 10 * 60 * second) { // the second ten minutes: settled
        minLate = Math.min(minLate, g.level());
        maxLate = Math.max(maxLate, g.level());
        if (g.level() != last) {
          changesLate++;
        }
      }
      last = g.level();
    }
    assertThat(minLate).isEqualTo(6);
    assertThat(maxLate).isEqualTo(7);
    // At most one change per settle period (a quarter of the window: 15 s) over ten minutes.
    assertThat(changesLate).isBetween(1, 40);
    // Over those ten minutes the budget holds on average.
    double share = (double) (cpu - cpuAtTen) / (now - 10 * 60 * second);
    assertThat(share).isLessThan(0.05);
  }
}

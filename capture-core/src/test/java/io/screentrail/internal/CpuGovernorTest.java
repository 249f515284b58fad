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
    // 20% of a core: over a 5% budget, so every settle period takes one level more.
    for (int i = 0; i < 200; i++) {
      now += 100_000_000L;
      cpu += 20_000_000L;
      g.sample(now);
    }
    assertThat(g.level()).isEqualTo(CpuGovernor.OCR_LEVEL);
    assertThat(g.rateShift()).isEqualTo(CpuGovernor.RATE_LEVELS);
    assertThat(counters.cpuBudgetRateReductions.get()).isEqualTo(CpuGovernor.RATE_LEVELS);
    assertThat(counters.cpuBudgetOcrNarrowings.get()).isEqualTo(1);
    assertThat(counters.cpuBudgetOverAtMaxLevel.get()).isPositive();
    assertThat(counters.cpuShareMicros.get()).isEqualTo(200_000);
    // 4%: under the budget but not well under it, so nothing is given back.
    for (int i = 0; i < 100; i++) {
      now += 100_000_000L;
      cpu += 4_000_000L;
      g.sample(now);
    }
    assertThat(g.level()).isEqualTo(CpuGovernor.OCR_LEVEL);
    // 1%: levels come back once the window's average is well under (after 1.4 s here), OCR
    // first, then the rate, one per settle period (1 s).
    for (int i = 0; i < 20; i++) {
      now += 100_000_000L;
      cpu += 1_000_000L;
      g.sample(now);
    }
    assertThat(g.level()).isEqualTo(CpuGovernor.OCR_LEVEL - 1);
    for (int i = 0; i < 200; i++) {
      now += 100_000_000L;
      cpu += 1_000_000L;
      g.sample(now);
    }
    assertThat(g.level()).isZero();
    assertThat(counters.cpuBudgetRestores.get()).isEqualTo(CpuGovernor.OCR_LEVEL);
    assertThat(counters.cpuBudgetLevel.get()).isZero();
  }
}

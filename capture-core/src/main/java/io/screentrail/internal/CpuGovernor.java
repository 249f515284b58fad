package io.screentrail.internal;

import java.util.function.LongSupplier;

/**
 * Keeps the process's CPU under a budget (a share of one core averaged over a window) by stepping
 * through degradation levels, cheapest loss first: level 1 to {@link #RATE_LEVELS} halve the
 * periodic capture rate each; the level above narrows OCR to the changed lines (fewer neighbour
 * rows, periodic keyframes deferred); the levels above that give each frame an OCR allowance
 * ({@link #ocrAllowance}: 8, 4, 2, then 1 Tesseract read a frame, never none), and lines past it
 * are hidden whole without being read ({@code over-budget}) and read later, when the allowance
 * has room. Redaction itself is never skipped: a line that is not read is hidden, and a frame that
 * cannot be read in time is hidden or dropped under the engine's fail-closed policy. Levels come
 * back one at a time when the share falls well under the budget.
 *
 * <p>Runs on the capture thread ({@link #sample} once per tick, which reads the CPU clock only
 * every sampling step); allocation-free after construction. Every change is counted in {@link
 * EngineCounters}, and the current level and share are gauges there.
 */
public final class CpuGovernor {

  /** Levels that halve the periodic rate (8x slower at most). */
  public static final int RATE_LEVELS = 3;

  /** The level from which OCR is narrowed. */
  public static final int OCR_LEVEL = RATE_LEVELS + 1;

  /**
   * The first level that limits Tesseract reads a frame ({@link #ocrAllowance}). On the e2e
   * desktop about 10 new lines a second arrive whatever the capture rate, and reading them is
   * about 80% of the cost with redaction (BENCHMARKS.md, "A CPU budget that holds"): only fewer
   * reads bring the share down, and halving them per level keeps each step's effect visible
   * within one settle period.
   */
  public static final int ALLOWANCE_LEVEL = OCR_LEVEL + 1;

  /** The allowance at {@link #ALLOWANCE_LEVEL}; each level above halves it, down to 1. */
  public static final int FIRST_ALLOWANCE = 8;

  /**
   * The last level: one Tesseract read a frame (cached lines and words are still used). Never
   * none: the lowest changed line is read first, and that is where a terminal asks for a
   * password; unread, the prompt would not be seen and the keys typed after it not masked.
   */
  public static final int MAX_LEVEL = ALLOWANCE_LEVEL + 3;

  /** The allowance of a level without one: every line is read. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** A level is given back when the share is below this part of the budget. */
  private static final double RESTORE_RATIO = 0.6;

  /** Over this many times the budget, a step takes two levels. */
  private static final double FAST_RATIO = 2.0;

  private static final int RING = 32;

  private final double budget;
  private final long window;
  private final long step;
  private final long settle;
  private final LongSupplier cpuNanos;
  private final EngineCounters counters;
  private final long[] sampleTime = new long[RING];
  private final long[] sampleCpu = new long[RING];
  private int head;
  private int count;
  private long nextSample = Long.MIN_VALUE;
  private long lastChange;
  private int level;

  /**
   * @param budget share of one core, such as 0.05 for 5%
   * @param windowNanos the averaging window
   * @param cpuNanos the process's CPU time in nanoseconds
   */
  public CpuGovernor(double budget, long windowNanos, LongSupplier cpuNanos,
      EngineCounters counters) {
    this.budget = budget;
    this.window = windowNanos;
    this.step = Math.max(100_000_000L, windowNanos / (RING - 2));
    this.settle = Math.max(windowNanos / 4, 2 * step);
    this.cpuNanos = cpuNanos;
    this.counters = counters;
  }

  /**
   * The process CPU clock of this JVM (every thread, JIT and GC included): {@code
   * clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} where it works, which counts nanoseconds, else the
   * JVM's process CPU time, which on Linux counts 10 ms clock ticks (too coarse for a 1% budget
   * over a second).
   */
  public static LongSupplier processCpu() {
    try {
      long[] timespec = new long[2];
      if (io.screentrail.internal.x11.LibC.clock_gettime(
          io.screentrail.internal.x11.LibC.CLOCK_PROCESS_CPUTIME_ID, timespec) == 0
          && System.getProperty("os.name", "").startsWith("Linux")) {
        return () -> {
          io.screentrail.internal.x11.LibC.clock_gettime(
              io.screentrail.internal.x11.LibC.CLOCK_PROCESS_CPUTIME_ID, timespec);
          return timespec[0] * 1_000_000_000L + timespec[1];
        };
      }
    } catch (LinkageError e) {
      // no libc binding here: the JVM's clock below
    }
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun
        && sun.getProcessCpuTime() >= 0) {
      return sun::getProcessCpuTime;
    }
    return null;
  }

  /** Takes a CPU sample when one is due and changes level when the share says so. */
  public void sample(long now) {
    if (now < nextSample) {
      return;
    }
    if (nextSample == Long.MIN_VALUE) {
      lastChange = now;
    }
    nextSample = now + step;
    long cpu = cpuNanos.getAsLong();
    head = (head + 1) % RING;
    sampleTime[head] = now;
    sampleCpu[head] = cpu;
    count = Math.min(RING, count + 1);
    // Back to the first sample that covers the whole window, but not before the last change
    // of level; when ticks are sparser than the window, that is the previous sample.
    int oldest = head;
    for (int i = 1; i < count; i++) {
      int j = (head - i + RING) % RING;
      if (sampleTime[j] < lastChange) {
        break;
      }
      oldest = j;
      if (now - sampleTime[j] >= window) {
        break;
      }
    }
    long span = now - sampleTime[oldest];
    if (span <= 0) {
      return;
    }
    double share = (double) (cpu - sampleCpu[oldest]) / span;
    counters.cpuShareMicros.set(Math.round(share * 1_000_000));
    if (span < settle) {
      return;
    }
    if (share > budget && level < MAX_LEVEL) {
      // Far over (twice the budget or more), two levels at once: eight levels one per settle
      // period (15 s for a minute's window) take two minutes to reach the one that holds.
      // Near the budget one at a time, so the steps around it stay small.
      int up = share > FAST_RATIO * budget ? 2 : 1;
      for (int i = 0; i < up && level < MAX_LEVEL; i++) {
        level++;
        if (level <= RATE_LEVELS) {
          counters.cpuBudgetRateReductions.incrementAndGet();
        } else if (level == OCR_LEVEL) {
          counters.cpuBudgetOcrNarrowings.incrementAndGet();
        } else {
          counters.cpuBudgetAllowanceCuts.incrementAndGet();
        }
      }
      changed(now);
    } else if (share < budget * RESTORE_RATIO && level > 0) {
      level--;
      counters.cpuBudgetRestores.incrementAndGet();
      changed(now);
    } else if (share > budget) {
      // Every lever is pulled and the share is still over: said, not hidden.
      counters.cpuBudgetOverAtMaxLevel.incrementAndGet();
    }
  }

  private void changed(long now) {
    lastChange = now;
    counters.cpuBudgetLevel.set(level);
  }

  /** How many times slower than configured the periodic rate runs, as a shift (0 to 3). */
  public int rateShift() {
    return Math.min(level, RATE_LEVELS);
  }

  /**
   * Tesseract reads (line-cache misses not put together from cached words) a frame may spend at
   * {@code level}: {@link #UNLIMITED} below {@link #ALLOWANCE_LEVEL}, then 8, 4, 2 and 1.
   */
  public static int ocrAllowance(long level) {
    if (level < ALLOWANCE_LEVEL) {
      return UNLIMITED;
    }
    return FIRST_ALLOWANCE >> (Math.min(level, MAX_LEVEL) - ALLOWANCE_LEVEL);
  }

  /** The current level, 0 when nothing is degraded. */
  public int level() {
    return level;
  }
}

package io.screentrail.bench.source;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.source.RobotScreenSource;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU per grab, with the X server's share: what JMH cannot show, since the server works in another
 * process. For each kind of grab it runs a warm-up and then a fixed number of grabs in a loop, and
 * prints per grab: wall time; this thread's CPU and allocated bytes ({@link
 * com.sun.management.ThreadMXBean}: exact for this thread alone, where JMH's {@code -prof gc}
 * also counts the harness's own threads); this process's CPU (all threads, JIT and GC included);
 * and the Xvfb process's CPU, read from {@code /proc/<pid>} before and after the loop. The Xvfb
 * figure is taken twice: from {@code schedstat} (nanoseconds, summed over its threads) and from
 * {@code stat} utime + stime (clock ticks, coarse), as a cross-check.
 *
 * <p>Kinds: {@code xshmGrab}, {@code xshmGrabAndDetect} (unchanged screen, 64-pixel tiles), {@code
 * robotGrab}, {@code robotGrabAndDetect}. Robot grabs run a tenth as many times (at least 20),
 * being slower. Before the loops it measures Xvfb's idle CPU for one second, to show what the
 * server spends without us (clients such as xclock).
 *
 * <p>Each kind starts with a warm-up of back-to-back grabs (at least 200 for XShm). By default the
 * measured grabs run back to back, which is the X server's best case: its copy stays hot
 * in the caches. With {@code INTERVAL_MS} the loop sleeps that long after each frame, as the
 * engine does at its frame rate (100 ms = 10 fps); the server then spends more per grab. Wall time
 * is then the time of the grab (and detection) alone, without the sleep.
 *
 * <p>Run with {@code DISPLAY} pointing at the Xvfb whose pid is given ({@code
 * benchmarks/run-capture.sh} does this for each resolution):
 *
 * <pre>
 * DISPLAY=:N java -Dclk.tck=$(getconf CLK_TCK) -cp benchmarks/target/benchmarks.jar \
 *     io.screentrail.bench.source.GrabCpuProbe XVFB_PID [FRAMES [KIND,KIND... [INTERVAL_MS]]]
 * </pre>
 *
 * Lines starting with {@code probe} are key=value records for scripts; the rest is a Markdown
 * table.
 */
public final class GrabCpuProbe {

  private static final String ALL_KINDS = "xshmGrab,xshmGrabAndDetect,robotGrab,robotGrabAndDetect";

  private final long xvfbPid;
  private final long clockTicksPerSecond;
  private final long intervalMillis;
  private long activeNanos;
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private GrabCpuProbe(long xvfbPid, long clockTicksPerSecond, long intervalMillis) {
    this.xvfbPid = xvfbPid;
    this.clockTicksPerSecond = clockTicksPerSecond;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Arguments: Xvfb pid, frames per XShm kind (default 2000), comma-separated kinds (default all),
   * milliseconds to sleep after each frame (default 0).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: GrabCpuProbe XVFB_PID [FRAMES [" + ALL_KINDS + " [INTERVAL_MS]]]");
      System.exit(2);
    }
    long pid = Long.parseLong(args[0]);
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    String[] kinds = (args.length > 2 ? args[2] : ALL_KINDS).split(",");
    long interval = args.length > 3 ? Long.parseLong(args[3]) : 0;
    GrabCpuProbe probe = new GrabCpuProbe(pid, Long.getLong("clk.tck", 100), interval);
    probe.run(frames, kinds);
  }

  private void run(int frames, String[] kinds) throws IOException, InterruptedException {
    threads.setThreadCpuTimeEnabled(true);
    double idle = idleXvfbMillisPerSecond();
    System.out.printf(Locale.ROOT, "# DISPLAY=%s, Xvfb pid %d, awt.robot.gtk=%s%n",
        System.getenv("DISPLAY"), xvfbPid, System.getProperty("awt.robot.gtk", "(default)"));
    System.out.printf(Locale.ROOT, "# Xvfb idle CPU: %.3f ms per second%n", idle);
    System.out.printf(Locale.ROOT, "# %s%n", intervalMillis > 0
        ? "one frame every " + intervalMillis + " ms (sleeping in between)" : "frames back to back");
    System.out.printf(Locale.ROOT, "probe kind=idle xvfb_ms_per_s=%.3f%n", idle);
    System.out.println();
    System.out.println("| grab | size | frames | wall ms | thread CPU ms | process CPU ms "
        + "| Xvfb CPU ms | Xvfb (stat) ms | process + Xvfb ms | B/frame | changed |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    ScreenSource xshm = null;
    ScreenSource robot = null;
    try {
      for (String kind : kinds) {
        boolean isRobot = kind.startsWith("robot");
        if (isRobot && robot == null) {
          robot = RobotScreenSource.open(-1);
        } else if (!isRobot && xshm == null) {
          xshm = XShmScreenSource.open(null, -1);
        }
        measure(kind, isRobot ? robot : xshm, isRobot ? Math.max(20, frames / 10) : frames);
      }
    } finally {
      if (xshm != null) {
        xshm.close();
      }
      if (robot != null) {
        robot.close();
      }
    }
  }

  private void measure(String kind, ScreenSource source, int frames)
      throws IOException, InterruptedException {
    boolean detect = kind.endsWith("AndDetect");
    if (!kind.matches("(xshm|robot)Grab(AndDetect)?")) {
      throw new IllegalArgumentException("unknown kind '" + kind + "', use " + ALL_KINDS);
    }
    int w = source.geometry().width();
    int h = source.geometry().height();
    TileChangeDetector detector = new TileChangeDetector(w, h, 64);
    requireOk(source);
    detector.detect(source.pixels(), source.stride());
    detector.commit();
    // Warm-up, back to back, enough for C2 to compile the grab and detect paths: a paced run of
    // 50 frames would otherwise measure the interpreter and the JIT threads.
    int warmUp = Math.max(frames / 5, kind.startsWith("robot") ? 10 : 200);
    loop(source, detector, detect, warmUp, 0);

    activeNanos = 0;
    long thread0 = threads.getCurrentThreadCpuTime();
    long process0 = os.getProcessCpuTime();
    long xvfb0 = xvfbSchedNanos();
    long xvfbTicks0 = xvfbStatTicks();
    long alloc0 = threads.getCurrentThreadAllocatedBytes(); // next to the loop: /proc reads allocate
    int changed = loop(source, detector, detect, frames, intervalMillis);
    long alloc1 = threads.getCurrentThreadAllocatedBytes();
    long xvfbTicks1 = xvfbStatTicks();
    long xvfb1 = xvfbSchedNanos();
    long process1 = os.getProcessCpuTime();
    long thread1 = threads.getCurrentThreadCpuTime();

    double wall = perFrame(activeNanos, frames);
    double thread = perFrame(thread1 - thread0, frames);
    double process = perFrame(process1 - process0, frames);
    double xvfb = perFrame(xvfb1 - xvfb0, frames);
    double xvfbStat =
        perFrame((xvfbTicks1 - xvfbTicks0) * 1_000_000_000L / clockTicksPerSecond, frames);
    double allocated = (alloc1 - alloc0) / (double) frames;
    String size = w + "x" + h;
    System.out.printf(Locale.ROOT,
        "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %d |%n",
        kind, size, frames, wall, thread, process, xvfb, xvfbStat, process + xvfb, allocated,
        changed);
    System.out.printf(Locale.ROOT,
        "probe kind=%s size=%s interval_ms=%d frames=%d wall_ms=%.4f thread_cpu_ms=%.4f process_cpu_ms=%.4f"
            + " xvfb_cpu_ms=%.4f xvfb_stat_cpu_ms=%.4f total_cpu_ms=%.4f alloc_b=%.1f changed=%d"
            + " gtk=%s%n",
        kind, size, intervalMillis, frames, wall, thread, process, xvfb, xvfbStat, process + xvfb,
        allocated, changed, System.getProperty("awt.robot.gtk", "default"));
  }

  /**
   * Runs {@code frames} grabs (and detections), sleeping {@code sleepMillis} after each; adds the
   * time outside the sleeps to {@link #activeNanos}. Returns how many frames had changed tiles.
   */
  private int loop(ScreenSource source, TileChangeDetector detector, boolean detect, int frames,
      long sleepMillis) throws InterruptedException {
    int changed = 0;
    for (int i = 0; i < frames; i++) {
      long t0 = System.nanoTime();
      requireOk(source);
      if (detect && detector.detect(source.pixels(), source.stride()) != 0) {
        changed++;
      }
      activeNanos += System.nanoTime() - t0;
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
    }
    return changed;
  }

  private static void requireOk(ScreenSource source) {
    if (source.grab() != ScreenSource.GRAB_OK) {
      throw new IllegalStateException(source.name() + " grab failed: " + source.lastError());
    }
  }

  private double idleXvfbMillisPerSecond() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    long x0 = xvfbSchedNanos();
    Thread.sleep(1000);
    long x1 = xvfbSchedNanos();
    long t1 = System.nanoTime();
    return (x1 - x0) / 1e6 / ((t1 - t0) / 1e9);
  }

  private static double perFrame(long nanos, int frames) {
    return nanos / 1e6 / frames;
  }

  /** Time on CPU of all of Xvfb's threads in nanoseconds, from each thread's {@code schedstat}. */
  private long xvfbSchedNanos() throws IOException {
    long sum = 0;
    Path taskDir = Path.of("/proc", Long.toString(xvfbPid), "task");
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
      for (Path task : tasks) {
        try {
          String s = Files.readString(task.resolve("schedstat")).trim();
          sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (java.nio.file.NoSuchFileException e) {
          // the thread ended between listing and reading: its time is lost to both readings
        }
      }
    }
    return sum;
  }

  /** utime + stime of Xvfb in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
  private long xvfbStatTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(xvfbPid), "stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}

package io.screentrail.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for CPU time per operation, which other load on the machine does not inflate the
 * way it inflates wall-clock time (a benchmark thread waiting for a core is not on CPU). Results:
 *
 * <ul>
 *   <li>{@code cpu.jvm.norm}: this JVM's CPU per op, all threads (GC and JIT included), from
 *       {@code OperatingSystemMXBean.getProcessCpuTime}, which counts clock ticks (10 ms): keep
 *       iterations at a second or more;
 *   <li>with {@code xvfb=PID}: {@code cpu.xvfb.norm}, the X server's CPU per op, from its threads'
 *       {@code /proc/PID/task/TID/schedstat} (nanoseconds), and {@code cpu.total.norm}, the sum:
 *       the CPU per frame with the server's share included.
 * </ul>
 *
 * <p>Use: {@code -prof io.screentrail.bench.CpuProfiler} or {@code -prof
 * io.screentrail.bench.CpuProfiler:xvfb=1234}. After the first iteration it allocates nothing, so
 * {@code -prof gc} figures next to it stay clean.
 */
public final class CpuProfiler implements InternalProfiler {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long xvfbPid;
  private final byte[] line = new byte[128];
  private RandomAccessFile[] xvfbTasks;
  private long jvmStart;
  private long xvfbStart;

  /** JMH passes the text after the colon of {@code -prof}: empty, or {@code xvfb=PID}. */
  public CpuProfiler(String options) {
    String o = options == null ? "" : options.trim();
    if (o.isEmpty()) {
      xvfbPid = -1;
    } else if (o.startsWith("xvfb=")) {
      xvfbPid = Long.parseLong(o.substring("xvfb=".length()));
    } else {
      throw new IllegalArgumentException("CpuProfiler takes xvfb=PID or nothing, was '" + o + "'");
    }
  }

  public CpuProfiler() {
    this("");
  }

  @Override
  public String getDescription() {
    return "CPU time per op: this JVM, and with xvfb=PID the X server too";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    if (xvfbPid > 0 && xvfbTasks == null) {
      xvfbTasks = openTasks(xvfbPid);
    }
    xvfbStart = xvfbNanos();
    jvmStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long jvm = os.getProcessCpuTime() - jvmStart;
    long xvfb = xvfbNanos() - xvfbStart;
    long ops = Math.max(1, result.getMetadata().getAllOps());
    double jvmMs = jvm / 1e6 / ops;
    List<Result> out = new ArrayList<>(3);
    out.add(new ScalarResult("cpu.jvm.norm", jvmMs, "ms/op", AggregationPolicy.AVG));
    if (xvfbTasks != null) {
      double xvfbMs = xvfb / 1e6 / ops;
      out.add(new ScalarResult("cpu.xvfb.norm", xvfbMs, "ms/op", AggregationPolicy.AVG));
      out.add(new ScalarResult("cpu.total.norm", jvmMs + xvfbMs, "ms/op", AggregationPolicy.AVG));
    }
    return out;
  }

  /** Opens each thread's schedstat once; Xvfb does not start threads while it serves us. */
  private static RandomAccessFile[] openTasks(long pid) {
    List<RandomAccessFile> files = new ArrayList<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        files.add(new RandomAccessFile(task.resolve("schedstat").toFile(), "r"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the X server's threads in /proc/" + pid, e);
    }
    return files.toArray(new RandomAccessFile[0]);
  }

  /** Sum of the first field (time on CPU, ns) of each open schedstat, parsed without allocating. */
  private long xvfbNanos() {
    if (xvfbTasks == null) {
      return 0;
    }
    long sum = 0;
    try {
      for (RandomAccessFile f : xvfbTasks) {
        f.seek(0);
        int n = f.read(line);
        long v = 0;
        for (int i = 0; i < n && line[i] >= '0' && line[i] <= '9'; i++) {
          v = v * 10 + (line[i] - '0');
        }
        sum += v;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the X server's CPU time", e);
    }
    return sum;
  }
}

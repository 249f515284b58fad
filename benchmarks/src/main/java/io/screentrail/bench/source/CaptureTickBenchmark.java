package io.screentrail.bench.source;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.source.DamageTracker;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One capture tick as the engine's capture thread runs it, on the X display in {@code DISPLAY},
 * with and without the X server's damage hints:
 *
 * <ul>
 *   <li>{@code withHints}: drain the DAMAGE events; nothing redrawn means no grab and no hash;
 *       otherwise mark the damaged tiles, grab only the rows they span and hash only them;
 *   <li>{@code withoutHints}: grab the whole frame and hash every tile (the fallback, and what
 *       every tick cost before the hints).
 * </ul>
 *
 * <p>A changed frame is then copied into a pre-allocated slot and the reference committed, as
 * the engine does. {@code scene=idle} leaves the screen as the runner set it up (an xterm at a
 * prompt and an xclock: almost every tick unchanged); {@code scene=busy} starts an xterm that
 * prints the time without pause, so that most ticks change a few lines. The busy xterm is
 * started and stopped by the benchmark itself.
 *
 * <p>Run on a 1920x1080 Xvfb with an xterm and an xclock (as {@code benchmarks/run-capture.sh}
 * sets up):
 *
 * <pre>
 * DISPLAY=:N java -jar benchmarks/target/benchmarks.jar CaptureTickBenchmark \
 *     -prof gc -prof io.screentrail.bench.CpuProfiler:xvfb=XVFB_PID -f 1 -wi 3 -w 1s -i 5 -r 2s \
 *     -rf json -rff benchmarks/target/tick-1920x1080.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class CaptureTickBenchmark {

  private static final int TILE = 64;

  /** {@code idle}: the screen as set up; {@code busy}: plus a terminal printing non-stop. */
  @Param({"idle", "busy"})
  public String scene;

  private ScreenSource source;
  private DamageTracker damage;
  private TileChangeDetector detector;
  private ByteBuffer pixels;
  private int stride;
  private long frameBytes;
  private Pointer sourcePointer;
  private BytePointer slot;
  private Process busy;
  private long ticks;
  private long grabs;
  private long changed;
  private long failed;

  @Setup
  public void open() throws IOException {
    if (scene.equals("busy")) {
      busy = new ProcessBuilder("xterm", "-geometry", "100x30+400+300", "-e", "bash", "--norc",
          "--noprofile", "-c", "while :; do date +%s%N; done")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      sleep(1500);
    }
    source = XShmScreenSource.open(null, -1);
    ScreenGeometry g = source.geometry();
    damage = DamageTracker.open(null, g);
    detector = new TileChangeDetector(g.width(), g.height(), TILE);
    pixels = source.pixels();
    stride = source.stride();
    frameBytes = (long) stride * g.height();
    sourcePointer = new BytePointer(pixels);
    slot = new BytePointer(frameBytes);
    if (source.grab() != ScreenSource.GRAB_OK) {
      throw new IllegalStateException("first grab failed: " + source.lastError());
    }
    detector.detect(pixels, stride);
    detector.commit();
    damage.poll();
  }

  /** Reports the counts (with a StringBuilder: JMH counts tear-down allocation, see above). */
  @TearDown
  public void close() {
    System.out.println(new StringBuilder(96).append("# ").append(scene).append(": ticks ")
        .append(ticks).append(", grabs ").append(grabs).append(", changed ").append(changed)
        .append(", failed ").append(failed));
    damage.close();
    source.close();
    slot.close();
    sourcePointer.close();
    if (busy != null) {
      busy.destroy();
    }
  }

  @Benchmark
  public int withHints() {
    ticks++;
    if (damage.poll() == DamageTracker.DAMAGED) {
      for (int i = 0; i < damage.rectCount(); i++) {
        detector.markDamaged(damage.x(i), damage.y(i), damage.width(i), damage.height(i));
      }
    }
    if (!detector.hasMarks()) {
      return 0;
    }
    int top = detector.markedTop();
    grabs++;
    if (source.grabRows(top, detector.markedBottom() - top) != ScreenSource.GRAB_OK) {
      failed++;
      return -1;
    }
    return handOff(detector.detectMarked(pixels, stride));
  }

  @Benchmark
  public int withoutHints() {
    ticks++;
    grabs++;
    if (source.grab() != ScreenSource.GRAB_OK) {
      failed++;
      return -1;
    }
    return handOff(detector.detect(pixels, stride));
  }

  private int handOff(int tiles) {
    if (tiles > 0) {
      changed++;
      Pointer.memcpy(slot, sourcePointer, frameBytes);
    }
    detector.commit();
    return tiles;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.screentrail.bench.source;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.source.RobotScreenSource;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Grabbing the whole screen of the X display in {@code DISPLAY}, alone and followed by tile change
 * detection of an unchanged screen (the path every idle capture takes):
 *
 * <ul>
 *   <li>{@code xshmGrab}: {@link XShmScreenSource#grab()}, the X server copying its framebuffer
 *       into our shared segment; the floor of any capture;
 *   <li>{@code xshmGrabAndDetect}: that grab plus {@link TileChangeDetector#detect} against the
 *       committed first frame, which the screen still equals;
 *   <li>{@code robotGrab}, {@code robotGrabAndDetect}: the same with {@link RobotScreenSource}.
 * </ul>
 *
 * <p>The score is wall-clock per grab; the X server's work runs while this thread waits for its
 * reply, so on an otherwise idle machine it approximates the CPU per frame with the server's share
 * included. {@code io.screentrail.bench.CpuProfiler:xvfb=PID} adds the CPU per op of this JVM and
 * of the X server, which other load inflates less; {@link GrabCpuProbe} measures the same outside
 * JMH, with exact per-thread allocation.
 *
 * <p>AWT reads {@code DISPLAY} once per JVM, so the screen size cannot be a free parameter: {@code
 * resolution} must name the size of the screen in {@code DISPLAY} (the setup checks, and prints
 * what it found). {@code benchmarks/run-capture.sh} starts an Xvfb per size with an xterm and an
 * xclock on it and runs, for each:
 *
 * <pre>
 * DISPLAY=:N java -jar benchmarks/target/benchmarks.jar CaptureGrabBenchmark -p resolution=1920x1080 \
 *     -prof gc -prof io.screentrail.bench.CpuProfiler:xvfb=XVFB_PID -f 1 -wi 3 -w 1s -i 5 -r 1s \
 *     -rf json -rff benchmarks/target/capture-1920x1080.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CaptureGrabBenchmark {

  /** Tile edge the engine uses by default. */
  private static final int TILE = 64;

  /** The size of the screen in {@code DISPLAY}, such as {@code 1920x1080}. */
  @Param("1920x1080")
  public String resolution;

  private ScreenSource source;
  private ByteBuffer pixels;
  private int stride;
  private TileChangeDetector detector;
  private long grabs;
  private long failedGrabs;
  private long changedFrames;

  @Setup
  public void open(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    boolean robot = benchmark.substring(benchmark.lastIndexOf('.') + 1).startsWith("robot");
    source = robot ? RobotScreenSource.open(-1) : XShmScreenSource.open(null, -1);
    ScreenGeometry g = source.geometry();
    String found = g.width() + "x" + g.height();
    System.out.println(
        "# screen " + found + " on DISPLAY=" + System.getenv("DISPLAY") + " via " + source.name());
    if (!found.equals(resolution)) {
      source.close();
      throw new IllegalStateException(
          "the screen on DISPLAY=" + System.getenv("DISPLAY") + " is " + found
              + " but the run asked for resolution=" + resolution
              + ": start an X server of that size (benchmarks/run-capture.sh does)");
    }
    pixels = source.pixels();
    stride = source.stride();
    detector = new TileChangeDetector(g.width(), g.height(), TILE);
    if (source.grab() != ScreenSource.GRAB_OK) {
      throw new IllegalStateException("first grab failed: " + source.lastError());
    }
    detector.detect(pixels, stride);
    detector.commit();
  }

  /**
   * Reports the grabs and closes the source. JMH counts a trial's tear-down into the last
   * iteration's {@code -prof gc} figure, and the JVM's first string concatenation bootstraps
   * invokedynamic for some 150 KB: hence the StringBuilder.
   */
  @TearDown
  public void close() {
    System.out.println(new StringBuilder(80).append("# grabs ").append(grabs)
        .append(", failed ").append(failedGrabs).append(", changed frames ").append(changedFrames));
    String lastError = source.lastError();
    source.close();
    if (failedGrabs > 0) {
      throw new IllegalStateException(failedGrabs + " grabs failed, the last: " + lastError);
    }
  }

  private int grab() {
    grabs++;
    int status = source.grab();
    if (status != ScreenSource.GRAB_OK) {
      failedGrabs++;
    }
    return status;
  }

  private int grabAndDetect() {
    grab();
    int tiles = detector.detect(pixels, stride);
    if (tiles != 0) {
      changedFrames++; // the clock's minute hand moved: same work, counted to show it is rare
    }
    return tiles;
  }

  @Benchmark
  public int xshmGrab() {
    return grab();
  }

  @Benchmark
  public int xshmGrabAndDetect() {
    return grabAndDetect();
  }

  @Benchmark
  public int robotGrab() {
    return grab();
  }

  @Benchmark
  public int robotGrabAndDetect() {
    return grabAndDetect();
  }
}

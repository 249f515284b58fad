package io.screentrail.bench.source;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.BandCopier;
import io.screentrail.internal.RectList;
import io.screentrail.source.DamageTracker;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * <p>A changed frame is then copied into the next of three recycled slots, converted to BGR
 * (only the tiles the slot lacks, {@link BandCopier}) and the reference committed, as the engine does. Besides
 * {@code -prof gc}, each iteration prints this thread's own allocated bytes per tick, which
 * JMH's harness does not pollute. {@code scene=idle} leaves the screen as the runner set it up (an xterm at a
 * prompt and an xclock: every tick unchanged but for the clock's minute hand); {@code
 * scene=changed} first draws a 240x16 rectangle, a text line's size, in another colour on the
 * root window below the clients, through a second connection and a round trip, so that every
 * tick has one changed line (the drawing's cost is in both variants alike).
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

  /** {@code idle}: the screen as set up; {@code changed}: one line redrawn before every tick. */
  @Param({"idle", "changed"})
  public String scene;

  /** Direct-mapped Xlib drawing calls, so the drawing allocates nothing either. */
  static final class XDraw {
    static {
      Native.register(XDraw.class, "X11");
    }

    static native Pointer XOpenDisplay(String name);

    static native int XCloseDisplay(Pointer display);

    static native NativeLong XDefaultRootWindow(Pointer display);

    static native Pointer XCreateGC(Pointer display, NativeLong drawable, NativeLong mask,
        Pointer values);

    static native int XSetForeground(Pointer display, Pointer gc, NativeLong pixel);

    static native int XFillRectangle(Pointer display, NativeLong drawable, Pointer gc, int x,
        int y, int width, int height);

    static native int XSync(Pointer display, int discard);

    static native int XFreeGC(Pointer display, Pointer gc);
  }

  private Pointer drawDisplay;
  private NativeLong drawRoot;
  private Pointer gc;
  private final NativeLong[] colours = {new NativeLong(0x204080), new NativeLong(0xe0c040)};
  private int drawY;
  private long draws;

  private ScreenSource source;
  private DamageTracker damage;
  private TileChangeDetector detector;
  private ByteBuffer pixels;
  private int stride;
  private final Mat[] slots = new Mat[3];
  private Mat sourceMat;
  private final long[] slotVersions = {-1, -1, -1};
  private boolean[] mask;
  private BandCopier copier;
  private int nextSlot;
  private long copiedBytes;
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private long iterationBytes;
  private long iterationTicks;
  private final StringBuilder perIteration = new StringBuilder(256);
  private long ticks;
  private long grabs;
  private long changed;
  private long failed;

  @Setup
  public void open() {
    source = XShmScreenSource.open(null, -1);
    ScreenGeometry g = source.geometry();
    damage = DamageTracker.open(null, g);
    detector = new TileChangeDetector(g.width(), g.height(), TILE);
    pixels = source.pixels();
    stride = source.stride();
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Mat(g.height(), g.width(), CV_8UC3);
    }
    mask = new boolean[detector.tileCount()];
    copier = new BandCopier(detector.tilesX(), detector.tilesY(), TILE, g.width(), g.height());
    sourceMat = new Mat(g.height(), g.width(), CV_8UC4, new BytePointer(pixels));
    if (source.grab() != ScreenSource.GRAB_OK) {
      throw new IllegalStateException("first grab failed: " + source.lastError());
    }
    detector.detect(pixels, stride);
    detector.commit();
    if (scene.equals("changed")) {
      drawDisplay = XDraw.XOpenDisplay(System.getenv("DISPLAY"));
      drawRoot = XDraw.XDefaultRootWindow(drawDisplay);
      gc = XDraw.XCreateGC(drawDisplay, drawRoot, new NativeLong(0), null);
      drawY = g.height() - 60; // below the runner's xterm, left of nothing
    }
    damage.poll();
  }

  /** Redraws one line-sized rectangle in the other colour and waits until the server did it. */
  private void drawIfChanging() {
    if (gc != null) {
      XDraw.XSetForeground(drawDisplay, gc, colours[(int) (draws++ & 1)]);
      XDraw.XFillRectangle(drawDisplay, drawRoot, gc, 40, drawY, 240, 16);
      XDraw.XSync(drawDisplay, 0);
    }
  }

  /** Reports the counts (with a StringBuilder: JMH counts tear-down allocation, see above). */
  @TearDown
  public void close() {
    System.out.println(new StringBuilder(96).append("# ").append(scene).append(": ticks ")
        .append(ticks).append(", grabs ").append(grabs).append(", changed ").append(changed)
        .append(", failed ").append(failed).append(", bytes copied per changed tick ")
        .append(changed == 0 ? 0 : copiedBytes / changed));
    System.out.println(perIteration);
    damage.close();
    source.close();
    copier.close();
    sourceMat.close();
    for (Mat p : slots) {
      p.close();
    }
    if (gc != null) {
      XDraw.XFreeGC(drawDisplay, gc);
      XDraw.XCloseDisplay(drawDisplay);
    }
  }

  @Benchmark
  public int withHints() {
    drawIfChanging();
    ticks++;
    if (damage.poll() == DamageTracker.DAMAGED) {
      RectList rects = damage.rects();
      for (int i = 0; i < rects.size(); i++) {
        detector.markDamaged(rects.x(i), rects.y(i), rects.width(i), rects.height(i));
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
    drawIfChanging();
    ticks++;
    grabs++;
    if (source.grab() != ScreenSource.GRAB_OK) {
      failed++;
      return -1;
    }
    return handOff(detector.detect(pixels, stride));
  }

  /** A changed frame goes into the next of three recycled slots, stale tiles only. */
  private int handOff(int tiles) {
    if (tiles > 0) {
      changed++;
      int s = nextSlot;
      nextSlot = (s + 1) % slots.length;
      detector.copyMask(mask);
      slotVersions[s] = copier.handOff(sourceMat, slots[s], slotVersions[s], mask);
      copiedBytes += copier.lastBytes();
    }
    detector.commit();
    return tiles;
  }

  /** This thread's own allocation, exact, unlike {@code -prof gc} (which counts JMH's too). */
  @Setup(Level.Iteration)
  public void startIteration() {
    iterationTicks = ticks;
    iterationBytes = threads.getCurrentThreadAllocatedBytes();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    long bytes = threads.getCurrentThreadAllocatedBytes() - iterationBytes;
    long n = ticks - iterationTicks;
    perIteration.append(perIteration.length() == 0 ? "# thread bytes per tick:" : "")
        .append(' ').append(n == 0 ? 0 : bytes * 1000 / n / 1000.0);
  }

}

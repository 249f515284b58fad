package io.screentrail.bench.diff;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;

import io.screentrail.bench.ScreenContent;
import io.screentrail.diff.TileChangeDetector;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.bytedeco.opencv.opencv_core.Mat;
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
 * Change detection of one frame against the last stored one, on synthetic desktops ({@link
 * ScreenContent}): the engine's {@link TileChangeDetector} (CRC32C per 64x64 tile, straight on the
 * capture buffer) beside two alternatives it was chosen over, OpenCV {@code absdiff} + {@code
 * countNonZero} on the four channels viewed as one, and {@code ByteBuffer.mismatch} per row.
 * Both need the previous frame's pixels, so the engine would also pay a full-frame copy per
 * stored frame; the tile hashes need only a few KB of hashes. {@code rowCrc32c} hashes whole rows
 * instead of 256-byte tile rows: not a detector by itself (it cannot say which tile changed), it
 * measures what a row-hash pre-pass for the unchanged path would cost.
 *
 * <p>{@code changed}: {@code none} is the unchanged-frame path that runs for every idle capture
 * and must not allocate; {@code oneTile} is one glyph typed inside one tile; {@code all} flips the
 * low bit of every pixel, so every tile differs.
 *
 * <p>Run (no X server needed; {@code benchmarks/run-stages.sh} runs this and saves JSON):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TileHashBenchmark -prof gc -prof io.screentrail.bench.CpuProfiler \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TileHashBenchmark {

  private static final int TILE = 64;

  @Param({"1280x720", "1920x1080", "2560x1440"})
  public String resolution;

  @Param({"none", "oneTile", "all"})
  public String changed;

  private int width;
  private int height;
  private int stride;
  private ByteBuffer reference;
  private ByteBuffer current;
  private TileChangeDetector detector;
  private Mat referenceMat;
  private Mat currentMat;
  private Mat diff;
  private Mat diffBytes;
  private ByteBuffer currentRow;
  private ByteBuffer referenceRow;
  private final CRC32C rowHasher = new CRC32C();
  private int[] referenceRowHashes;

  @Setup
  public void setUp() {
    int[] size = ScreenContent.parseSize(resolution);
    width = size[0];
    height = size[1];
    stride = 4 * width;
    ScreenContent.Desktop desktop = ScreenContent.desktop(width, height);
    reference = ScreenContent.toBgrx(desktop.image());
    current = changedFrame(desktop);

    detector = new TileChangeDetector(width, height, TILE);
    detector.detect(reference, stride);
    detector.commit();
    int tiles = detector.detect(current, stride);
    int expected = switch (changed) {
      case "none" -> 0;
      case "oneTile" -> 1;
      default -> detector.tileCount();
    };
    if (tiles != expected) {
      throw new IllegalStateException(
          "changed=" + changed + " should change " + expected + " tiles, changed " + tiles);
    }

    referenceMat = ScreenContent.bgrxMat(reference, width, height);
    currentMat = ScreenContent.bgrxMat(current, width, height);
    diff = new Mat(height, width, CV_8UC4);
    diffBytes = diff.reshape(1); // a header over the same bytes: made once, not per call
    currentRow = current.duplicate();
    referenceRow = reference.duplicate();
    referenceRowHashes = new int[height];
    for (int y = 0; y < height; y++) {
      referenceRowHashes[y] = rowHash(referenceRow, y);
    }
  }

  private int rowHash(ByteBuffer view, int y) {
    int from = y * stride;
    view.limit(from + 4 * width).position(from);
    rowHasher.reset();
    rowHasher.update(view);
    return (int) rowHasher.getValue();
  }

  private ByteBuffer changedFrame(ScreenContent.Desktop desktop) {
    switch (changed) {
      case "none":
        return ScreenContent.toBgrx(desktop.image());
      case "oneTile": {
        // A glyph placed well inside one tile of the terminal, so exactly one tile differs.
        Rectangle term = desktop.terminal();
        int tx = term.x / TILE + 2;
        int ty = term.y / TILE + 2;
        BufferedImage img = ScreenContent.copy(desktop.image());
        ScreenContent.typeInTerminal(img, tx * TILE + 24, ty * TILE + 40, "x");
        return ScreenContent.toBgrx(img);
      }
      case "all": {
        ByteBuffer b = ScreenContent.toBgrx(desktop.image());
        for (int i = 0; i < b.capacity(); i += 4) {
          b.putInt(i, b.getInt(i) ^ 0x00010101);
        }
        return b;
      }
      default:
        throw new IllegalArgumentException("changed must be none, oneTile or all, was " + changed);
    }
  }

  @TearDown
  public void tearDown() {
    diffBytes.close();
    diff.close();
    currentMat.close();
    referenceMat.close();
  }

  /** The engine's detector; the reference stays committed, so every call does the same work. */
  @Benchmark
  public int tileCrc32c() {
    return detector.detect(current, stride);
  }

  /** OpenCV: absolute difference of all four bytes, then the count of non-zero bytes. */
  @Benchmark
  public int opencvAbsdiffCountNonZero() {
    absdiff(currentMat, referenceMat, diff);
    return countNonZero(diffBytes);
  }

  /** CRC32C of each whole row against the reference's row hashes; returns the changed rows. */
  @Benchmark
  public int rowCrc32c() {
    int rows = 0;
    for (int y = 0; y < height; y++) {
      if (rowHash(currentRow, y) != referenceRowHashes[y]) {
        rows++;
      }
    }
    return rows;
  }

  /** Vectorised byte comparison per row against a kept copy of the previous frame. */
  @Benchmark
  public int rowMismatch() {
    int rows = 0;
    int rowBytes = 4 * width;
    for (int y = 0; y < height; y++) {
      int from = y * stride;
      currentRow.limit(from + rowBytes).position(from);
      referenceRow.limit(from + rowBytes).position(from);
      if (currentRow.mismatch(referenceRow) >= 0) {
        rows++;
      }
    }
    return rows;
  }
}

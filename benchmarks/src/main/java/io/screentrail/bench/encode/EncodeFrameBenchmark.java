package io.screentrail.bench.encode;

import io.screentrail.ImageFormat;
import io.screentrail.bench.ScreenContent;
import io.screentrail.encode.FrameEncoder;
import java.awt.Rectangle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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
 * {@link FrameEncoder} (OpenCV {@code imencode}) on synthetic desktops ({@link ScreenContent}):
 * JPEG quality 80 against PNG (level 1, SUB filter), for a whole frame at 720p, 1080p and 1440p and
 * for a 512x256 area of dense terminal text cut from a 1080p frame through the encoder's rectangle
 * call, as the engine encodes a changed region; JPEG with its Huffman tables computed per image
 * ({@code optimize}; the engine does so up to {@link FrameEncoder#DEFAULT_OPTIMIZE_MAX_PIXELS}
 * pixels) or the standard ones.
 *
 * <p>The encoded size is constant per parameter set; it is printed once in the fork's output
 * ({@code # encoded ... bytes}). (A JMH {@code @AuxCounters} event counter would be summed over
 * the measurement iterations, so it is not used.)
 *
 * <p>Run (no X server needed; {@code benchmarks/run-stages.sh} runs this and saves JSON):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EncodeFrameBenchmark -prof gc -prof io.screentrail.bench.CpuProfiler \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s
 * java -jar benchmarks/target/benchmarks.jar EncodeFrameBenchmark -p format=JPEG \
 *     -prof io.screentrail.bench.CpuProfiler -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncodeFrameBenchmark {

  /** The text region's size, cut from a 1080p frame. */
  public static final int REGION_WIDTH = 512;

  public static final int REGION_HEIGHT = 256;

  @Param({"1280x720", "1920x1080", "2560x1440", "text512x256"})
  public String area;

  @Param({"JPEG", "PNG"})
  public String format;

  /** JPEG's Huffman tables computed per image (lossless, a second pass) or the standard ones. */
  @Param({"true", "false"})
  public boolean optimize;

  private Mat bgr;
  private FrameEncoder encoder;
  private boolean region;
  private Rectangle rect;
  private int encodedBytes;

  @Setup
  public void setUp() {
    region = area.startsWith("text");
    int[] size = region ? new int[] {1920, 1080} : ScreenContent.parseSize(area);
    ScreenContent.Desktop desktop = ScreenContent.desktop(size[0], size[1]);
    ByteBuffer bgrx = ScreenContent.toBgrx(desktop.image());
    bgr = ScreenContent.bgrMat(bgrx, size[0], size[1]);
    // Dense text: the terminal's top-left, below its first lines.
    Rectangle term = desktop.terminal();
    rect = new Rectangle(term.x + 4, term.y + 40, REGION_WIDTH, REGION_HEIGHT);
    encoder = new FrameEncoder(ImageFormat.valueOf(format), 80, optimize ? Integer.MAX_VALUE : 0);
    if (encodeOnce() != FrameEncoder.ENCODED) {
      throw new IllegalStateException("encoding failed: " + encoder.lastError());
    }
    encodedBytes = encoder.output().remaining();
    System.out.println("# encoded " + format + (optimize ? " optimized " : " ") + area + ": "
        + encodedBytes + " bytes");
  }

  @TearDown
  public void tearDown() {
    encoder.close();
    bgr.close();
  }

  private int encodeOnce() {
    return region
        ? encoder.encode(bgr, rect.x, rect.y, rect.width, rect.height)
        : encoder.encode(bgr);
  }

  /** One frame (or region) compressed; returns the encoded size. */
  @Benchmark
  public int encode() {
    encodeOnce();
    return encoder.output().remaining();
  }
}

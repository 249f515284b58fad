package io.screentrail.bench.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.ImageFormat;
import io.screentrail.bench.ScreenContent;
import io.screentrail.diff.PixelRefiner;
import io.screentrail.internal.BandCopier;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.diff.TileRegions;
import io.screentrail.encode.FrameEncoder;
import io.screentrail.internal.RectList;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
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
 * The changed-frame path as the engine runs it for a small change, without the session write:
 * on the capture thread tile detection, the copy of the changed tiles into a queue slot and the
 * change mask; on the encoder thread grouping tiles into rectangles, refinement to the changed
 * pixels (a byte compare in place), encoding each refined region and copying it into the canvas
 * (the last stored frame). It mirrors {@code CaptureEngine}'s capture loop and {@code
 * FrameStore.store} for a delta frame without redaction.
 *
 * <p>{@code slot}: {@code bgr} is the engine's path, the capture thread converting the changed
 * tiles to BGR as it copies them into the slot ({@link BandCopier}) and the encoder reading the
 * slot where it is; {@code bgrx} is the path before it, for comparison: the changed tiles copied
 * as they are, then converted into the encoder's own frame, rectangle by rectangle.
 *
 * <p>{@code change}: {@code glyph} is one typed character at a terminal prompt, the block caret
 * moving one cell right; {@code line} is a command line of 76 characters appearing there at once,
 * as a paste does. The reference is never committed, so each call does the same work.
 * {@code captureSide} is the capture thread's share alone; the encoder thread's share is the
 * difference.
 *
 * <p>Run (no X server needed; {@code benchmarks/run-stages.sh} runs this and saves JSON):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ChangedFramePipelineBenchmark -prof gc -prof io.screentrail.bench.CpuProfiler \
 *     -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChangedFramePipelineBenchmark {

  private static final int TILE = 64;

  @Param({"1280x720", "1920x1080", "2560x1440"})
  public String resolution;

  @Param({"JPEG", "PNG"})
  public String format;

  @Param({"glyph", "line"})
  public String change;

  @Param({"bgr", "bgrx"})
  public String slot;

  private int width;
  private int height;
  private int stride;
  private ByteBuffer frame;
  private BytePointer framePointer;
  private long frameBytes;
  private TileChangeDetector detector;
  private boolean[] mask;
  private Mat bgrxSlot;
  private Mat bgrSlot;
  private ByteBuffer bgrxSlotBytes;
  private Mat frameMat;
  private BandCopier copier;
  private long slotVersion = -1;
  private TileRegions regions;
  private PixelRefiner refiner;
  private FrameEncoder encoder;
  private Mat current;
  private Mat canvas;
  private Mat canvasCopy;
  private ByteBuffer currentBytes;
  private ByteBuffer canvasBytes;
  private ByteBuffer canvasCopyBytes;
  private final Rect roi = new Rect();
  private final RectList coarse = new RectList(64);
  private final RectList tight = new RectList(64);

  @Setup
  public void setUp() {
    int[] size = ScreenContent.parseSize(resolution);
    width = size[0];
    height = size[1];
    stride = 4 * width;
    ScreenContent.Desktop desktop = ScreenContent.desktop(width, height);
    int x = desktop.cursorX();
    int y = desktop.cursorY();
    BufferedImage before = ScreenContent.copy(desktop.image());
    ScreenContent.caret(before, desktop, x, y, true);
    BufferedImage after = ScreenContent.copy(desktop.image());
    String typed = change.equals("glyph")
        ? "l"
        : "mvn -q -B -DskipTests -pl benchmarks -am package && ls -la benchmarks/target";
    ScreenContent.typeInTerminal(after, x, y, typed);
    ScreenContent.caret(after, desktop, x + typed.length() * desktop.glyphWidth(), y, true);

    ByteBuffer reference = ScreenContent.toBgrx(before);
    frame = ScreenContent.toBgrx(after);
    framePointer = new BytePointer(frame);
    frameBytes = (long) stride * height;

    detector = new TileChangeDetector(width, height, TILE);
    detector.detect(reference, stride);
    detector.commit();
    mask = new boolean[detector.tileCount()];
    bgrxSlot = new Mat(height, width, CV_8UC4);
    bgrxSlotBytes = bgrxSlot.data().capacity(frameBytes).asByteBuffer();
    bgrSlot = new Mat(height, width, CV_8UC3);
    frameMat = new Mat(height, width, CV_8UC4, framePointer);
    copier = new BandCopier(detector.tilesX(), detector.tilesY(), TILE, width, height);
    Pointer.memcpy(bgrxSlot.data(), framePointer, frameBytes); // a slot starts filled
    regions = new TileRegions(width, height, TILE);
    refiner = new PixelRefiner(width, height);
    encoder = new FrameEncoder(ImageFormat.valueOf(format), 80);
    current = slot.equals("bgr") ? bgrSlot : new Mat(height, width, CV_8UC3);
    canvas = ScreenContent.bgrMat(reference, width, height);
    canvasCopy = canvas.clone();
    currentBytes = bytesOf(current);
    canvasBytes = bytesOf(canvas);
    canvasCopyBytes = bytesOf(canvasCopy);

    int bytes = changedFrame();
    System.out.println("# " + change + " at " + resolution + ": " + detector.changedCount()
        + " tiles, " + coarse.size() + " tile regions of " + coarse.area() + " px, "
        + tight.size() + " refined regions of " + tight.area() + " px, " + format + " "
        + bytes + " bytes");
    if (tight.size() == 0) {
      throw new IllegalStateException("the change was not found");
    }
  }

  @TearDown
  public void tearDown() {
    encoder.close();
    refiner.close();
    for (Mat m : new Mat[] {bgrxSlot, bgrSlot, frameMat, canvas, canvasCopy}) {
      m.close();
    }
    if (current != bgrSlot) {
      current.close();
    }
    copier.close();
    roi.close();
    framePointer.close();
  }

  /** Capture thread: detect, copy the changed tiles into a slot, copy the mask. */
  @Benchmark
  public int captureSide() {
    int changed = detector.detect(frame, stride);
    detector.copyMask(mask);
    if (slot.equals("bgr")) {
      slotVersion = copier.handOff(frameMat, bgrSlot, slotVersion, mask);
    } else {
      copyChangedTiles();
    }
    return changed;
  }

  /** The copy before the slots were BGR: each changed tile's rows as they are. */
  private void copyChangedTiles() {
    int tilesX = detector.tilesX();
    for (int t = 0; t < mask.length; t++) {
      if (!mask[t]) {
        continue;
      }
      int x0 = (t % tilesX) * TILE;
      int y0 = (t / tilesX) * TILE;
      int len = (Math.min(width, x0 + TILE) - x0) * 4;
      for (int y = y0; y < Math.min(height, y0 + TILE); y++) {
        bgrxSlotBytes.put(y * stride + x0 * 4, frame, y * stride + x0 * 4, len);
      }
    }
  }

  /** Both threads' work for one changed frame; returns the encoded bytes. */
  @Benchmark
  public int changedFrame() {
    captureSide();
    regions.group(mask, coarse);
    for (int i = 0; i < coarse.size() && current != bgrSlot; i++) {
      roi.x(coarse.x(i)).y(coarse.y(i)).width(coarse.width(i)).height(coarse.height(i));
      try (Mat from = bgrxSlot.apply(roi);
          Mat to = current.apply(roi)) {
        cvtColor(from, to, COLOR_BGRA2BGR);
      }
    }
    refiner.refine(currentBytes, canvasBytes, coarse, tight);
    int bytes = 0;
    for (int i = 0; i < tight.size(); i++) {
      encoder.encode(current, tight.x(i), tight.y(i), tight.width(i), tight.height(i));
      bytes += encoder.output().remaining();
    }
    // The engine copies into the canvas itself, row by row; a copy keeps the reference for the
    // next call.
    int rowBytes = width * 3;
    for (int i = 0; i < tight.size(); i++) {
      int offset = tight.y(i) * rowBytes + tight.x(i) * 3;
      for (int r = 0; r < tight.height(i); r++, offset += rowBytes) {
        canvasCopyBytes.put(offset, currentBytes, offset, tight.width(i) * 3);
      }
    }
    return bytes;
  }

  /** A view of a continuous BGR Mat's bytes, as the engine's FrameStore makes once. */
  private static ByteBuffer bytesOf(Mat bgr) {
    return new BytePointer(bgr.data()).capacity((long) bgr.rows() * bgr.cols() * 3)
        .asByteBuffer();
  }
}

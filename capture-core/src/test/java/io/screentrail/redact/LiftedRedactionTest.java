package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.ImageFormat;
import io.screentrail.OcrFailurePolicy;
import io.screentrail.RedactionMode;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.FrameSlot;
import io.screentrail.internal.FrameStore;
import io.screentrail.session.SessionFormat;
import io.screentrail.session.SessionReader;
import io.screentrail.session.SessionWriter;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line hidden whole because OCR failed on one frame, then read and found harmless on the next
 * when only part of it changed: the stored frame must show the line as it now is, not the old
 * blur with the new characters on it (real OCR, real OpenCV, the engine's frame store).
 */
class LiftedRedactionTest {

  private static final int W = 640;
  private static final int H = 160;

  @TempDir Path tmp;

  @Test
  void aLineReadAgainIsStoredWholeNotAsOldBlurWithNewCharacters() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    LineReader reader = new LineReader(1, 1000, () -> new LineOcr() {
      private final LineOcr real = OcrEngine.start();

      @Override
      public OcrLine read(ByteBuffer gray, int width, int height, int stride) {
        if (failing.get()) {
          throw new IllegalStateException("simulated OCR failure");
        }
        return real.read(gray, width, height, stride);
      }

      @Override
      public void close() {
        real.close();
      }
    });
    Path dir = tmp.resolve("session");
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir)
        .format(ImageFormat.PNG).tileSize(32).redaction(RedactionMode.BLUR)
        .ocrFailurePolicy(OcrFailurePolicy.BLUR_UNREAD).ocrBudget(Duration.ofSeconds(30))
        .buildConfig();
    Mat first = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Build step 41 finished in 3 seconds", "Notes: prefers morning deliveries");
    Mat second = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Build step 42 finished in 3 seconds", "Notes: prefers morning deliveries");
    TileChangeDetector detector = new TileChangeDetector(W, H, 32);
    try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, reader);
        SessionWriter writer = SessionWriter.create(dir, Map.of("geometry", Map.of("width",
            (long) W, "height", (long) H), "formatVersion", (long) SessionFormat.VERSION), 0);
        FrameStore store = new FrameStore(config, writer, new EngineCounters(), W, H, redactor);
        FrameSlot slot = new FrameSlot(W, H, detector.tileCount())) {
      store.writeStart(0, 1_700_000_000_000L);
      // OCR fails: the keyframe's lines are hidden whole.
      assertThat(store(first, 1, detector, slot, store)).isEqualTo(FrameStore.STORED);
      failing.set(false);
      // One digit changes; its line is read now and holds nothing sensitive.
      assertThat(store(second, 2, detector, slot, store)).isEqualTo(FrameStore.STORED);
      store.writeEnd(2_000_000_000L, 1_700_000_002_000L, "closed");
    }
    List<Path> frames = new ArrayList<>();
    try (SessionReader session = SessionReader.open(dir)) {
      session.replay(f -> {
        Path png = tmp.resolve("frame-" + f.sequence() + ".png");
        f.writeImage(png, ImageFormat.PNG);
        frames.add(png);
      }, new ArrayList<>());
    }
    assertThat(frames).hasSize(2);
    try (Mat rebuilt = opencv_imgcodecs.imread(frames.get(1).toString())) {
      // The first line's rows, the whole width: exactly the screen, nothing of the old blur.
      int differing = 0;
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < W * 3; x++) {
          if (rebuilt.ptr(y, 0).get(x) != second.ptr(y, 0).get(x)) {
            differing++;
          }
        }
      }
      assertThat(differing).as("bytes of the first line that differ from the screen").isZero();
    }
  }

  private static int store(Mat bgr, long tick, TileChangeDetector detector, FrameSlot slot,
      FrameStore store) throws Exception {
    cvtColor(bgr, slot.pixels, COLOR_BGR2BGRA);
    int changed = detector.detect(slot.buffer, W * 4);
    detector.copyMask(slot.changedTiles);
    detector.commit();
    slot.changedTileCount = changed;
    slot.captureIndex = tick;
    slot.monoNanos = tick * 1_000_000_000L;
    slot.wallMillis = 1_700_000_000_000L + tick * 1000;
    return store.store(slot);
  }
}

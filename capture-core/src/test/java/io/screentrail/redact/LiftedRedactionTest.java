package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.ImageFormat;
import io.screentrail.OcrFailurePolicy;
import io.screentrail.RedactionMode;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.BandCopier;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.FrameSlot;
import io.screentrail.internal.FrameStore;
import io.screentrail.internal.RectList;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionFormat;
import io.screentrail.session.SessionReader;
import io.screentrail.session.SessionWriter;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_core;
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
    Path dir = tmp.resolve("session");
    // OCR fails on the keyframe: its lines are hidden whole. One digit changes, and its line is
    // read now and holds nothing sensitive.
    Mat second = recordTwoFrames(dir, false);
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
    assertThat(frameRecords(dir).get(1).has("lifted")).isTrue();
  }

  @Test
  void aLineHiddenInBothFramesIsNotStoredAgainThoughItsBlurChanged() throws Exception {
    Path dir = tmp.resolve("session");
    // OCR fails on both frames: the line is hidden in each, its blur differs where a digit did.
    recordTwoFrames(dir, true);
    List<JsonObject> frames = frameRecords(dir);
    assertThat(frames).hasSize(2);
    JsonObject delta = frames.get(1);
    assertThat(delta.getObjectList("redactions")).isNotEmpty();
    assertThat(delta.has("lifted")).as("lifted regions in %s", delta).isFalse();
    // What is stored is the frame's boxes (their new blur), nothing of the rows around them.
    long stored = 0;
    for (JsonObject region : delta.getObjectList("regions")) {
      stored += region.getLong("w") * region.getLong("h");
    }
    long boxes = 0;
    for (JsonObject box : delta.getObjectList("redactions")) {
      boxes += box.getLong("w") * box.getLong("h");
    }
    assertThat(stored).isPositive().isLessThanOrEqualTo(boxes);
    try (SessionReader session = SessionReader.open(dir)) {
      assertThat(session.check().redaction().get("redactionsLifted")).isEqualTo(0L);
    }
  }

  /**
   * Records a keyframe OCR fails on, then the same two lines with one digit changed, read by
   * real OCR unless {@code failAgain}; returns the second screen.
   */
  private static Mat recordTwoFrames(Path dir, boolean failAgain) throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir)
        .format(ImageFormat.PNG).tileSize(32).redaction(RedactionMode.BLUR)
        .ocrFailurePolicy(OcrFailurePolicy.BLUR_UNREAD).ocrBudget(Duration.ofSeconds(30))
        .buildConfig();
    Mat first = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Build step 41 finished in 3 seconds", "Notes: prefers morning deliveries");
    Mat second = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Build step 42 finished in 3 seconds", "Notes: prefers morning deliveries");
    try (SessionWriter writer = writer(dir, W, H);
        FrameStore store = frameStore(config, writer, new EngineCounters(), W, H, failing);
        Capture capture = new Capture(W, H, 32)) {
      store.writeStart(0, 1_700_000_000_000L);
      assertThat(capture.store(first, 1, store)).isEqualTo(FrameStore.STORED);
      failing.set(failAgain);
      assertThat(capture.store(second, 2, store)).isEqualTo(FrameStore.STORED);
      store.writeEnd(2_000_000_000L, 1_700_000_002_000L, "closed");
    }
    return second;
  }

  static SessionWriter writer(Path dir, int w, int h) throws Exception {
    return SessionWriter.create(dir, Map.of("geometry", Map.of("width", (long) w, "height",
        (long) h), "formatVersion", (long) SessionFormat.VERSION), 0);
  }

  /** A frame store redacting with real OCR that throws while {@code failing} is set. */
  private static FrameStore frameStore(CaptureConfig config, SessionWriter writer,
      EngineCounters counters, int w, int h, AtomicBoolean failing) {
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
    return new FrameStore(config, writer, counters, w, h,
        new Redactor(RedactionMode.BLUR, 35, reader));
  }

  /**
   * A real xterm printing and scrolling a secret, build lines and a progress line rewritten in
   * place, recorded while OCR fails on every third frame: the frames after a failure store lines
   * again (lifted), and no lifted pixel lies in a box its frame hid.
   */
  @Test
  void liftedPixelsNeverMeetABoxOfTheirFrameInARealSession() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    int w = 640;
    int h = 300;
    AtomicBoolean failing = new AtomicBoolean(false);
    Path dir = tmp.resolve("real");
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir)
        .format(ImageFormat.JPEG).redaction(RedactionMode.BLUR)
        .ocrFailurePolicy(OcrFailurePolicy.BLUR_UNREAD).ocrBudget(Duration.ofSeconds(30))
        .buildConfig();
    String script = "printf '%s\\n' 'Deploy notes for the billing service'"
        + " 'card on file 5555 5555 5555 4444' 'contact: ops.lead@example.com';"
        + " for i in $(seq 1 200); do if [ $((i % 4)) -eq 0 ]; then"
        + " printf '\\rbuild step %d finished in %d seconds\\n' $i $i; fi;"
        + " printf '\\rprogress %d of 200 ' $i; sleep 0.3; done; sleep 120";
    EngineCounters counters = new EngineCounters();
    try (XvfbServer x = XvfbServer.start(w, h)) {
      x.client(2000, "xterm", "-geometry", "70x14+0+0", "-fa", "DejaVu Sans Mono", "-fs", "12",
          "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c", script);
      try (SessionWriter writer = writer(dir, w, h);
          FrameStore store = frameStore(config, writer, counters, w, h, failing);
          Capture capture = new Capture(w, h, config.tileSize());
          XShmScreenSource screen = XShmScreenSource.open(x.display(), -1)) {
        store.writeStart(0, 1_700_000_000_000L);
        for (int tick = 1; tick <= 30; tick++) {
          capture.grab(screen);
          failing.set(tick % 3 == 2);
          assertThat(capture.storeGrab(tick, store))
              .isIn(FrameStore.STORED, FrameStore.UNCHANGED);
          Thread.sleep(400);
        }
        store.writeEnd(31_000_000_000L, 1_700_000_031_000L, "closed");
      }
    }
    long liftedRegions = checkLifted(frameRecords(dir));
    assertThat(liftedRegions).as("lifted regions in the session").isPositive();
    assertThat(counters.redactionsLifted.get()).isEqualTo(liftedRegions);
    CaptureStats stats = counters.snapshot(0);
    assertThat(stats.redactionsLifted()).isEqualTo(liftedRegions);
    assertThat(stats.pixelsLifted()).isEqualTo(counters.pixelsLifted.get()).isPositive();
    // The secret stays hidden in every rebuilt frame.
    try (SessionReader session = SessionReader.open(dir);
        TextLineFinder finder = new TextLineFinder();
        LineReader ocr = new LineReader(1, 1000)) {
      List<String> problems = new ArrayList<>();
      session.replay(f -> {
        Path png = tmp.resolve("real-" + f.sequence() + ".png");
        f.writeImage(png, ImageFormat.PNG);
        String text = ScrolledSecretsTest.read(png, finder, ocr).replace(" ", "");
        assertThat(text).as("frame %s", f.sequence()).doesNotContain("55555555")
            .doesNotContain("ops.lead@");
      }, problems);
      assertThat(problems).isEmpty();
    }
  }

  /**
   * Checks that no lifted region of a frame meets a box that frame hid and that each is stored;
   * returns how many there were.
   */
  private static long checkLifted(List<JsonObject> frames) {
    long liftedRegions = 0;
    for (JsonObject f : frames) {
      if (!f.has("lifted")) {
        continue;
      }
      List<JsonObject> images = new ArrayList<>();
      for (JsonObject region : f.getObjectList("regions")) {
        if (region.has("off")) {
          images.add(region);
        }
      }
      for (JsonObject l : f.getObjectList("lifted")) {
        liftedRegions++;
        for (JsonObject box : f.getObjectList("redactions")) {
          assertThat(overlaps(l, box)).as("frame %s: lifted %s meets hidden %s",
              f.getLong("seq"), l, box).isFalse();
        }
        // Lifted pixels are stored: inside one of the frame's images (merging only grows them).
        assertThat(images.stream().anyMatch(i -> inside(l, i)))
            .as("frame %s: lifted %s is stored", f.getLong("seq"), l).isTrue();
      }
    }
    return liftedRegions;
  }

  /**
   * Real xclocks stored through the frame store with real OCR: their hands, read as nothing, are
   * then hidden without reading (unreadable-again) in later frames. Those boxes are remembered as
   * hidden like unreadable ones and never lifted in the frame that hides them; the count reaches
   * each frame's record, the stats and the session's check.
   */
  @Test
  void handsHiddenWithoutReadingAreStoredHiddenNeverLiftedAndCounted() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xclock"), "needs Xvfb and xclock");
    int w = 440;
    int h = 240;
    Path dir = tmp.resolve("clock");
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir)
        .format(ImageFormat.JPEG).redaction(RedactionMode.BLUR)
        .ocrFailurePolicy(OcrFailurePolicy.BLUR_UNREAD).ocrBudget(Duration.ofSeconds(30))
        .buildConfig();
    EngineCounters counters = new EngineCounters();
    try (XvfbServer x = XvfbServer.start(w, h)) {
      // Two sizes: their hands form other blobs, so some read as nothing at any time of day.
      x.client(0, "xclock", "-update", "1", "-geometry", "220x220+10+10");
      x.client(1500, "xclock", "-update", "1", "-geometry", "170x170+250+35");
      try (SessionWriter writer = writer(dir, w, h);
          FrameStore store = frameStore(config, writer, counters, w, h, new AtomicBoolean());
          Capture capture = new Capture(w, h, config.tileSize());
          XShmScreenSource screen = XShmScreenSource.open(x.display(), -1)) {
        store.writeStart(0, 1_700_000_000_000L);
        for (int tick = 1; tick <= 16; tick++) {
          capture.grab(screen);
          assertThat(capture.storeGrab(tick, store))
              .isIn(FrameStore.STORED, FrameStore.UNCHANGED);
          Thread.sleep(1000);
        }
        store.writeEnd(17_000_000_000L, 1_700_000_017_000L, "closed");
      }
    }
    List<JsonObject> frames = frameRecords(dir);
    checkLifted(frames);
    long again = 0;
    for (JsonObject f : frames) {
      long boxes = 0;
      for (JsonObject box : f.getObjectList("redactions")) {
        if (box.getString("detector").equals(Redactor.UNREADABLE_AGAIN)) {
          boxes++;
        }
      }
      assertThat(f.getObject("redaction").getLong("unreadableAgain")).isEqualTo(boxes);
      again += boxes;
    }
    assertThat(again).as("lines hidden without reading").isPositive();
    assertThat(counters.snapshot(0).linesUnreadableAgain()).isEqualTo(again);
    try (SessionReader session = SessionReader.open(dir)) {
      assertThat(session.check().redaction().get("linesUnreadableAgain")).isEqualTo(again);
    }
  }

  private static boolean overlaps(JsonObject a, JsonObject b) {
    return a.getLong("x") < b.getLong("x") + b.getLong("w")
        && b.getLong("x") < a.getLong("x") + a.getLong("w")
        && a.getLong("y") < b.getLong("y") + b.getLong("h")
        && b.getLong("y") < a.getLong("y") + a.getLong("h");
  }

  private static boolean inside(JsonObject a, JsonObject b) {
    return a.getLong("x") >= b.getLong("x") && a.getLong("y") >= b.getLong("y")
        && a.getLong("x") + a.getLong("w") <= b.getLong("x") + b.getLong("w")
        && a.getLong("y") + a.getLong("h") <= b.getLong("y") + b.getLong("h");
  }

  static List<JsonObject> frameRecords(Path dir) throws Exception {
    List<JsonObject> frames = new ArrayList<>();
    try (SessionReader session = SessionReader.open(dir)) {
      session.scan(r -> {
        if (r.type().equals("frame")) {
          frames.add(r.body());
        }
      });
    }
    return frames;
  }

  /**
   * The capture loop's side of a frame, as the engine does it: tiles found changed in a BGRX
   * grab are copied into a BGR slot, and the slot goes to the store (which swaps it with its
   * canvas).
   */
  static final class Capture implements AutoCloseable {
    /** Whether an unchanged grab goes to the store too, as the engine's read-later frames do. */
    boolean handOffUnchanged;
    final Mat grab;
    final ByteBuffer grabBytes;
    private final int width;
    private final TileChangeDetector detector;
    private final BandCopier copier;
    private final FrameSlot slot;

    Capture(int w, int h, int tileSize) {
      width = w;
      grab = new Mat(h, w, opencv_core.CV_8UC4);
      grabBytes = grab.createBuffer();
      detector = new TileChangeDetector(w, h, tileSize);
      copier = new BandCopier(detector.tilesX(), detector.tilesY(), tileSize, w, h);
      slot = new FrameSlot(w, h, detector.tileCount());
    }

    int store(Mat bgr, long tick, FrameStore store) throws Exception {
      cvtColor(bgr, grab, COLOR_BGR2BGRA);
      return storeGrab(tick, store);
    }

    /** Grabs {@code screen} (as wide and tall as this capture) into {@link #grab}. */
    void grab(XShmScreenSource screen) {
      assertThat(screen.grab()).isZero();
      for (int y = 0; y < grab.rows(); y++) {
        grabBytes.put(y * width * 4, screen.pixels(), y * screen.stride(), width * 4);
      }
    }

    /** Finds the grab's changed tiles and stores it (unchanged: kept). */
    int storeGrab(long tick, FrameStore store) throws Exception {
      int changed = detector.detect(grabBytes, width * 4);
      if (changed == 0 && tick > 1 && !handOffUnchanged) {
        detector.commit();
        return FrameStore.UNCHANGED;
      }
      detector.copyMask(slot.changedTiles);
      slot.copyVersion = copier.handOff(grab, slot.pixels, slot.copyVersion, slot.changedTiles);
      detector.commit();
      slot.changedTileCount = changed;
      slot.captureIndex = tick;
      slot.monoNanos = tick * 1_000_000_000L;
      slot.wallMillis = 1_700_000_000_000L + tick * 1000;
      return store.store(slot);
    }

    @Override
    public void close() {
      slot.close();
      copier.close();
      grab.close();
    }
  }
}

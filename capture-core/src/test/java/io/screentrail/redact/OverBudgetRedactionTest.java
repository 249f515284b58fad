package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.ImageFormat;
import io.screentrail.OcrFailurePolicy;
import io.screentrail.RedactionMode;
import io.screentrail.internal.CpuGovernor;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.FrameStore;
import io.screentrail.internal.RectList;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.session.SessionWriter;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines past the CPU budget's OCR allowance: hidden whole without being read, never stored raw,
 * counted; then, once the allowance has room, read from their unchanged pixels and stored again
 * where harmless (real OCR, real OpenCV, the engine's frame store; the level is set as the
 * governor sets it).
 */
class OverBudgetRedactionTest {

  private static final int W = 640;
  private static final int H = 160;

  @TempDir Path tmp;

  @Test
  void linesOverTheAllowanceAreHiddenUnreadThenReadLaterOnAnUnchangedScreen() throws Exception {
    Path dir = tmp.resolve("session");
    CaptureConfig config = CaptureEngine.builder().sessionDirectory(dir)
        .format(ImageFormat.PNG).tileSize(32).redaction(RedactionMode.BLUR)
        .ocrFailurePolicy(OcrFailurePolicy.DROP_FRAME).ocrBudget(Duration.ofSeconds(30))
        .buildConfig();
    Mat screen = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Build step 41 finished in 3 seconds", "Tests passed 12 of 12 in module core",
        "card on file 4111 1111 1111 1111");
    EngineCounters counters = new EngineCounters();
    try (SessionWriter writer = LiftedRedactionTest.writer(dir, W, H);
        FrameStore store = new FrameStore(config, writer, counters, W, H,
            new Redactor(RedactionMode.BLUR, 35, 1, 1000));
        LiftedRedactionTest.Capture capture = new LiftedRedactionTest.Capture(W, H, 32)) {
      store.writeStart(0, 1_700_000_000_000L);
      capture.handOffUnchanged = true;
      // The last level: one Tesseract read a frame, the lowest new line's (the card's). The two
      // lines above are hidden unread, and that is not a failure (the policy would drop a frame
      // with unread lines).
      counters.cpuBudgetLevel.set(CpuGovernor.MAX_LEVEL);
      assertThat(capture.store(screen, 1, store)).isEqualTo(FrameStore.STORED);
      assertThat(counters.linesOverBudget.get()).isEqualTo(2);
      assertThat(counters.linesAwaitingRead.get()).isEqualTo(2);
      assertThat(counters.framesDroppedUnread.get()).isZero();
      // Still one read a frame: on the unchanged screen the older of the two (the first hidden,
      // reading order) is read.
      assertThat(capture.store(screen, 2, store)).isEqualTo(FrameStore.STORED);
      assertThat(counters.linesReadLater.get()).isEqualTo(1);
      assertThat(counters.linesAwaitingRead.get()).isEqualTo(1);
      // The budget lifted: the rest is read.
      counters.cpuBudgetLevel.set(0);
      assertThat(capture.store(screen, 4, store)).isEqualTo(FrameStore.STORED);
      assertThat(counters.linesReadLater.get()).isEqualTo(2);
      assertThat(counters.linesAwaitingRead.get()).isZero();
      assertThat(counters.redactionsLifted.get()).isPositive();
      // Nothing left to read: an unchanged screen stays unchanged.
      assertThat(capture.store(screen, 5, store)).isEqualTo(FrameStore.UNCHANGED);
      store.writeEnd(5_000_000_000L, 1_700_000_005_000L, "closed");
    }
    List<JsonObject> frames = LiftedRedactionTest.frameRecords(dir);
    assertThat(frames).hasSize(3);
    List<JsonObject> hidden = new ArrayList<>();
    int found = 0;
    for (JsonObject box : frames.get(0).getObjectList("redactions")) {
      if (box.getString("detector").equals(Redactor.OVER_BUDGET)) {
        hidden.add(box);
      } else {
        found++; // on the card line, which was read
      }
    }
    assertThat(hidden).hasSize(2);
    assertThat(found).isPositive();
    assertThat(frames.get(0).getObject("redaction").getLong("overBudget")).isEqualTo(2);
    assertThat(frames.get(0).getObject("redaction").getString("status")).isEqualTo("ok");
    assertThat(frames.get(1).has("lifted")).isTrue();
    List<Path> pngs = new ArrayList<>();
    try (SessionReader session = SessionReader.open(dir)) {
      assertThat(session.check().redaction().get("linesOverBudget")).isEqualTo(2L);
      assertThat(session.check().redaction().get("linesReadLater")).isEqualTo(2L);
      session.replay(f -> {
        Path png = tmp.resolve("frame-" + f.sequence() + ".png");
        f.writeImage(png, ImageFormat.PNG);
        pngs.add(png);
      }, new ArrayList<>());
    }
    try (Mat first = opencv_imgcodecs.imread(pngs.get(0).toString());
        Mat last = opencv_imgcodecs.imread(pngs.get(2).toString())) {
      // Never stored raw: in the first frame every byte row of each hidden line differs from
      // the screen somewhere, and the rebuilt last frame shows the harmless line as it is.
      for (JsonObject box : hidden) {
        int x0 = Math.max(0, (int) box.getLong("x"));
        int y0 = Math.max(0, (int) box.getLong("y"));
        int x1 = Math.min(W, (int) (box.getLong("x") + box.getLong("w")));
        int y1 = Math.min(H, (int) (box.getLong("y") + box.getLong("h")));
        assertThat(differingBytes(first, screen, x0, y0, x1, y1))
            .as("bytes of hidden box %s that equal the screen's", box)
            .isGreaterThan((x1 - x0) * (y1 - y0));
      }
      JsonObject buildLine = hidden.get(0);
      int y0 = (int) buildLine.getLong("y");
      int y1 = y0 + (int) buildLine.getLong("h");
      assertThat(differingBytes(last, screen, 0, Math.max(0, y0), W, Math.min(H, y1)))
          .as("bytes of the build line that differ from the screen after it was read").isZero();
    }
    try (TextLineFinder finder = new TextLineFinder();
        LineReader ocr = new LineReader(1, 1000)) {
      String before = ScrolledSecretsTest.read(pngs.get(0), finder, ocr).replace(" ", "");
      String after = ScrolledSecretsTest.read(pngs.get(2), finder, ocr).replace(" ", "");
      assertThat(before).doesNotContain("Buildstep41").doesNotContain("41111111");
      // Read later: the harmless words are back, the card number is hidden by its detector.
      assertThat(after).contains("Buildstep41").doesNotContain("41111111");
    }
  }

  /**
   * A card number wrapped across two lines, the first read and the second past the allowance:
   * the read half holds no whole value, so no detector fires on it, but its digits are hidden
   * all the same (and the unread half whole).
   */
  @Test
  void theReadHalfOfAValueWrappedOntoAnOverBudgetLineIsHidden() throws Exception {
    Mat screen = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Refund to card 4111 1111", "1111 1111 approved today");
    RectList all = new RectList(1);
    all.add(0, 0, W, H);
    try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      redactor.ocrAllowance(1);
      Redaction r = redactor.redact(screen, all, System.nanoTime() + 30_000_000_000L, true);
      assertThat(r.overBudget()).isEqualTo(1);
      assertThat(r.status()).isEqualTo("ok");
      List<Redaction.Box> beside = r.boxes().stream()
          .filter(b -> b.detector().equals(Redactor.BESIDE_OVER_BUDGET)).toList();
      assertThat(beside).as("boxes %s", r.boxes()).hasSizeGreaterThanOrEqualTo(2);
      Redaction.Box unread = r.boxes().stream()
          .filter(b -> b.detector().equals(Redactor.OVER_BUDGET)).findFirst().orElseThrow();
      // The hidden digits lie on the first line, to the right of its words "Refund to card".
      for (Redaction.Box b : beside) {
        assertThat(b.y() + b.height()).isLessThanOrEqualTo(unread.y() + 3);
        assertThat(b.x()).isGreaterThan(W / 8);
      }
      Path png = tmp.resolve("wrapped.png");
      opencv_imgcodecs.imwrite(png.toString(), screen);
      try (TextLineFinder finder = new TextLineFinder();
          LineReader ocr = new LineReader(1, 1000)) {
        String text = ScrolledSecretsTest.read(png, finder, ocr).replace(" ", "");
        assertThat(text).contains("Refund").doesNotContain("4111").doesNotContain("11111111");
      }
    }
  }

  /**
   * With one read to spend, a changed area's lowest line is read first: a terminal's newest
   * line, here a password prompt, which must be seen for the typing after it to be masked.
   */
  @Test
  void theLowestChangedLineIsReadFirstSoAPromptIsSeen() throws Exception {
    Mat screen = TextImages.render(W, H, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
        "Compiling module 17 of 40", "Linking module 17 of 40", "[sudo] password for root:");
    RectList all = new RectList(1);
    all.add(0, 0, W, H);
    try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      redactor.ocrAllowance(1);
      redactor.readFirst(all);
      Redaction r = redactor.redact(screen, all, System.nanoTime() + 30_000_000_000L, true);
      assertThat(r.overBudget()).isEqualTo(2);
      assertThat(redactor.passwordPrompts().size()).as("prompts seen").isEqualTo(1);
    }
  }

  /**
   * As a terminal's new lines come: one changed area per line; the prompt cut by the line
   * finder into pieces at its spaces, and a block cursor after it, a piece of its own reaching
   * lower than the prompt's glyphs. With one read to spend, the lowest row of all the areas is
   * still read first (not the topmost area's lowest line), and whole, so the joined row is seen
   * as a prompt; the lines above go over the allowance.
   */
  @Test
  void theLowestRowIsReadWholeFirstSoAPromptCutIntoPiecesIsSeen() throws Exception {
    String[] lines = {"linking parser objects", "linking render objects",
        "linking cache objects", "[sudo] password for root:"};
    Mat screen = TextImages.render(W, H, "DejaVu Sans Mono", 16, Color.BLACK, Color.WHITE,
        lines);
    RectList areas = new RectList(4);
    int baseline = 0;
    for (int k = 0; k < lines.length; k++) {
      baseline = 16 + 10 + k * (int) (16 * 1.8); // where TextImages draws line k
      areas.add(0, baseline - 20, W, 28);
    }
    int maxX = 0;
    for (int y = baseline - 16; y <= baseline; y++) {
      for (int x = 0; x < W; x++) {
        if ((screen.ptr(y, x).get() & 0xFF) < 128) {
          maxX = Math.max(maxX, x);
        }
      }
    }
    // The cursor after the prompt, apart enough to be a line of its own (as xterm's was), as
    // tall as a cell and a few rows deeper than the prompt's glyphs.
    try (Point from = new Point(maxX + 24, baseline - 15);
        Point to = new Point(maxX + 33, baseline + 5)) {
      opencv_imgproc.rectangle(screen, from, to, Scalar.BLACK, opencv_imgproc.FILLED, 8, 0);
    }
    try (Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 1000)) {
      redactor.ocrAllowance(1);
      redactor.readFirst(areas);
      Redaction r = redactor.redact(screen, areas, System.nanoTime() + 30_000_000_000L, true);
      assertThat(redactor.passwordPrompts().size()).as("prompts seen, boxes %s", r.boxes())
          .isEqualTo(1);
      assertThat(r.overBudget()).as("boxes %s", r.boxes()).isGreaterThanOrEqualTo(3);
    }
  }

  private static int differingBytes(Mat a, Mat b, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0 * 3; x < x1 * 3; x++) {
        if (a.ptr(y, 0).get(x) != b.ptr(y, 0).get(x)) {
          n++;
        }
      }
    }
    return n;
  }
}

package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.detect.Category;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real xclock ({@code -update 1}) on Xvfb, grabbed once a second, redacted with real Tesseract:
 * its hands meet in one blob that OCR reads as nothing, again and again. With spots, later frames
 * hide that blob without reading it; everything hidden without spots is hidden with them; and a
 * card number drawn where the hands were is read within {@link UnreadableSpots#REREAD_EVERY}
 * frames and its digits are never legible before or after.
 */
class UnreadableSpotsRedactionTest {

  private static final int SIZE = 240;
  private static final int FRAMES = 16;
  private static final long SECOND = 1_000_000_000L;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final List<Mat> clock = new ArrayList<>();

  @BeforeAll
  static void grabTheClock() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xclock"), "needs Xvfb and xclock");
    try (XvfbServer x = XvfbServer.start(SIZE, SIZE)) {
      x.client(1500, "xclock", "-update", "1", "-geometry", "220x220+10+10");
      try (XShmScreenSource screen = XShmScreenSource.open(x.display(), -1);
          Mat bgrx = new Mat(SIZE, SIZE, opencv_core.CV_8UC4)) {
        java.nio.ByteBuffer into = bgrx.createBuffer();
        for (int i = 0; i < FRAMES; i++) {
          assertThat(screen.grab()).isZero();
          for (int y = 0; y < SIZE; y++) {
            into.put(y * SIZE * 4, screen.pixels(), y * screen.stride(), SIZE * 4);
          }
          Mat bgr = new Mat();
          cvtColor(bgrx, bgr, COLOR_BGRA2BGR);
          clock.add(bgr);
          XvfbServer.sleep(1000);
        }
      }
    }
  }

  @AfterAll
  static void release() {
    clock.forEach(Mat::close);
    clock.clear();
  }

  private static RectList whole() {
    RectList r = new RectList(1);
    r.add(0, 0, SIZE, SIZE);
    return r;
  }

  private static Redactor redactor(AtomicLong ticker, boolean spots) {
    return new Redactor(RedactionMode.BLUR, 35, new LineReader(1, 1000),
        spots ? new UnreadableSpots(ticker::get) : null);
  }

  @Test
  void laterFramesHideTheHandsWithoutReadingThemAndHideEverythingHiddenWithoutSpots() {
    AtomicLong ticker = new AtomicLong();
    int readsWith = 0;
    int readsWithout = 0;
    int skipped = 0;
    List<String> problems = new ArrayList<>();
    try (Redactor with = redactor(ticker, true); Redactor without = redactor(ticker, false)) {
      for (int i = 0; i < clock.size(); i++) {
        ticker.addAndGet(SECOND);
        try (Mat a = clock.get(i).clone(); Mat b = clock.get(i).clone()) {
          Redaction rw = with.redact(a, whole(), NO_DEADLINE, true);
          Redaction ro = without.redact(b, whole(), NO_DEADLINE, true);
          assertThat(rw.status()).isEqualTo("ok");
          assertThat(rw.lines()).isEqualTo(ro.lines());
          assertThat(ro.unreadableAgain()).isZero();
          readsWith += rw.ocrLines();
          readsWithout += ro.ocrLines();
          skipped += rw.unreadableAgain();
          assertThat(rw.ocrLines() + rw.cacheHits() + rw.unreadableAgain()).isEqualTo(rw.lines());
          for (Redaction.Box box : rw.boxes()) {
            if (box.detector().equals(Redactor.UNREADABLE_AGAIN) && !blurred(clock.get(i), a,
                box)) {
              problems.add("frame " + i + ": " + box + " stored as captured");
            }
          }
          // What the redactor hid for want of a reading without spots, it hides with them.
          for (Redaction.Box box : ro.boxes()) {
            if (box.category() == null && !covered(box, rw.boxes())) {
              problems.add("frame " + i + ": " + box + " hidden only without spots");
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(skipped).as("lines hidden without reading").isPositive();
    assertThat(readsWith).as("OCR reads with spots against %s without", readsWithout)
        .isLessThan(readsWithout);
    System.out.printf("xclock, %d frames: %d OCR reads with spots, %d without, %d lines hidden"
        + " without reading%n", clock.size(), readsWith, readsWithout, skipped);
  }

  @Test
  void aCardNumberDrawnWhereTheHandsWereIsReadSoonAndNeverLegible() {
    AtomicLong ticker = new AtomicLong();
    try (Redactor r = redactor(ticker, true);
        TextLineFinder finder = new TextLineFinder();
        LineReader ocr = new LineReader(1, 1000)) {
      // The clock until a frame hides a line without reading it: that spot is known now.
      Redaction.Box spot = null;
      int frame = 0;
      for (; frame < clock.size() && spot == null; frame++) {
        ticker.addAndGet(SECOND);
        try (Mat m = clock.get(frame).clone()) {
          for (Redaction.Box b : r.redact(m, whole(), NO_DEADLINE, true).boxes()) {
            if (b.detector().equals(Redactor.UNREADABLE_AGAIN)) {
              spot = b;
            }
          }
        }
      }
      assertThat(spot).as("a line of the clock hidden without reading").isNotNull();
      try (Mat card = cardOver(clock.get(frame - 1), spot)) {
        RectList cardLines = new RectList(4);
        finder.find(card, 0, 0, SIZE, SIZE, cardLines);
        assertThat(cardLines.size()).as("the card's line").isEqualTo(1);
        int readAt = -1;
        for (int i = 1; i <= UnreadableSpots.REREAD_EVERY + 2; i++) {
          ticker.addAndGet(SECOND);
          try (Mat m = card.clone()) {
            Redaction red = r.redact(m, whole(), NO_DEADLINE, true);
            assertThat(read(m, finder, ocr).replace(" ", "")).as("frame %s", i)
                .doesNotContain("41111111").doesNotContain("11111111");
            if (red.boxes().stream().anyMatch(b -> b.category() == Category.PAYMENT_CARD)) {
              readAt = readAt < 0 ? i : readAt;
            } else {
              // Not read yet: hidden whole as a spot, never left as captured.
              assertThat(readAt).as("frame %s after the card was read at %s", i, readAt)
                  .isNegative();
              assertThat(red.boxes()).extracting(Redaction.Box::detector)
                  .containsExactly(Redactor.UNREADABLE_AGAIN);
            }
          }
        }
        assertThat(readAt).as("the frame the card was read at").isBetween(1,
            UnreadableSpots.REREAD_EVERY);
      }
    }
  }

  /** The clock's face blanked and a card number drawn in the middle of {@code spot}. */
  private static Mat cardOver(Mat clockFrame, Redaction.Box spot) {
    Mat out = clockFrame.clone();
    try (Rect face = new Rect(14, 14, 212, 212); Mat area = out.apply(face);
        Scalar white = new Scalar(255, 255, 255, 0)) {
      area.put(white);
    }
    try (Mat text = TextImages.render(200, 40, "DejaVu Sans Mono", 10, Color.BLACK, Color.WHITE,
            "4111 1111 1111 1111");
        TextLineFinder f = new TextLineFinder()) {
      RectList l = new RectList(2);
      f.find(text, 0, 0, text.cols(), text.rows(), l);
      assertThat(l.size()).isEqualTo(1);
      int x = Math.max(16, spot.x() + (spot.width() - l.width(0)) / 2);
      int y = spot.y() + (spot.height() - l.height(0)) / 2;
      try (Rect from = new Rect(l.x(0), l.y(0), l.width(0), l.height(0));
          Rect to = new Rect(x, y, l.width(0), l.height(0));
          Mat src = text.apply(from); Mat dst = out.apply(to)) {
        src.copyTo(dst);
      }
    }
    return out;
  }

  /** Everything OCR reads on {@code img}, one string. */
  private static String read(Mat img, TextLineFinder finder, LineReader ocr) {
    RectList lines = new RectList(16);
    finder.find(img, 0, 0, img.cols(), img.rows(), lines);
    OcrLine[] out = new OcrLine[lines.size()];
    ocr.read(img, lines, out, NO_DEADLINE);
    return String.join("\n", Arrays.stream(out).map(l -> l == null ? "" : l.text()).toList());
  }

  /** Whether {@code after} differs from {@code before} inside the box (blank boxes excepted). */
  private static boolean blurred(Mat before, Mat after, Redaction.Box box) {
    boolean ink = false;
    for (int y = box.y(); y < box.y() + box.height(); y++) {
      for (int x = box.x() * 3; x < (box.x() + box.width()) * 3; x++) {
        byte b = before.ptr(y, 0).get(x);
        if (b != before.ptr(box.y(), 0).get(box.x() * 3 + x % 3)) {
          ink = true;
        }
        if (b != after.ptr(y, 0).get(x)) {
          return true;
        }
      }
    }
    return !ink;
  }

  private static boolean covered(Redaction.Box box, List<Redaction.Box> by) {
    for (Redaction.Box b : by) {
      if (box.x() >= b.x() && box.y() >= b.y() && box.x() + box.width() <= b.x() + b.width()
          && box.y() + box.height() <= b.y() + b.height()) {
        return true;
      }
    }
    return false;
  }
}

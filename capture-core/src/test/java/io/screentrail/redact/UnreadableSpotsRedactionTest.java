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
 * Two real xclocks ({@code -update 1}) on Xvfb, grabbed once a second, redacted with real
 * Tesseract: each one's hands meet in a blob that OCR reads as nothing, again and again. With spots, later frames
 * hide that blob without reading it; everything hidden without spots is hidden with them; and a
 * card number drawn where the hands were is hidden unread until its spot's turn to be read
 * (within {@link UnreadableSpots#REREAD_EVERY} frames), then found, and never legible.
 */
class UnreadableSpotsRedactionTest {

  private static final int W = 440;
  private static final int H = 240;
  private static final int FRAMES = 20;
  private static final long SECOND = 1_000_000_000L;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final List<Mat> clock = new ArrayList<>();

  @BeforeAll
  static void grabTheClock() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xclock"), "needs Xvfb and xclock");
    try (XvfbServer x = XvfbServer.start(W, H)) {
      // Two sizes: their hands form other blobs, cut on other rows, at any time of day.
      x.client(0, "xclock", "-update", "1", "-geometry", "220x220+10+10");
      x.client(1500, "xclock", "-update", "1", "-geometry", "170x170+250+35");
      try (XShmScreenSource screen = XShmScreenSource.open(x.display(), -1);
          Mat bgrx = new Mat(H, W, opencv_core.CV_8UC4)) {
        java.nio.ByteBuffer into = bgrx.createBuffer();
        for (int i = 0; i < FRAMES; i++) {
          assertThat(screen.grab()).isZero();
          for (int y = 0; y < H; y++) {
            into.put(y * W * 4, screen.pixels(), y * screen.stride(), W * 4);
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
    r.add(0, 0, W, H);
    return r;
  }

  /**
   * A redactor whose reading of a line depends on the line's pixels only: no word cache, which
   * would put a line together from words that the other redactor, having skipped other lines,
   * does not hold, and so read it with another confidence.
   */
  private static Redactor redactor(AtomicLong ticker, boolean spots) {
    return new Redactor(RedactionMode.BLUR, 35, new LineReader(1, 1000, 0, OcrEngine::start),
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
    System.out.printf("two xclocks, %d frames: %d OCR reads with spots, %d without, %d lines hidden"
        + " without reading%n", clock.size(), readsWith, readsWithout, skipped);
  }

  @Test
  void aCardNumberDrawnWhereTheHandsWereIsHiddenUntilItsTurnThenReadAndNeverLegible() {
    AtomicLong ticker = new AtomicLong();
    UnreadableSpots spots = new UnreadableSpots(ticker::get);
    try (Redactor r = new Redactor(RedactionMode.BLUR, 35, new LineReader(1, 1000), spots);
        TextLineFinder finder = new TextLineFinder();
        LineReader ocr = new LineReader(1, 1000)) {
      // The clock until a card drawn over a line hidden without reading lies in a spot.
      Mat card = null;
      RectList cardLines = new RectList(4);
      for (int frame = 0; frame < clock.size() && card == null; frame++) {
        ticker.addAndGet(SECOND);
        try (Mat m = clock.get(frame).clone()) {
          for (Redaction.Box b : r.redact(m, whole(), NO_DEADLINE, true).boxes()) {
            if (card != null || !b.detector().equals(Redactor.UNREADABLE_AGAIN)) {
              continue;
            }
            card = cardOver(clock.get(frame), b);
            cardLines.clear();
            finder.find(card, 0, 0, W, H, cardLines);
            if (cardLines.size() != 1 || spots.meetingsUntilRead(cardLines.x(0), cardLines.y(0),
                cardLines.width(0), cardLines.height(0)) == 0) {
              card.close();
              card = null;
            }
          }
        }
      }
      assertThat(card).as("a card drawn over the clock's hidden line, in a spot").isNotNull();
      int turn = spots.meetingsUntilRead(cardLines.x(0), cardLines.y(0), cardLines.width(0),
          cardLines.height(0));
      System.out.printf("the card lies in a spot, to be read at meeting %d%n", turn);
      try (Mat drawn = card) {
        for (int i = 1; i <= UnreadableSpots.REREAD_EVERY + 2; i++) {
          // Time stands still here: the spot is left by its turn, not by its 20 s.
          ticker.incrementAndGet();
          try (Mat m = drawn.clone()) {
            Redaction red = r.redact(m, whole(), NO_DEADLINE, true);
            assertThat(read(m, finder, ocr).replace(" ", "")).as("frame %s", i)
                .doesNotContain("41111111").doesNotContain("11111111");
            if (i < turn) {
              assertThat(red.boxes()).as("frame %s of %s", i, turn)
                  .extracting(Redaction.Box::detector).containsExactly(Redactor.UNREADABLE_AGAIN);
              assertThat(red.ocrLines()).isZero();
            } else {
              // Read at its turn, found as a card, and the spot forgotten: read from then on.
              assertThat(red.boxes()).as("frame %s of %s", i, turn)
                  .anyMatch(b -> b.category() == Category.PAYMENT_CARD)
                  .noneMatch(b -> b.detector().equals(Redactor.UNREADABLE_AGAIN));
            }
          }
        }
      }
    }
  }

  /** The clocks' faces blanked and a card number drawn in the middle of {@code spot}. */
  private static Mat cardOver(Mat clockFrame, Redaction.Box spot) {
    Mat out = clockFrame.clone();
    try (Rect face = new Rect(14, 14, 212, 212); Mat area = out.apply(face);
        Rect face2 = new Rect(254, 39, 162, 162); Mat area2 = out.apply(face2);
        Scalar white = new Scalar(255, 255, 255, 0)) {
      area.put(white);
      area2.put(white);
    }
    try (Mat text = TextImages.render(200, 40, "DejaVu Sans Mono", 10, Color.BLACK, Color.WHITE,
            "4111111111111111");
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

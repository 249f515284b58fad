package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * A terminal line cut by the terminal's own redraw. An xterm taller than the screen scrolls by
 * copying its window up; the band whose source lay off the screen (Xvfb keeps no pixels there)
 * comes back as an expose, which xterm clears to the background before it draws the rows in it
 * again. A grab between the clear and the redraw shows the bottom line's upper rows above plain
 * background: a real state of the screen, legible to a person, which OCR read as other text with
 * confidence ({@code jane in |HeerRURY mane with esnd A177 1994 ...}), so no detector fired and
 * the leak probe found {@code jane.doe...@example.com} stored legible in a recording's first frame.
 *
 * <p>The test grabs a real xterm's screen and makes that state itself, painting the background
 * from a row inside the bottom whole line downward, as xterm's clear does, at each depth that
 * leaves the line from 5 to 9 of its 13 rows.
 */
class RedrawCutLineTest {

  /** The classic 6x13 bitmap font: lines 13 px apart, touching. */
  private static final int PITCH = 13;

  /** Dark pixels a hidden cut line may keep: the tops of lone stems in very narrow boxes. */
  private static final int MAX_STRAY_PIXELS = 4;

  /** Darker grey is a glyph's stroke: blurred text stays lighter. */
  private static final int DARK = 110;

  private static final String SCRIPT = "for i in $(seq 6001 6100); do echo \"user$i pays with card"
      + " 4111 1111 1111 1111 mail jane.doe$i@example.com ok\"; done; sleep 600";

  @Test
  void aLineCutByTheTerminalsRedrawIsHiddenWholeAndTheLinesAboveStayLegible() throws Exception {
    try (Terminal t = Terminal.start(SCRIPT);
        Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
      // The lowest line the frame's bottom edge does not cut: the one the clear cuts.
      int line = t.lowestWholeLine();
      int top = t.lines.y(line);
      int height = t.lines.height(line);
      List<String> leaks = new ArrayList<>();
      // From 5 rows (the top 4 rows of ink and the one above: no line to the finder, a sliver) to
      // 9 of 13; 4 rows join the line above and are read with it, 10 are read well enough.
      for (int cut = top + 5; cut <= top + height - 4; cut++) {
        try (Mat torn = t.screen.clone()) {
          clearFrom(torn, cut, t.background);
          redactor.forgetUnreadableSpots();
          Redaction r = redactor.redact(torn, whole(torn), deadline(), true);
          int strokes = darkPixels(torn, t.lines.x(line), top, t.lines.width(line), cut - top);
          // A lone stem's top (the k of `ok`) under its 2 px wide box stays dark in a pixel or
          // two: no glyph can be read from that. Unhidden, a cut line leaves hundreds.
          if (strokes > MAX_STRAY_PIXELS) {
            int from = top;
            leaks.add("cut at row " + (cut - top) + ": " + strokes + " dark pixels left, boxes "
                + r.boxes().stream().filter(b -> b.y() + b.height() > from).toList());
          }
          String above = readRows(torn, top - 3 * PITCH, 3 * PITCH);
          assertThat(above.split("pays with card", -1).length - 1)
              .as("whole lines above the cut at row %d keep their words: %s", cut - top, above)
              .isEqualTo(3);
        }
      }
      assertThat(leaks).as("cut lines left legible").isEmpty();
    }
  }

  /**
   * The same screen uncut: its bottom whole line is not hidden whole, and neither are whole lines
   * that are short by their letters (capitals without descenders, x-height letters only, x-height
   * letters with descenders) in the same run of lines.
   */
  @Test
  void wholeLinesShortByTheirLettersStayLegible() throws Exception {
    // 52 lines: the terminal has not scrolled, and the last ones are the screen's lowest. Each
    // short line has two lines with ascenders and descenders above it and two below.
    String script = "for i in $(seq 6001 6025); do echo \"user$i pays with card 4111 1111 1111"
        + " 1111 mail jane.doe$i@example.com ok\"; done; for i in 1 2 3; do"
        + " echo 'ERROR MAIN BUS DOWN AT NODE 4000 OK'; echo 'user6090 pays with card ok';"
        + " echo 'user6091 pays with card ok'; echo 'a man can run over six acres now';"
        + " echo 'user6092 pays with card ok'; echo 'user6093 pays with card ok';"
        + " echo 'query gap may pay any mop'; echo 'user6094 pays with card ok';"
        + " echo 'user6095 pays with card ok'; done;"
        + " sleep 600";
    try (Terminal t = Terminal.start(script);
        Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
      try (Mat frame = t.screen.clone()) {
        redactor.redact(frame, whole(frame), deadline(), true);
        String text = readRows(frame, 0, t.lines.y(t.lowestWholeLine()) + PITCH);
        // OCR reads this font's M as N and O as U now and then; the words around stay.
        assertThat(text).contains("BUS DOWN AT", "a man can run over", "query gap may");
        int bottom = t.lowestWholeLine();
        assertThat(readRows(frame, t.lines.y(bottom) - 1, t.lines.height(bottom) + 2))
            .as("the bottom whole line").contains("with card ok");
      }
    }
  }

  /** A real xterm in the 6x13 font, taller than the screen, and its settled screen's lines. */
  private static final class Terminal implements AutoCloseable {
    final XvfbServer x;
    final XShmScreenSource source;
    Mat screen;
    final RectList lines = new RectList(128);
    int background;

    private Terminal(XvfbServer x, XShmScreenSource source) {
      this.x = x;
      this.source = source;
    }

    static Terminal start(String script) throws Exception {
      assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
      XvfbServer x = XvfbServer.start(1000, 700);
      Terminal t = new Terminal(x, XShmScreenSource.open(x.display(), -1));
      try {
        // 200x80 cells, 1204x1044 px: the terminal reaches below the screen, as in the probe.
        x.client(2000, "xterm", "-fn", "6x13", "-geometry", "200x80+0+0", "-e", "bash",
            "--norc", "--noprofile", "-c", script);
        t.settle();
        return t;
      } catch (Exception | Error e) {
        t.close();
        throw e;
      }
    }

    /** Grabs until two grabs in a row are equal and the screen's lower rows hold text. */
    private void settle() throws Exception {
      long deadline = System.nanoTime() + 30_000_000_000L;
      Mat last = grab();
      while (true) {
        Thread.sleep(300);
        Mat now = grab();
        boolean same = equal(last, now);
        last.close();
        last = now;
        lines.clear();
        try (TextLineFinder f = new TextLineFinder()) {
          f.find(now, 0, 0, now.cols(), now.rows(), lines);
        }
        if (same && lowestWholeLine() >= 0 && lines.y(lowestWholeLine()) > now.rows() - 3 * PITCH) {
          break;
        }
        assertThat(System.nanoTime()).as("the terminal's text settles").isLessThan(deadline);
      }
      screen = last;
      // The background, far right of the screen where no line reaches.
      try (UByteIndexer px = screen.createIndexer()) {
        background = px.get(5, screen.cols() - 2, 0) | px.get(5, screen.cols() - 2, 1) << 8
            | px.get(5, screen.cols() - 2, 2) << 16;
      }
    }

    /** The lowest line starting at the screen's left whose box the frame's edge does not cut. */
    int lowestWholeLine() {
      int best = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.x(i) <= 4 && lines.y(i) + lines.height(i) < 700 - 2
            && (best < 0 || lines.y(i) > lines.y(best))) {
          best = i;
        }
      }
      return best;
    }

    private Mat grab() {
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      int w = source.geometry().width();
      int h = source.geometry().height();
      Mat bgr = new Mat();
      try (Mat bgrx = new Mat(h, w, CV_8UC4, new BytePointer(source.pixels()), source.stride())) {
        cvtColor(bgrx, bgr, COLOR_BGRA2BGR);
      }
      return bgr;
    }

    @Override
    public void close() {
      if (screen != null) {
        screen.close();
      }
      source.close();
      x.close();
    }
  }

  /**
   * Paints rows {@code y} down to the screen's bottom with the background, but for column 0 (the
   * window's border): what xterm's clear of an exposed band leaves until it draws the rows again.
   */
  private static void clearFrom(Mat bgr, int y, int background) {
    try (Mat band = bgr.apply(new Rect(1, y, bgr.cols() - 1, bgr.rows() - y));
        Scalar colour = new Scalar(background & 0xff, background >> 8 & 0xff,
            background >> 16 & 0xff, 0)) {
      band.put(colour);
    }
  }

  /** Pixels darker than {@link #DARK} in the rectangle: strokes of glyphs left unhidden. */
  private static int darkPixels(Mat bgr, int x, int y, int w, int h) {
    try (Mat area = bgr.apply(new Rect(x, y, w, h));
        Mat gray = new Mat();
        Mat dark = new Mat()) {
      cvtColor(area, gray, opencv_imgproc.COLOR_BGR2GRAY);
      opencv_imgproc.threshold(gray, dark, DARK, 255, opencv_imgproc.THRESH_BINARY_INV);
      return opencv_core.countNonZero(dark);
    }
  }

  /** What OCR reads in rows {@code y} to {@code y + h} of the frame, one line per text line. */
  private static String readRows(Mat bgr, int y, int h) {
    try (TextLineFinder finder = new TextLineFinder();
        LineReader ocr = new LineReader(1, 1000)) {
      RectList found = new RectList(16);
      finder.find(bgr, 0, y, bgr.cols(), h, found);
      OcrLine[] read = new OcrLine[found.size()];
      ocr.read(bgr, found, read, deadline());
      StringBuilder text = new StringBuilder();
      for (OcrLine l : read) {
        text.append(l == null ? "" : l.text()).append('\n');
      }
      return text.toString();
    }
  }

  private static RectList whole(Mat m) {
    RectList r = new RectList(1);
    r.add(0, 0, m.cols(), m.rows());
    return r;
  }

  private static long deadline() {
    return System.nanoTime() + 120_000_000_000L;
  }

  private static boolean equal(Mat a, Mat b) {
    try (Mat diff = new Mat(); Mat gray = new Mat()) {
      opencv_core.absdiff(a, b, diff);
      cvtColor(diff, gray, opencv_imgproc.COLOR_BGR2GRAY);
      return opencv_core.countNonZero(gray) == 0;
    }
  }
}

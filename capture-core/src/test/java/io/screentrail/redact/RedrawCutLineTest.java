package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** The screen's rows, as the probe's. */
  private static final int ROWS = 700;

  /** Dark pixels a hidden cut line may keep: the tops of lone stems in very narrow boxes. */
  private static final int MAX_STRAY_PIXELS = 4;

  /** Darker grey is a glyph's stroke: blurred text stays lighter. */
  private static final int DARK = 110;

  private static final String SCRIPT = "for i in $(seq 6001 6100); do echo \"user$i pays with card"
      + " 4111 1111 1111 1111 mail jane.doe$i@example.com ok\"; done; sleep 600";

  /**
   * In the probe's font, the classic 6x13 (lines 13 px apart, touching), and in DejaVu Sans Mono,
   * whose descent is a quarter of a line.
   */
  @ParameterizedTest
  @ValueSource(strings = {"6x13", "DejaVu Sans Mono:9"})
  void aLineCutByTheTerminalsRedrawIsHiddenWholeAndTheLinesAboveStayLegible(String font)
      throws Exception {
    try (Terminal t = Terminal.start(SCRIPT, font);
        Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
      // The lowest line the frame's bottom edge does not cut: the one the clear cuts.
      int line = t.lowestWholeLine();
      int top = t.lines.y(line);
      int height = t.lines.height(line);
      int pitch = t.pitch(line);
      Values v = t.values(line);
      List<String> leaks = new ArrayList<>();
      // From 5 rows (in 6x13 the top 4 rows of ink and the one above: no line to the finder, a
      // sliver) to 4 rows short; with 4 rows a 6x13 line joins the line above and is read with it.
      for (int cut = top + 5; cut <= top + height - 4; cut++) {
        try (Mat torn = t.screen.clone()) {
          clearFrom(torn, cut, t.background);
          redactor.forgetUnreadableSpots();
          Redaction r = redactor.redact(torn, whole(torn), deadline(), true);
          // The card and the address must be hidden; the words around them may stay (the line
          // cut least is read well enough for the detectors to find both values).
          int strokes = v.darkPixels(torn, top, cut - top);
          // A lone stem's top under its 2 px wide box stays dark in a pixel or two: no glyph
          // can be read from that. Unhidden, a value leaves a hundred or more.
          if (strokes > MAX_STRAY_PIXELS) {
            int from = top;
            leaks.add("cut at row " + (cut - top) + ": " + strokes + " dark pixels left in the"
                + " card's and the address's columns, boxes "
                + r.boxes().stream().filter(b -> b.y() + b.height() > from).toList());
          }
          String above = readRows(torn, top - 3 * pitch, 3 * pitch);
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
  @ParameterizedTest
  @ValueSource(strings = {"6x13:25", "DejaVu Sans Mono:9:18"})
  void wholeLinesShortByTheirLettersStayLegible(String fontAndLines) throws Exception {
    // The terminal has not scrolled, and the last lines are the screen's lowest: so many lines
    // first, then 27. Each short line has two lines with ascenders and descenders above it and
    // two below.
    int colon = fontAndLines.lastIndexOf(':');
    String font = fontAndLines.substring(0, colon);
    String script = "for i in $(seq 6001 " + (6000 + Integer.parseInt(fontAndLines.substring(
        colon + 1))) + "); do echo \"user$i pays with card 4111 1111 1111"
        + " 1111 mail jane.doe$i@example.com ok\"; done; for i in 1 2 3; do"
        + " echo 'ERROR MAIN BUS DOWN AT NODE 4000 OK'; echo 'user6090 pays with card ok';"
        + " echo 'user6091 pays with card ok'; echo 'a man can run over six acres now';"
        + " echo 'user6092 pays with card ok'; echo 'user6093 pays with card ok';"
        + " echo 'query gap may pay any mop'; echo 'user6094 pays with card ok';"
        + " echo 'user6095 pays with card ok'; done;"
        + " sleep 600";
    try (Terminal t = Terminal.start(script, font);
        Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
      try (Mat frame = t.screen.clone()) {
        Redaction r = redactor.redact(frame, whole(frame), deadline(), true);
        int bottom = t.lowestWholeLine();
        String text = readRows(frame, 0, t.lines.y(bottom) + t.lines.height(bottom) + 1);
        // OCR reads this font's M as N and O as U now and then; the words around stay.
        assertThat(text).contains("BUS DOWN AT", "a man can run over", "query gap may");
        int y = t.lines.y(bottom);
        assertThat(r.boxes()).as("boxes on the bottom whole line, at %d", y)
            .noneMatch(b -> b.y() <= y && b.y() + b.height() > y);
      }
    }
  }

  /**
   * Slivers and cut lines whose neighbours hold no value: in the test above every line shows a
   * card and an address in the same columns, so the neighbours' own value boxes hid part of a
   * sliver. Here every other line is ordinary words. A cut leaving 3 or 4 rows of a 6x13 line
   * (4 of DejaVu Sans Mono) joins the whole line above in the finder, and the mirror image, a
   * line's lower rows left above the next line, joins that one: the joined line was read and
   * nothing in it was a value, so the sliver's digit tops (bottoms) stayed, 35 to 261 dark
   * pixels in the values' columns. Rows 1 and 2 of a cut leave no stroke in those columns (6x13:
   * none; DejaVu: up to 5 stray pixels at 3 rows, none legible at 300%), so the cuts start at 3
   * (4) rows. Cut above, the cuts stop at 7 (9) rows: deeper ones beside ordinary words are not
   * covered yet (their neighbours' x-height tops are no body rows).
   *
   * @param fontAndCuts the font, then the rows left by the shallowest and the deepest cut below,
   *     and by the shallowest and the deepest cut above
   */
  @ParameterizedTest
  @ValueSource(strings = {"6x13:3:9:3:7", "DejaVu Sans Mono:9:4:11:4:9"})
  void sliversAndCutLinesBesideLinesWithoutValuesAreHidden(String fontAndCuts) throws Exception {
    String[] parts = fontAndCuts.split(":");
    int k = parts.length - 4;
    String font = String.join(":", java.util.Arrays.copyOf(parts, k));
    int belowFrom = Integer.parseInt(parts[k]);
    int belowTo = Integer.parseInt(parts[k + 1]);
    int aboveFrom = Integer.parseInt(parts[k + 2]);
    int aboveTo = Integer.parseInt(parts[k + 3]);
    String script = "for i in $(seq 6001 6050); do echo \"the build of every module passed all"
        + " of its checks in due time, nothing new\"; echo \"user$i pays with card"
        + " 4111 1111 1111 1111 mail jane.doe$i@example.com ok\"; done; sleep 600";
    try (Terminal t = Terminal.start(script, font);
        Redactor redactor = new Redactor(RedactionMode.BLUR, 35, 1, 10_000)) {
      int line = t.lowestWholeLine();
      int pitch = t.pitch(line);
      int height = t.lines.height(line);
      // The lowest whole line with values: the lowest whole line or the one above it.
      int top = t.lines.y(line);
      if (!readRows(t.screen, top, height).contains("pays")) {
        top -= pitch;
      }
      Values v = t.values(line);
      List<String> leaks = new ArrayList<>();
      for (int left = belowFrom; left <= belowTo; left++) {
        try (Mat torn = t.screen.clone()) {
          clearFrom(torn, top + left, t.background);
          redactor.forgetUnreadableSpots();
          redactor.redact(torn, whole(torn), deadline(), true);
          int strokes = v.darkPixels(torn, top, left);
          if (strokes > MAX_STRAY_PIXELS) {
            leaks.add("upper " + left + " rows: " + strokes + " dark pixels");
          }
        }
      }
      // Cut above: the values' line two lines up keeps its lower rows; the clear reaches from
      // the line above it, and the line of words under it stays whole.
      int valuesTop = top - 2 * pitch;
      for (int left = aboveFrom; left <= aboveTo; left++) {
        int cut = valuesTop + height - left;
        try (Mat torn = t.screen.clone()) {
          clearBand(torn, valuesTop - pitch, cut, t.background);
          redactor.forgetUnreadableSpots();
          redactor.redact(torn, whole(torn), deadline(), true);
          int strokes = v.darkPixels(torn, cut, left);
          if (strokes > MAX_STRAY_PIXELS) {
            leaks.add("lower " + left + " rows: " + strokes + " dark pixels");
          }
          String words = readRows(torn, valuesTop + pitch, pitch);
          assertThat(words).as("the line of words under the cut at %d rows", left)
              .contains("build of every");
        }
      }
      assertThat(leaks).as("slivers and cut lines left legible").isEmpty();
    }
  }

  /** Paints rows {@code y0} to {@code y1} with the background, but for column 0. */
  private static void clearBand(Mat bgr, int y0, int y1, int background) {
    try (Mat band = bgr.apply(new Rect(1, y0, bgr.cols() - 1, y1 - y0));
        Scalar colour = new Scalar(background & 0xff, background >> 8 & 0xff,
            background >> 16 & 0xff, 0)) {
      band.put(colour);
    }
  }

  /** Where a line's card and address lie: their first columns and widths. */
  private record Values(int cardX, int cardW, int mailX, int mailW) {
    /** Dark pixels left in the card's and the address's columns, rows y to y + rows - 1. */
    int darkPixels(Mat bgr, int y, int rows) {
      return RedrawCutLineTest.darkPixels(bgr, cardX, y, cardW, rows)
          + RedrawCutLineTest.darkPixels(bgr, mailX, y, mailW, rows);
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

    /** Starts an xterm with {@code font}: a bitmap font, or {@code family:points}. */
    static Terminal start(String script, String font) throws Exception {
      assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
      XvfbServer x = XvfbServer.start(1000, ROWS);
      Terminal t = new Terminal(x, XShmScreenSource.open(x.display(), -1));
      try {
        // 200x80 cells, 1204x1044 px: the terminal reaches below the screen, as in the probe.
        int colon = font.indexOf(':');
        List<String> xterm = new ArrayList<>(List.of("xterm"));
        xterm.addAll(colon < 0 ? List.of("-fn", font)
            : List.of("-fa", font.substring(0, colon), "-fs", font.substring(colon + 1)));
        xterm.addAll(List.of("-geometry", "200x80+0+0", "-e", "bash", "--norc", "--noprofile",
            "-c", script));
        x.client(2000, xterm.toArray(String[]::new));
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
        if (same && lowestWholeLine() >= 0 && lines.y(lowestWholeLine()) > now.rows() - 60) {
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

    /**
     * The card's and the address's columns in line {@code i}'s row: the line is 77 cells of a
     * monospace font (the finder may give it as several pieces, split at wider gaps).
     */
    Values values(int i) {
      double cell = (rowRight(i) - lines.x(i) + 2) / 77.0;
      return new Values(lines.x(i) + (int) (24 * cell), (int) (19 * cell),
          lines.x(i) + (int) (49 * cell), (int) (24 * cell));
    }

    /** The distance from the top of the line above line {@code i} to its own top. */
    int pitch(int i) {
      int above = -1;
      for (int k = 0; k < lines.size(); k++) {
        if (lines.x(k) <= 4 && lines.y(k) < lines.y(i)
            && (above < 0 || lines.y(k) > lines.y(above))) {
          above = k;
        }
      }
      return lines.y(i) - lines.y(above);
    }

    /** The right edge of the rightmost piece of line {@code i}'s row. */
    int rowRight(int i) {
      int right = 0;
      for (int k = 0; k < lines.size(); k++) {
        if (Math.abs(lines.y(k) - lines.y(i)) <= 3) {
          right = Math.max(right, lines.x(k) + lines.width(k));
        }
      }
      return right;
    }

    /** The lowest text line at the screen's left whose box the frame's edge does not cut. */
    int lowestWholeLine() {
      int best = -1;
      for (int i = 0; i < lines.size(); i++) {
        // Wider than the block cursor, which waits at the start of the row below the text.
        if (lines.x(i) <= 4 && lines.width(i) > 60 && lines.y(i) + lines.height(i) < ROWS - 2
            && (best < 0 || lines.y(i) > lines.y(best))) {
          best = i;
        }
      }
      return best;
    }

    private Mat grab() {
      return TextLineFinderTest.grab(source);
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

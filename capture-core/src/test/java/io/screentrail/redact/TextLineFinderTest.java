package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.screentrail.internal.RectList;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Line finding on a real terminal under Xvfb. */
class TextLineFinderTest {

  private static final int ROWS = 30;

  /** The classic 6x13 bitmap font has no leading: its lines touch once glyphs are joined. */
  private static final int FONT_HEIGHT = 13;

  @Test
  void touchingLinesOfABitmapTerminalFontAreFoundOneByOne() throws IOException {
    try (XvfbServer server = XvfbServer.start(800, 600);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      server.client(1500, "xterm", "-fn", "6x13", "-geometry", "100x" + (ROWS + 6) + "+0+0",
          "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
          "for i in $(seq 10 " + (9 + ROWS) + "); do echo \"row $i alpha bravo, charlie: delta"
              + " (echo) $i gjpqy\"; done; printf 'end of rows\\n\\n\\n'; sleep 600");
      try (Mat screen = awaitRows(source, server)) {
        RectList lines = new RectList(64);
        try (TextLineFinder finder = new TextLineFinder()) {
          // The cursor waits three rows lower, outside: a block cursor fills its cell and
          // touches the row above, and those two rows are then one blob read as one line.
          finder.find(screen, 0, 0, 600, (ROWS + 2) * FONT_HEIGHT, lines);
        }
        List<Integer> heights = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          heights.add(lines.height(i));
        }
        assertThat(lines.size()).as("lines found").isGreaterThanOrEqualTo(ROWS);
        assertThat(heights).as("line heights").allSatisfy(h -> assertThat(h).isLessThanOrEqualTo(
            FONT_HEIGHT + 1));

        OcrLine[] read = new OcrLine[lines.size()];
        try (LineReader reader = new LineReader(1, 0)) {
          reader.read(screen, lines, read, System.nanoTime() + 60_000_000_000L);
        }
        StringBuilder all = new StringBuilder();
        for (OcrLine l : read) {
          all.append(l == null ? "" : l.text()).append('\n');
        }
        assertThat(all.toString()).contains("row 10 alpha", "row 25 alpha", "charlie", "end of rows");
      }
    }
  }

  /**
   * A terminal printing build output scrolls every line up by one row. Its rows touch (glyphs
   * such as {@code [ ( | _} fill the whole 13 px cell), and they used to be cut where the ink was
   * faintest, which moved with the neighbours' text: a line that only moved came out as a new
   * crop and missed the OCR cache. Cut on the line pitch, each moved line keeps its crop.
   */
  @Test
  void aLineThatScrolledKeepsItsCropWhateverItsNeighbours() throws IOException {
    int rows = 20;
    try (XvfbServer server = XvfbServer.start(800, 600);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      java.nio.file.Path go = java.nio.file.Files.createTempFile("scroll", ".go");
      java.nio.file.Files.delete(go);
      // rows + 4 lines into a terminal of rows + 1: it scrolls; then one more once told to.
      server.client(1500, "xterm", "-fn", "6x13", "-geometry", "100x" + (rows + 1) + "+0+0",
          "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
          "line() { printf '[INFO] (%s) row %d | gpq_%d [%s] Compiling {%d}\\n' \"$2\" \"$1\""
              + " $(( $1 * 7 )) \"$3\" $(( $1 % 5 )); };"
              + " for i in $(seq 1 " + (rows + 4) + "); do line $i alpha$i x$((i % 3)); done;"
              + " while [ ! -e " + go + " ]; do sleep 0.1; done;"
              + " line 99 omega q; sleep 600");
      try (Mat before = awaitText(source, server, null)) {
        java.nio.file.Files.createFile(go);
        try (Mat after = awaitText(source, server, before)) {
          RectList linesBefore = new RectList(64);
          RectList linesAfter = new RectList(64);
          try (TextLineFinder finder = new TextLineFinder()) {
            finder.find(before, 0, 0, 610, (rows + 1) * FONT_HEIGHT + 4, linesBefore);
            finder.find(after, 0, 0, 610, (rows + 1) * FONT_HEIGHT + 4, linesAfter);
          }
          java.util.Set<java.nio.ByteBuffer> cropsBefore = new java.util.HashSet<>();
          for (int i = 0; i < linesBefore.size(); i++) {
            cropsBefore.add(crop(before, linesBefore, i));
          }
          List<String> newCrops = new ArrayList<>();
          for (int i = 0; i < linesAfter.size(); i++) {
            if (!cropsBefore.contains(crop(after, linesAfter, i))) {
              newCrops.add(linesAfter.x(i) + "," + linesAfter.y(i) + " " + linesAfter.width(i)
                  + "x" + linesAfter.height(i));
            }
          }
          assertThat(linesAfter.size()).as("lines found").isGreaterThanOrEqualTo(rows - 1);
          // The new line, and the cursor's row below it: every other line only moved.
          assertThat(newCrops).as("lines whose crop is new after a one-row scroll").hasSizeLessThanOrEqualTo(2);
        }
      } finally {
        java.nio.file.Files.deleteIfExists(go);
      }
    }
  }

  /**
   * Build output whose row profile repeats better every two rows (26 px) than every row: the
   * pitch was taken as 26, and the terminal was cut into two-row lines that OCR cannot read (they
   * were hidden as unreadable, stored again once read, and read at twice the cost). Every line
   * must be one row.
   */
  @Test
  void buildOutputIsCutIntoSingleRowsNotPairs() throws IOException {
    int rows = 40;
    try (XvfbServer server = XvfbServer.start(800, 620);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      // The end-to-end benchmark's build output, seeded: the same lines every run.
      server.client(1500, "xterm", "-fn", "6x13", "-geometry", "120x" + (rows + 3) + "+0+0",
          "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
          "RANDOM=7; v=(Compiling Running Testing Linking); for n in $(seq 1 " + rows + ");"
              + " do case $((n % 9)) in"
              + " 0) printf '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile)"
              + " @ mod%d ---\\n' $((RANDOM % 8)) ;;"
              + " 1) printf '[INFO] Tests run: %d, Failures: 0, Errors: 0, Skipped: %d, Time"
              + " elapsed: %d.%03d s - in io.screentrail.p%d.StageTest\\n' $((RANDOM % 40 + 1))"
              + " $((RANDOM % 3)) $((RANDOM % 9)) $((RANDOM % 1000)) $((RANDOM % 11)) ;;"
              + " 2) printf '  CC       src/p%d/mod_%04x.o\\n' $((RANDOM % 11)) $RANDOM ;;"
              + " 5) printf '[WARNING] mod/src/main/java/io/screentrail/p%d/Item%d.java:[%d,%d]"
              + " unchecked call\\n' $((RANDOM % 11)) $((RANDOM % 90)) $((RANDOM % 400))"
              + " $((RANDOM % 80)) ;;"
              + " *) printf '[INFO] %s %d source files to mod%d/target/classes (p%d) %d%%\\n'"
              + " ${v[RANDOM % 4]} $((RANDOM % 120 + 1)) $((RANDOM % 8)) $((RANDOM % 11))"
              + " $((n % 101)) ;; esac; done; printf '\\n\\n'; sleep 600");
      try (Mat screen = awaitRows(source, server, rows - 1)) {
        RectList lines = new RectList(64);
        try (TextLineFinder finder = new TextLineFinder()) {
          finder.find(screen, 0, 0, 730, rows * FONT_HEIGHT + 2, lines);
        }
        List<String> tall = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          if (lines.height(i) > FONT_HEIGHT + 1) {
            tall.add(lines.y(i) + ": " + lines.width(i) + "x" + lines.height(i));
          }
        }
        assertThat(tall).as("lines taller than one row").isEmpty();
        assertThat(lines.size()).as("lines found").isGreaterThanOrEqualTo(rows);
      }
    }
  }

  /** The rectangle's pixels, comparable by content. */
  private static java.nio.ByteBuffer crop(Mat m, RectList r, int i) {
    int w = r.width(i) * 3;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + w * r.height(i));
    b.putInt(r.width(i)).putInt(r.height(i));
    byte[] row = new byte[w];
    for (int y = r.y(i); y < r.y(i) + r.height(i); y++) {
      m.ptr(y, r.x(i)).get(row);
      b.put(row);
    }
    return b.flip();
  }

  /**
   * The screen once the terminal shows text and, if {@code previous} is given, differs from it,
   * as a BGR Mat.
   */
  private static Mat awaitText(XShmScreenSource source, XvfbServer server, Mat previous)
      throws IOException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Mat bgr = grab(source);
      boolean changed = previous == null || differs(bgr, previous);
      if ((hasInk(bgr, 2 + 19 * FONT_HEIGHT, FONT_HEIGHT) && changed)
          || System.nanoTime() > deadline) {
        // A moment more so a redraw in progress completes, then the settled screen.
        bgr.close();
        XvfbServer.sleep(300);
        return grab(source);
      }
      bgr.close();
      XvfbServer.sleep(100);
    }
  }

  /** The screen {@code source} grabs now, as a BGR Mat. */
  static Mat grab(XShmScreenSource source) {
    assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
    int w = source.geometry().width();
    int h = source.geometry().height();
    Mat bgr = new Mat();
    try (Mat bgrx = new Mat(h, w, CV_8UC4, new BytePointer(source.pixels()), source.stride())) {
      cvtColor(bgrx, bgr, COLOR_BGRA2BGR);
    }
    return bgr;
  }

  private static boolean differs(Mat a, Mat b) {
    try (Mat diff = new Mat()) {
      org.bytedeco.opencv.global.opencv_core.absdiff(a, b, diff);
      try (Mat grey = new Mat()) {
        cvtColor(diff, grey, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY);
        return org.bytedeco.opencv.global.opencv_core.countNonZero(grey) > 0;
      }
    }
  }

  /** The screen once the terminal's last row is drawn, as a BGR Mat. */
  private static Mat awaitRows(XShmScreenSource source, XvfbServer server) throws IOException {
    return awaitRows(source, server, ROWS);
  }

  /** The screen once the terminal's row {@code rows} (from 0) is drawn, as a BGR Mat. */
  private static Mat awaitRows(XShmScreenSource source, XvfbServer server, int rows)
      throws IOException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Mat bgr = grab(source);
      // The last printed row has ink where its text is.
      int lastRowY = 2 + rows * FONT_HEIGHT;
      if (hasInk(bgr, lastRowY, FONT_HEIGHT) || System.nanoTime() > deadline) {
        return bgr;
      }
      bgr.close();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + server.display(), e);
      }
    }
  }

  private static boolean hasInk(Mat bgr, int y, int h) {
    org.bytedeco.javacpp.indexer.UByteIndexer px = bgr.createIndexer();
    try {
      for (int r = y; r < y + h; r++) {
        for (int c = 0; c < 200; c++) {
          if (px.get(r, c, 0) < 100) {
            return true;
          }
        }
      }
      return false;
    } finally {
      px.close();
    }
  }

  /**
   * The rule openings look only at rows and columns that can hold a rule: on real screens, in
   * whole frames and in bands, and on rules of every length around the threshold at every edge
   * of a region, the edges left and the lines found are exactly those of opening everything.
   */
  @Test
  void rulesOpenedWhereTheyCanBeGiveTheWholeOpeningsResult() throws IOException {
    List<Mat> screens = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(
        java.nio.file.Path.of("src/test/resources/redaction-corpus"))) {
      for (java.nio.file.Path png : files.filter(f -> f.toString().endsWith(".png")).sorted()
          .toList()) {
        screens.add(org.bytedeco.opencv.global.opencv_imgcodecs.imread(png.toString()));
      }
    }
    assertThat(screens).hasSizeGreaterThanOrEqualTo(12);
    screens.add(ruledImage());
    java.util.Random random = new java.util.Random(7);
    int regions = 0;
    try (TextLineFinder fast = new TextLineFinder(); TextLineFinder whole = new TextLineFinder(false)) {
      for (Mat screen : screens) {
        List<int[]> areas = new ArrayList<>();
        areas.add(new int[] {0, 0, screen.cols(), screen.rows()});
        for (int k = 0; k < 6; k++) {
          int y = random.nextInt(screen.rows() - 90);
          int x = k < 3 ? 0 : random.nextInt(screen.cols() / 3);
          int w = k < 3 ? screen.cols() : 81 + random.nextInt(screen.cols() - x - 81);
          areas.add(new int[] {x, y, w, 81 + random.nextInt(screen.rows() - y - 81)});
        }
        for (int[] a : areas) {
          RectList fastLines = new RectList(64);
          RectList wholeLines = new RectList(64);
          fast.find(screen, a[0], a[1], a[2], a[3], fastLines);
          whole.find(screen, a[0], a[1], a[2], a[3], wholeLines);
          assertThat(fast.edgesWithoutRules()).as("edges of %s", java.util.Arrays.toString(a))
              .isEqualTo(whole.edgesWithoutRules());
          assertThat(rects(fastLines)).isEqualTo(rects(wholeLines));
          regions++;
        }
      }
    } finally {
      screens.forEach(Mat::close);
    }
    assertThat(regions).isGreaterThan(80);
  }

  /**
   * Rules 12 to 45 px long, horizontal and vertical, touching each edge of the image and inside
   * it, at every offset from the 8-byte words the finder scans, with text-like strokes beside.
   */
  private static Mat ruledImage() {
    int w = 700;
    int h = 500;
    Mat img = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
        new org.bytedeco.opencv.opencv_core.Scalar(255, 255, 255, 0));
    java.nio.ByteBuffer px = img.data().capacity((long) w * h * 3).asByteBuffer();
    java.util.Random random = new java.util.Random(11);
    int n = 0;
    for (int len = 12; len <= 45; len++) {
      int offset = n++ % 9;
      int thick = 1 + len % 3;
      // Horizontal: at the left edge, the right edge, and inside.
      fill(px, w, 0, 10 + len * 4, len, thick);
      fill(px, w, w - len, 14 + len * 4, len, thick);
      fill(px, w, 60 + offset + (len % 5) * 50, 200 + len * 3, len, thick);
      // Vertical: at the top edge, the bottom edge, and inside.
      fill(px, w, 300 + len * 8, 0, thick, len);
      fill(px, w, 304 + len * 8, h - len, thick, len);
      fill(px, w, 300 + len * 8 + offset, 150 + (len % 4) * 40, thick, len);
    }
    for (int k = 0; k < 400; k++) {
      fill(px, w, random.nextInt(w - 8), random.nextInt(h - 12), 1 + random.nextInt(6),
          1 + random.nextInt(10));
    }
    return img;
  }

  private static void fill(java.nio.ByteBuffer px, int w, int x, int y, int fw, int fh) {
    for (int r = y; r < y + fh; r++) {
      for (int c = x; c < x + fw; c++) {
        int at = (r * w + c) * 3;
        px.put(at, (byte) 20).put(at + 1, (byte) 20).put(at + 2, (byte) 20);
      }
    }
  }

  private static List<String> rects(RectList r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      out.add(r.x(i) + "," + r.y(i) + "," + r.width(i) + "," + r.height(i));
    }
    return out;
  }
}

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

  /** The screen once the terminal's last row is drawn, as a BGR Mat. */
  private static Mat awaitRows(XShmScreenSource source, XvfbServer server) throws IOException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      int w = source.geometry().width();
      int h = source.geometry().height();
      Mat bgr = new Mat();
      try (Mat bgrx = new Mat(h, w, CV_8UC4, new BytePointer(source.pixels()), source.stride())) {
        cvtColor(bgrx, bgr, COLOR_BGRA2BGR);
      }
      // The last printed row has ink where its text is.
      int lastRowY = 2 + ROWS * FONT_HEIGHT;
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
}

package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.RectList;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Lines of one {@link LineReader#read} call with the same pixels as a line read before them in
 * the same call (a closing brace, a prompt, a rule on a first screen of code) take that line's
 * result, placed at their own position, instead of a Tesseract read of their own.
 */
class RepeatedLinesTest {

  private static final String MONO = "DejaVu Sans Mono";

  private static Mat screen() {
    // Monospace, so the indented copies have exactly the first one's pixels.
    return TextImages.render(600, 200, MONO, 12, Color.BLACK, Color.WHITE,
        "done", "alpha beta gamma", "    done", "        done");
  }

  private static RectList lines(Mat img) {
    RectList lines = new RectList(8);
    try (TextLineFinder f = new TextLineFinder()) {
      f.find(img, 0, 0, img.cols(), img.rows(), lines);
    }
    assertThat(lines.size()).as("lines found").isEqualTo(4);
    return lines;
  }

  @Test
  void aRepeatedLineIsReadOnceAndPlacedAtEachOfItsPositions() {
    try (Mat img = screen();
        LineReader reader = new LineReader(1, 100, 0, OcrEngine::start)) {
      RectList lines = lines(img);
      OcrLine[] out = new OcrLine[4];
      LineReader.Counts c = reader.read(img, lines, out, System.nanoTime() + 60_000_000_000L);
      assertThat(c.ocrCalls).as("two distinct lines read").isEqualTo(2);
      assertThat(c.cacheHits).as("the two copies").isEqualTo(2);
      int widest = 0;
      for (int i = 1; i < 4; i++) {
        widest = lines.width(i) > lines.width(widest) ? i : widest;
      }
      assertThat(out[widest].text()).isEqualTo("alpha beta gamma");
      for (int i = 0; i < 4; i++) {
        if (i == widest) {
          continue;
        }
        assertThat(out[i].text()).isEqualTo("done");
        assertThat(out[i].words()).isEqualTo(1);
        // The word's box is where this line's ink is, not where the first copy's is.
        assertThat(out[i].wordX(0)).isBetween(lines.x(i) - 2, lines.x(i));
        assertThat(out[i].wordX(0) + out[i].wordWidth(0))
            .isBetween(lines.x(i) + lines.width(i), lines.x(i) + lines.width(i) + 2);
        assertThat(out[i].wordY(0)).isBetween(lines.y(i) - 2, lines.y(i));
      }
    }
  }

  @Test
  void whenTheFirstReadFailsItsCopiesAreUnreadToo() {
    AtomicInteger reads = new AtomicInteger();
    LineOcr failing = new LineOcr() {
      @Override
      public OcrLine read(ByteBuffer gray, int width, int height, int stride) {
        reads.incrementAndGet();
        throw new IllegalStateException("engine failed");
      }

      @Override
      public void close() {}
    };
    try (Mat img = screen();
        LineReader reader = new LineReader(1, 100, 0, () -> failing)) {
      RectList lines = lines(img);
      OcrLine[] out = new OcrLine[4];
      // A caller's array still holding an earlier frame's lines: none may survive as read.
      java.util.Arrays.fill(out, OcrLine.EMPTY);
      LineReader.Counts c = reader.read(img, lines, out, System.nanoTime() + 60_000_000_000L);
      assertThat(reads.get()).isEqualTo(2);
      assertThat(c.unread).as("every line, copies included").isEqualTo(4);
      assertThat(c.cacheHits).isZero();
      assertThat(out).containsOnlyNulls();
      assertThat(c.error).isInstanceOf(IllegalStateException.class);
    }
  }
}

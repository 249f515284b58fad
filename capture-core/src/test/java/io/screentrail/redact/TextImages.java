package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Renders lines of text into a BGR Mat, for OCR unit tests (the corpus tests use real apps). */
final class TextImages {

  private TextImages() {}

  /** Everything our own OCR can still read on the image, one line of text a line found. */
  static String readAll(Mat img) {
    try (TextLineFinder f = new TextLineFinder();
        LineReader reader = new LineReader(1, 0)) {
      RectList lines = new RectList(16);
      f.find(img, 0, 0, img.cols(), img.rows(), lines);
      OcrLine[] out = new OcrLine[lines.size()];
      reader.read(img, lines, out, System.nanoTime() + 30_000_000_000L);
      return String.join("\n", Arrays.stream(out).map(l -> l == null ? "" : l.text()).toList());
    }
  }

  /** {@code lines} drawn top-down in {@code font} at {@code size} px, {@code fg} on {@code bg}. */
  static Mat render(int width, int height, String font, int size, Color fg, Color bg,
      String... lines) {
    return draw(width, height, bg, g -> {
      g.setColor(fg);
      g.setFont(new Font(font, Font.PLAIN, size));
      int y = size + 10;
      for (String line : lines) {
        g.drawString(line, 20, y);
        y += (int) (size * 1.8);
      }
    });
  }

  /** A {@code width} x {@code height} image of colour {@code bg}, drawn on by {@code painter}. */
  static Mat draw(int width, int height, Color bg, Consumer<Graphics2D> painter) {
    try {
      // Java2D connects to the JVM's DISPLAY once; make sure the test display is up first.
      io.screentrail.testing.XvfbServer.shared();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(bg);
    g.fillRect(0, 0, width, height);
    painter.accept(g);
    g.dispose();
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    Mat m = new Mat(height, width, CV_8UC3);
    m.data().put(data, 0, data.length);
    return m;
  }

  /** Redacts the whole of {@code img} in place with {@code r}, allowing 30 s. */
  static Redaction redactWhole(Redactor r, Mat img) {
    RectList whole = new RectList(1);
    whole.add(0, 0, img.cols(), img.rows());
    return r.redact(img, whole, System.nanoTime() + 30_000_000_000L, true);
  }

  /**
   * Redacts {@code img} in place on a new redactor (blur, confidence 35) and returns what our
   * own OCR still reads on it ({@link #readAll}); a redaction that is not "ok" fails the test.
   */
  static String redactAndReadAll(Mat img) {
    try (Redactor r = new Redactor(RedactionMode.BLUR, 35, 1, 100)) {
      String status = redactWhole(r, img).status();
      if (!"ok".equals(status)) {
        throw new AssertionError("redaction status " + status);
      }
    }
    return readAll(img);
  }
}

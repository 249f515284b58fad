package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_GRADIENT;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import io.screentrail.internal.RectList;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds text lines with OpenCV: the morphological gradient of the grey image marks glyph edges
 * (light text on dark and dark on light alike), a threshold keeps strong edges, long straight
 * rules (borders, table lines) are taken out, a wide flat closing joins the glyphs of a line into
 * one blob, and each blob's bounding box is a line.
 * Gaps wider than the closing (table columns, separate fields) keep lines apart, so each cell is
 * read on its own.
 *
 * <p>Not thread-safe: one thread owns an instance and its scratch Mats.
 */
public final class TextLineFinder implements AutoCloseable {

  /**
   * Glyphs closer than this join into one line: wider than a space in monospace terminal fonts,
   * narrower than the gutter between table columns.
   */
  private static final int JOIN_WIDTH = 13;

  /** Lines shorter than this are noise (rules, borders, dots). */
  private static final int MIN_HEIGHT = 6;

  /**
   * Straight edges at least this long are window borders, table rules and separators, not glyph
   * strokes: they are removed first, or one border would join everything inside it into a blob.
   */
  private static final int RULE_LENGTH = 40;

  /** Taller blobs are pictures or merged paragraphs; they are split into bands of this height. */
  private static final int MAX_HEIGHT = 64;

  private final Mat gray = new Mat();
  private final Mat gradient = new Mat();
  private final Mat edges = new Mat();
  private final Mat joined = new Mat();
  private final Mat rules = new Mat();
  private final Mat ruleScratch = new Mat();
  private final Mat horizontalRule = getStructuringElement(MORPH_RECT, new Size(RULE_LENGTH, 1));
  private final Mat verticalRule = getStructuringElement(MORPH_RECT, new Size(1, RULE_LENGTH));
  private final Mat gradientKernel = getStructuringElement(MORPH_RECT, new Size(2, 2));
  private final Mat joinKernel = getStructuringElement(MORPH_RECT, new Size(JOIN_WIDTH, 3));
  private final Rect roi = new Rect();

  /**
   * Adds to {@code out} the lines found inside rectangle ({@code x}, {@code y}, {@code w}, {@code
   * h}) of {@code bgr}, in frame coordinates.
   */
  public void find(Mat bgr, int x, int y, int w, int h, RectList out) {
    if (w < 4 || h < MIN_HEIGHT) {
      return;
    }
    roi.x(x).y(y).width(w).height(h);
    try (Mat region = bgr.apply(roi)) {
      cvtColor(region, gray, COLOR_BGR2GRAY);
    }
    morphologyEx(gray, gradient, MORPH_GRADIENT, gradientKernel);
    double otsu = threshold(gradient, edges, 0, 255, THRESH_BINARY | THRESH_OTSU);
    if (otsu < 40) {
      // A nearly flat region: Otsu would split noise; keep only clear edges.
      threshold(gradient, edges, 40, 255, THRESH_BINARY);
    }
    morphologyEx(edges, rules, MORPH_OPEN, horizontalRule);
    morphologyEx(edges, ruleScratch, MORPH_OPEN, verticalRule);
    bitwise_or(rules, ruleScratch, rules);
    subtract(edges, rules, edges);
    morphologyEx(edges, joined, MORPH_CLOSE, joinKernel);
    try (MatVector contours = new MatVector()) {
      findContours(joined, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
      for (long i = 0; i < contours.size(); i++) {
        try (Mat c = contours.get(i);
            Rect r = boundingRect(c)) {
          addLine(x + r.x(), y + r.y(), r.width(), r.height(), out);
        }
      }
    }
  }

  private static void addLine(int x, int y, int w, int h, RectList out) {
    if (h < MIN_HEIGHT || w < 4) {
      return;
    }
    if (h <= MAX_HEIGHT) {
      out.add(x, y, w, h);
      return;
    }
    // A blob taller than any line (lines touching each other, or a picture): read it in bands
    // so that nothing inside goes unread.
    for (int top = y; top < y + h; top += MAX_HEIGHT / 2) {
      out.add(x, top, w, Math.min(MAX_HEIGHT / 2, y + h - top));
    }
  }

  @Override
  public void close() {
    gray.close();
    gradient.close();
    edges.close();
    joined.close();
    rules.close();
    ruleScratch.close();
    horizontalRule.close();
    verticalRule.close();
    gradientKernel.close();
    joinKernel.close();
    roi.close();
  }
}

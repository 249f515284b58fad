package io.screentrail.redact;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.REDUCE_SUM;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.reduce;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_GRADIENT;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import io.screentrail.internal.RectList;
import java.nio.IntBuffer;
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

  /**
   * A row of a blob with at most this share of its inkiest row's ink lies between two lines:
   * fonts with little leading (the classic 6x13 terminal font) touch after the closing, and a
   * blob of several lines read as one line comes back as nothing.
   */
  private static final double GAP_INK = 0.04;

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
  private final Rect blobRoi = new Rect();
  private final Mat textMask = new Mat();
  private final Mat inkSums = new Mat();
  private int[] rowInk = new int[256];

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
          addBlob(x, y, r.x(), r.y(), r.width(), r.height(), out);
        }
      }
    }
  }

  /**
   * Adds the blob at ({@code bx}, {@code by}) of the grey region at ({@code x}, {@code y}) as one
   * line, or, when it holds several lines that touch, as one line per text row: it is cut in the
   * middle of each run of nearly empty rows, and each part is trimmed to its ink, so that the
   * same line gives the same crop whichever lines it touched (the OCR cache depends on it).
   */
  private void addBlob(int x, int y, int bx, int by, int bw, int bh, RectList out) {
    if (bh < 2 * MIN_HEIGHT + 1) {
      addLine(x + bx, y + by, bw, bh, out);
      return;
    }
    blobRoi.x(bx).y(by).width(bw).height(bh);
    try (Mat blob = gray.apply(blobRoi)) {
      threshold(blob, textMask, 0, 1, THRESH_BINARY | THRESH_OTSU);
      if (countNonZero(textMask) * 2 > bw * bh) {
        // Text is the smaller class: here dark text on a light background.
        threshold(blob, textMask, 0, 1, THRESH_BINARY_INV | THRESH_OTSU);
      }
    }
    reduce(textMask, inkSums, 1, REDUCE_SUM, CV_32S);
    if (rowInk.length < bh) {
      rowInk = new int[Math.max(bh, rowInk.length * 2)];
    }
    IntBuffer sums = inkSums.createBuffer();
    int most = 0;
    for (int r = 0; r < bh; r++) {
      rowInk[r] = sums.get(r);
      most = Math.max(most, rowInk[r]);
    }
    int gap = (int) (most * GAP_INK);
    int start = 0;
    int r = 0;
    while (r < bh) {
      if (rowInk[r] > gap) {
        r++;
        continue;
      }
      int runEnd = r;
      while (runEnd < bh && rowInk[runEnd] <= gap) {
        runEnd++;
      }
      int cut = (r + runEnd) / 2;
      if (r > 0 && runEnd < bh && cut - start >= MIN_HEIGHT && bh - cut >= MIN_HEIGHT) {
        addTrimmed(x, y, bx, by, bw, start, cut - start, out);
        start = cut;
      }
      r = runEnd;
    }
    if (start == 0) {
      addLine(x + bx, y + by, bw, bh, out);
    } else {
      addTrimmed(x, y, bx, by, bw, start, bh - start, out);
    }
  }

  /**
   * Adds rows {@code top} to {@code top + h} of the blob at ({@code bx}, {@code by}) of the
   * region at ({@code x}, {@code y}), narrowed to the rows and columns that hold ink.
   */
  private void addTrimmed(int x, int y, int bx, int by, int bw, int top, int h, RectList out) {
    while (h > MIN_HEIGHT && rowInk[top] == 0) {
      top++;
      h--;
    }
    while (h > MIN_HEIGHT && rowInk[top + h - 1] == 0) {
      h--;
    }
    blobRoi.x(0).y(top).width(bw).height(h);
    try (Mat part = textMask.apply(blobRoi)) {
      reduce(part, inkSums, 0, REDUCE_SUM, CV_32S);
    }
    IntBuffer cols = inkSums.createBuffer();
    int left = 0;
    int right = bw;
    while (right - left > 4 && cols.get(left) == 0) {
      left++;
    }
    while (right - left > 4 && cols.get(right - 1) == 0) {
      right--;
    }
    // A pixel of margin each side: PSM 7 reads a crop cut at the glyphs' edges less well.
    left = Math.max(0, left - 1);
    right = Math.min(bw, right + 1);
    addLine(x + bx + left, y + by + top, right - left, h, out);
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
    textMask.close();
    inkSums.close();
    blobRoi.close();
    roi.close();
  }
}

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
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds text lines with OpenCV: the morphological gradient of the grey image marks glyph edges
 * (light text on dark and dark on light alike), a threshold keeps strong edges, long straight
 * rules (borders, table lines) are taken out, a wide flat closing joins the glyphs of a line into
 * one blob, and each blob's bounding box is a line.
 * Gaps wider than the closing (table columns, separate fields) keep lines apart, so each cell is
 * read on its own.
 *
 * <p>A blob of several touching rows is cut into rows, on the text's line pitch where it has one
 * (a terminal's grid, remembered per column across frames), and each row is the box its joined
 * glyphs would have had alone: the OCR cache is keyed by a line's pixels, so a line must give
 * the same crop whichever neighbours it touched and wherever it scrolled.
 *
 * <p>Not thread-safe: one thread owns an instance, its scratch Mats and its remembered grids.
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
   * Rows of glyphs at least this tall but shorter than {@link #MIN_HEIGHT} are kept apart as
   * slivers ({@link #slivers}): the top or bottom rows of a line cut by a redraw can be that thin
   * and still show digits.
   */
  private static final int MIN_SLIVER_HEIGHT = 3;

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

  /** Column groups of 8 between two ranges to open for rules, below which they are opened as one. */
  private static final int RULE_GAP_GROUPS = 24;

  /** Line pitches looked for, in pixels: terminal and code fonts from 8 to 40 px a row. */
  private static final int MIN_PITCH = 8;

  private static final int MAX_PITCH = 40;

  /** Column grids remembered at most: a few terminals and editors side by side. */
  private static final int MAX_GRIDS = 8;

  /**
   * Highest edge threshold used, whatever Otsu finds: where most text is bright on a dark
   * background, Otsu's split lies above the edges of dimmer text beside it (an editor's pink keys
   * beside white and yellow values: grey 109 on 39), which then was never found, read or hidden,
   * and the value beside it lost the key that said it was a secret. With 45 the corpus kept 0 of
   * 104 secrets legible and 751 of 791 words (755 with Otsu alone).
   * {@code -Dscreentrail.finder.maxEdge=N} changes it (1000: Otsu alone).
   */
  static final int MAX_EDGE_THRESHOLD = Integer.getInteger("screentrail.finder.maxEdge", 45);

  /** A row profile repeating at least this well (autocorrelation) has a line pitch. */
  private static final double PITCH_CORRELATION = 0.5;

  /**
   * Rows cut on the pitch hold at most this share of a mean row's ink: a cell's top row, which
   * only full-height glyphs such as brackets reach.
   */
  private static final double PITCH_CUT_INK = 0.25;

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
  private final Scalar zero = new Scalar(0.0);
  private int[] rowInk = new int[256];
  private final double[] lagScore = new double[MAX_PITCH + 1];
  private double phaseInk;
  private byte[] joinedPixels = new byte[0];
  private int regionWidth;
  private int[] runColumns = new int[1024];
  /** Which 8-column groups of the region the vertical rule opening looks at (see findRules). */
  private boolean[] ruleColumns = new boolean[256];
  /** Whether the rule openings look only at rows and columns that can hold a rule. */
  private final boolean restrictRules;

  /** A finder that opens only rows and columns that can hold a rule (see findRules). */
  public TextLineFinder() {
    this(true);
  }

  /** @param restrictRules false opens the whole region (the reference, for tests) */
  TextLineFinder(boolean restrictRules) {
    this.restrictRules = restrictRules;
  }
  private final RectList blobs = new RectList(256);

  /** The last {@link #find}'s rows of glyphs too thin to be lines, in frame coordinates. */
  private final RectList slivers = new RectList(64);

  /** Column grids remembered: x0, x1, pitch, phase (frame row mod pitch of a cut), newest first. */
  private final int[] grids = new int[MAX_GRIDS * 4];

  private int gridCount;

  /** Forgets the column grids remembered from earlier calls (see Redactor#forgetHistory). */
  void forgetGrids() {
    gridCount = 0;
  }

  /**
   * Adds to {@code out} the lines found inside rectangle ({@code x}, {@code y}, {@code w}, {@code
   * h}) of {@code bgr}, in frame coordinates.
   */
  public void find(Mat bgr, int x, int y, int w, int h, RectList out) {
    slivers.clear();
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
    } else if (otsu > MAX_EDGE_THRESHOLD) {
      threshold(gradient, edges, MAX_EDGE_THRESHOLD, 255, THRESH_BINARY);
    }
    findRules(w, h);
    bitwise_or(rules, ruleScratch, rules);
    subtract(edges, rules, edges);
    morphologyEx(edges, joined, MORPH_CLOSE, joinKernel);
    // The joined mask in Java, once: cutting rows out of blobs reads it many times.
    if (joinedPixels.length < w * h) {
      joinedPixels = new byte[Math.max(w * h, joinedPixels.length * 2)];
    }
    try (BytePointer data = joined.data()) {
      data.get(joinedPixels, 0, w * h);
    }
    regionWidth = w;
    blobs.clear();
    try (MatVector contours = new MatVector()) {
      findContours(joined, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
      for (long i = 0; i < contours.size(); i++) {
        try (Mat c = contours.get(i);
            Rect r = boundingRect(c)) {
          blobs.add(r.x(), r.y(), r.width(), r.height());
        }
      }
    }
    // Tall blobs first, each telling the line pitch of its column; then the short ones, a blob
    // of two touching rows cut on the pitch of a tall blob beside or above it.
    int first = out.size();
    for (int i = 0; i < blobs.size(); i++) {
      if (blobs.height(i) >= 2 * MIN_PITCH) {
        addBlob(x, y, blobs.x(i), blobs.y(i), blobs.width(i), blobs.height(i), out);
      }
    }
    for (int i = 0; i < blobs.size(); i++) {
      if (blobs.height(i) < 2 * MIN_PITCH) {
        addBlob(x, y, blobs.x(i), blobs.y(i), blobs.width(i), blobs.height(i), out);
      }
    }
    removeRepeats(out, first);
  }

  /**
   * Opens {@link #edges} with the horizontal rule into {@link #rules} and with the vertical one
   * into {@link #ruleScratch}. Each opening works on rows (or columns) independently, and keeps
   * only pixels of runs at least half a rule long: a run of at least 15 px covers a whole
   * 8-byte word of its row (or a whole aligned block of 8 rows of its column), so only rows
   * and columns with such a word are opened, by OpenCV as before, over their full length, and
   * the rest is left empty. Text gives few of them; the result is the whole openings' exactly
   * ({@code TextLineFinderTest} compares them), for a fraction of their cost.
   */
  private void findRules(int w, int h) {
    if (!restrictRules || w < 2 * RULE_LENGTH || h < 2 * RULE_LENGTH) {
      morphologyEx(edges, rules, MORPH_OPEN, horizontalRule);
      morphologyEx(edges, ruleScratch, MORPH_OPEN, verticalRule);
      return;
    }
    rules.create(h, w, edges.type());
    ruleScratch.create(h, w, edges.type());
    rules.put(zero);
    ruleScratch.put(zero);
    ByteBuffer e = edges.data().capacity((long) w * h).asByteBuffer();
    int words = w / 8;
    int r = 0;
    while (r < h) {
      if (!fullWordIn(e, r * w, words)) {
        r++;
        continue;
      }
      int end = r + 1;
      while (end < h && fullWordIn(e, end * w, words)) {
        end++;
      }
      try (Mat from = edges.rowRange(r, end); Mat to = rules.rowRange(r, end)) {
        morphologyEx(from, to, MORPH_OPEN, horizontalRule);
      }
      r = end;
    }
    // Columns, 8 at a time: an aligned block of 8 rows all set in a column marks its group.
    // Groups, not single columns: OpenCV's cost per opened range is mostly per row.
    if (ruleColumns.length < words + 1) {
      ruleColumns = new boolean[Math.max(words + 1, ruleColumns.length * 2)];
    }
    java.util.Arrays.fill(ruleColumns, 0, words + 1, false);
    // The last w % 8 columns fill no word: always opened.
    ruleColumns[words] = w % 8 != 0;
    for (int top = 0; top + 8 <= h; top += 8) {
      for (int g = 0; g < words; g++) {
        if (ruleColumns[g]) {
          continue;
        }
        long all = -1L;
        for (int k = 0, at = top * w + g * 8; k < 8 && all != 0; k++, at += w) {
          all &= e.getLong(at);
        }
        ruleColumns[g] = all != 0;
      }
    }
    int g = 0;
    while (g <= words) {
      if (!ruleColumns[g]) {
        g++;
        continue;
      }
      // Ranges less than RULE_GAP_GROUPS apart are opened as one: a range opened costs about
      // as much as 200 more columns (OpenCV's work per row), and the groups between are empty.
      int end = g + 1;
      for (int next = end; next <= words && next - end < RULE_GAP_GROUPS; next++) {
        if (ruleColumns[next]) {
          end = next + 1;
        }
      }
      try (Mat from = edges.colRange(g * 8, Math.min(w, end * 8));
          Mat to = ruleScratch.colRange(g * 8, Math.min(w, end * 8))) {
        morphologyEx(from, to, MORPH_OPEN, verticalRule);
      }
      g = end;
    }
  }

  /** The last region's edges with the rules taken out, as a copy (for tests). */
  byte[] edgesWithoutRules() {
    byte[] out = new byte[(int) (edges.total())];
    edges.data().get(out);
    return out;
  }

  /** Whether the row starting at {@code at} has one of its {@code words} 8-byte words all set. */
  private static boolean fullWordIn(ByteBuffer e, int at, int words) {
    for (int i = 0; i < words; i++, at += 8) {
      if (e.getLong(at) == -1L) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes lines that another of this call's lines already gave: a blob's bounding box can
   * hold a separate blob (a short word between two longer rows), and cutting the larger one into
   * rows finds the word again, with the same crop.
   */
  private static void removeRepeats(RectList out, int first) {
    for (int i = out.size() - 1; i > first; i--) {
      for (int j = first; j < i; j++) {
        if (out.x(i) == out.x(j) && out.y(i) == out.y(j) && out.width(i) == out.width(j)
            && out.height(i) == out.height(j)) {
          out.removeSwap(i);
          break;
        }
      }
    }
  }

  /**
   * Adds the blob at ({@code bx}, {@code by}) of the grey region at ({@code x}, {@code y}) as
   * one line per text row, each the box of its own joined glyphs, so that a line gives the same
   * crop whichever lines it touched and wherever it moved (the OCR cache is keyed by the crop's
   * pixels). Rows that touch are cut on the text's line pitch when its column has one (a
   * terminal's rows repeat every N pixels, and glyphs such as {@code [ ( | _} fill the whole
   * cell, so no empty row separates them), else in the middle of each run of nearly empty rows.
   */
  private void addBlob(int x, int y, int bx, int by, int bw, int bh, RectList out) {
    if (bh < 2 * MIN_HEIGHT + 1) {
      addLine(x + bx, y + by, bw, bh, out);
      return;
    }
    inkProfile(bx, by, bw, bh);
    if (bh >= 2 * MIN_PITCH) {
      detectPitch(x + bx, y + by, bw, bh);
    }
    if (cutOnPitch(x, y, bx, by, bw, bh, out)) {
      return;
    }
    int most = 0;
    for (int r = 0; r < bh; r++) {
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
        addRow(x, y, bx, by, bw, start, cut - start, out);
        start = cut;
      }
      r = runEnd;
    }
    addRow(x, y, bx, by, bw, start, bh - start, out);
  }

  /**
   * Marks the blob's text pixels in {@link #textMask} and counts them per row into {@link
   * #rowInk}.
   */
  private void inkProfile(int bx, int by, int bw, int bh) {
    blobRoi.x(bx).y(by).width(bw).height(bh);
    try (Mat blob = gray.apply(blobRoi)) {
      threshold(blob, textMask, 0, 1, THRESH_BINARY | THRESH_OTSU);
      if (countNonZero(textMask) * 2 > bw * bh) {
        // Text is the smaller class: here dark text on a light background.
        threshold(blob, textMask, 0, 1, THRESH_BINARY_INV | THRESH_OTSU);
      }
    }
    int inkColumns = clearBorders(bw, bh);
    reduce(textMask, inkSums, 1, REDUCE_SUM, CV_32S);
    if (rowInk.length < bh) {
      rowInk = new int[Math.max(bh, rowInk.length * 2)];
    }
    IntBuffer sums = inkSums.createBuffer();
    for (int r = 0; r < bh; r++) {
      rowInk[r] = sums.get(r);
    }
    // Rows at the top and bottom edge that are ink from side to side: a horizontal border.
    for (int r = 0; r < bh && rowInk[r] == inkColumns; r++) {
      clearRow(r);
    }
    for (int r = bh - 1; r >= 0 && rowInk[r] == inkColumns; r--) {
      clearRow(r);
    }
  }

  private void clearRow(int r) {
    rowInk[r] = 0;
    try (Mat row = textMask.row(r)) {
      row.put(zero);
    }
  }

  /**
   * Takes out of {@link #textMask} the columns at the blob's left and right edges that are ink
   * from top to bottom: a window border next to the text (the blob reaches 1 px beyond its
   * glyphs, so no glyph fills a column of it). Left in, such a column is ink in every row, so the
   * rows above and below a line are never trimmed and its crop takes in its neighbours' pixels.
   * Returns the number of columns left.
   */
  private int clearBorders(int bw, int bh) {
    reduce(textMask, inkSums, 0, REDUCE_SUM, CV_32S);
    IntBuffer cols = inkSums.createBuffer();
    int left = 0;
    int right = bw;
    while (right - left > 4 && cols.get(left) == bh) {
      left++;
    }
    while (right - left > 4 && cols.get(right - 1) == bh) {
      right--;
    }
    if (left > 0) {
      try (Mat border = textMask.colRange(0, left)) {
        border.put(zero);
      }
    }
    if (right < bw) {
      try (Mat border = textMask.colRange(right, bw)) {
        border.put(zero);
      }
    }
    return right - left;
  }

  /**
   * Looks for the line pitch of the blob whose profile {@link #inkProfile} just took, at
   * ({@code fx}, {@code fy}) in frame coordinates: the lag at which the row ink profile best
   * repeats itself (autocorrelation), and the phase whose rows hold the least ink (a cell's top
   * row: in a terminal only full-height glyphs reach it). A pitch found is remembered for the
   * blob's columns, for this frame and the next ones (a terminal keeps its grid while it
   * scrolls). Proportional text and pictures do not repeat clearly, or their cut rows are not
   * nearly empty: they get no pitch.
   */
  private void detectPitch(int fx, int fy, int bw, int bh) {
    double mean = meanInk(bh);
    if (mean <= 0) {
      return;
    }
    int maxLag = Math.min(MAX_PITCH, bh / 2);
    double best = 0;
    for (int lag = MIN_PITCH; lag <= maxLag; lag++) {
      lagScore[lag] = correlation(bh, lag, mean);
      best = Math.max(best, lagScore[lag]);
    }
    if (best < PITCH_CORRELATION) {
      return;
    }
    // The smallest lag that repeats nearly as well as the best: multiples of the pitch repeat too.
    int pitch = MIN_PITCH;
    while (lagScore[pitch] < best * 0.9) {
      pitch++;
    }
    int phase = emptiestPhase(pitch, bh);
    if (phaseInk > PITCH_CUT_INK * mean) {
      return;
    }
    // A multiple can repeat better than the pitch itself: build output that alternates two kinds
    // of line repeats best every two rows of the 6x13 font (0.79 at 26 px, 0.64 at 13), and a
    // short blob's profile is noisy. Cut on the multiple, two rows came out as one line that OCR
    // cannot read; so the smallest divisor whose rows at one phase are nearly empty too wins.
    for (int k = pitch / MIN_PITCH; k >= 2; k--) {
      if (pitch % k == 0) {
        int divisorPhase = emptiestPhase(pitch / k, bh);
        if (phaseInk <= PITCH_CUT_INK * mean) {
          pitch /= k;
          phase = divisorPhase;
          break;
        }
      }
    }
    remember(fx, fx + bw, pitch, Math.floorMod(fy + phase, pitch));
  }

  /**
   * The phase whose rows, every {@code pitch} rows, hold the least ink on average (a cell's top
   * row: in a terminal only full-height glyphs reach it); that ink is left in {@link #phaseInk}.
   */
  private int emptiestPhase(int pitch, int bh) {
    int phase = 0;
    phaseInk = Double.MAX_VALUE;
    for (int o = 0; o < pitch; o++) {
      long ink = 0;
      int n = 0;
      for (int r = o; r < bh; r += pitch) {
        ink += rowInk[r];
        n++;
      }
      if ((double) ink / n < phaseInk) {
        phaseInk = (double) ink / n;
        phase = o;
      }
    }
    return phase;
  }

  /**
   * Remembers a column's grid at the front: the same grid (overlapping columns, same pitch and
   * phase) moves there, a new one pushes the oldest out.
   */
  private void remember(int x0, int x1, int pitch, int phase) {
    int at = -1;
    for (int i = 0; i < gridCount && at < 0; i++) {
      if (grids[i * 4 + 2] == pitch && grids[i * 4 + 3] == phase && grids[i * 4] < x1
          && x0 < grids[i * 4 + 1]) {
        at = i;
      }
    }
    if (at < 0) {
      at = gridCount < MAX_GRIDS ? gridCount++ : MAX_GRIDS - 1;
    }
    System.arraycopy(grids, 0, grids, 4, at * 4);
    grids[0] = x0;
    grids[1] = x1;
    grids[2] = pitch;
    grids[3] = phase;
  }

  /**
   * Cuts the blob on the grid of a column it lies in, when the grid's rows inside it are nearly
   * empty; returns false, adding nothing, when no remembered grid fits.
   */
  private boolean cutOnPitch(int x, int y, int bx, int by, int bw, int bh, RectList out) {
    double mean = meanInk(bh);
    int fx0 = x + bx;
    int fx1 = fx0 + bw;
    for (int g = 0; g < gridCount; g++) {
      int overlap = Math.min(fx1, grids[g * 4 + 1]) - Math.max(fx0, grids[g * 4]);
      if (overlap * 2 < bw) {
        continue;
      }
      int pitch = grids[g * 4 + 2];
      int first = Math.floorMod(grids[g * 4 + 3] - (y + by), pitch);
      if (first == 0) {
        first = pitch;
      }
      boolean fits = first < bh;
      for (int cut = first; fits && cut < bh; cut += pitch) {
        fits = rowInk[cut] <= PITCH_CUT_INK * mean;
      }
      if (!fits) {
        continue;
      }
      int start = 0;
      for (int cut = first; cut < bh; cut += pitch) {
        // A sliver above the first cut or below the last (a row cut by the region's edge) too
        // thin to read alone stays with its neighbour: read, never dropped.
        if (cut < MIN_HEIGHT && inkIn(0, cut)) {
          continue;
        }
        if (bh - cut < MIN_HEIGHT && inkIn(cut, bh)) {
          break;
        }
        addRow(x, y, bx, by, bw, start, cut - start, out);
        start = cut;
      }
      addRow(x, y, bx, by, bw, start, bh - start, out);
      return true;
    }
    return false;
  }

  private double meanInk(int bh) {
    long sum = 0;
    for (int r = 0; r < bh; r++) {
      sum += rowInk[r];
    }
    return (double) sum / bh;
  }

  /** Pearson correlation of the row ink profile with itself shifted by {@code lag} rows. */
  private double correlation(int bh, int lag, double mean) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int r = 0; r + lag < bh; r++) {
      double a = rowInk[r] - mean;
      double b = rowInk[r + lag] - mean;
      xy += a * b;
      xx += a * a;
      yy += b * b;
    }
    return xx <= 0 || yy <= 0 ? 0 : xy / Math.sqrt(xx * yy);
  }

  private boolean inkIn(int from, int to) {
    for (int r = from; r < to; r++) {
      if (rowInk[r] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds rows {@code top} to {@code top + h} of the blob at ({@code bx}, {@code by}) of the
   * region at ({@code x}, {@code y}) as the lines they would have been alone: one per run of
   * columns the joined glyphs fill (a row splits at wide gaps), each the bounding box of its
   * joined glyphs, as a blob's line is.
   */
  private void addRow(int x, int y, int bx, int by, int bw, int top, int h, RectList out) {
    // Which rows hold text is taken from the joined edges, not from the ink mask: the mask's
    // threshold suits the blob's strongest text and may miss a fainter row beside it.
    if (runColumns.length < bw) {
      runColumns = new int[Math.max(bw, runColumns.length * 2)];
    }
    java.util.Arrays.fill(runColumns, 0, bw, 0);
    for (int r = top; r < top + h; r++) {
      int at = (by + r) * regionWidth + bx;
      for (int c = 0; c < bw; c++) {
        runColumns[c] |= joinedPixels[at + c];
      }
    }
    int c = 0;
    while (c < bw) {
      if (runColumns[c] == 0) {
        c++;
        continue;
      }
      int end = c;
      while (end < bw && runColumns[end] != 0) {
        end++;
      }
      int first = top;
      while (first < top + h && !joinedIn(by + first, bx + c, bx + end)) {
        first++;
      }
      int last = top + h;
      while (last > first && !joinedIn(by + last - 1, bx + c, bx + end)) {
        last--;
      }
      addLine(x + bx + c, y + by + first, end - c, last - first, out);
      c = end;
    }
  }

  /** Whether row {@code row} of the joined mask has a pixel set in columns {@code from} to {@code to}. */
  private boolean joinedIn(int row, int from, int to) {
    int at = row * regionWidth;
    for (int c = from; c < to; c++) {
      if (joinedPixels[at + c] != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last {@link #find} call's rows of joined glyphs 3 to 5 px tall, which are no line: too
   * thin to read (noise, dots, a caret), or the top or bottom of a line cut by a redraw, which the
   * caller may hide. Valid until the next call.
   */
  public RectList slivers() {
    return slivers;
  }

  private void addLine(int x, int y, int w, int h, RectList out) {
    if (h < MIN_HEIGHT || w < 4) {
      // Two columns: the top of a lone ascender's stem (the k of `ok`) is a sliver too.
      if (h >= MIN_SLIVER_HEIGHT && w >= 2) {
        slivers.add(x, y, w, h);
      }
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
    zero.close();
    blobRoi.close();
    roi.close();
  }
}

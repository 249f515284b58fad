package io.screentrail.redact;

import java.util.Arrays;

/**
 * A text line cut into words at its column gaps, on the line's grey pixels (dark on light, frame
 * size, before any enlarging), with each word's tight ink box and the line's baseline.
 *
 * <p>The baseline is the row most columns of body height end on (a glyph's run of ink at least
 * about a third of the line's height): the line's box varies by some rows with the glyphs it
 * holds, the baseline does not. A word's key is its exact ink crop and, for a crop shorter than
 * most of the line, the crop's top relative to that baseline, so a {@code -} and a {@code _},
 * or a {@code .} and a {@code '}, never share a key. A line with no body-height column (a row of dashes) has no trusted baseline and is not
 * cut: it is read whole.
 *
 * <p>Reused by one thread: {@link #split} overwrites the previous line's words.
 */
final class LineWords {

  /** Grey difference from the background that counts as ink (anti-aliased edges included). */
  static final int INK = 24;

  private static final int MAX_WORDS = 512;

  int count;
  int height;
  int baseline;
  int background;
  /** Per word: first column, column after the last, first ink row, last ink row. */
  int[] x0 = new int[64];
  int[] x1 = new int[64];
  int[] top = new int[64];
  int[] bottom = new int[64];

  private int[] colTop = new int[256];
  private int[] colBottom = new int[256];
  private int[] votes = new int[64];
  private final int[] histogram = new int[256];

  /**
   * The smallest run of empty columns that separates two words in a line {@code h} px tall:
   * above the widest gap between two narrow glyphs of a monospace cell (`..`, `||`: 4-5 px in
   * the 6x13 font) and at most a space between two wide glyphs.
   */
  static int minGap(int h) {
    return Math.max(4, (h * 55 + 50) / 100);
  }

  /**
   * Cuts the line {@code g} ({@code w} x {@code h}, one byte a pixel) into words; false when it
   * should be read whole (no trusted baseline, fewer than two words, or too many).
   */
  boolean split(byte[] g, int w, int h) {
    count = 0;
    height = h;
    if (colTop.length < w) {
      colTop = new int[w * 2];
      colBottom = new int[w * 2];
    }
    if (votes.length < h) {
      votes = new int[h * 2];
    }
    Arrays.fill(histogram, 0);
    for (int i = 0; i < w * h; i++) {
      histogram[g[i] & 0xFF]++;
    }
    int bg = 0;
    for (int v = 1; v < 256; v++) {
      if (histogram[v] > histogram[bg]) {
        bg = v;
      }
    }
    background = bg;
    Arrays.fill(votes, 0, h, 0);
    int minRun = Math.max(3, (h * 35 + 99) / 100);
    boolean anyVote = false;
    for (int x = 0; x < w; x++) {
      int t = -1;
      int b = -1;
      for (int y = 0; y < h; y++) {
        if (Math.abs((g[y * w + x] & 0xFF) - bg) > INK) {
          if (t < 0) {
            t = y;
          }
          b = y;
        }
      }
      colTop[x] = t;
      colBottom[x] = b;
      if (t >= 0 && b - t + 1 >= minRun) {
        votes[b]++;
        anyVote = true;
      }
    }
    if (!anyVote) {
      return false;
    }
    int base = 0;
    for (int y = 1; y < h; y++) {
      if (votes[y] > votes[base]) {
        base = y;
      }
    }
    baseline = base;
    int gap = minGap(h);
    int x = 0;
    while (x < w) {
      if (colTop[x] < 0) {
        x++;
        continue;
      }
      int start = x;
      int end = x + 1;
      int t = colTop[x];
      int b = colBottom[x];
      int empty = 0;
      for (x = x + 1; x < w && empty < gap; x++) {
        if (colTop[x] < 0) {
          empty++;
        } else {
          empty = 0;
          end = x + 1;
          t = Math.min(t, colTop[x]);
          b = Math.max(b, colBottom[x]);
        }
      }
      if (count == MAX_WORDS) {
        count = 0;
        return false;
      }
      if (count == x0.length) {
        x0 = Arrays.copyOf(x0, count * 2);
        x1 = Arrays.copyOf(x1, count * 2);
        top = Arrays.copyOf(top, count * 2);
        bottom = Arrays.copyOf(bottom, count * 2);
      }
      x0[count] = start;
      x1[count] = end;
      top[count] = t;
      bottom[count] = b;
      count++;
      x = end;
    }
    return count >= 2;
  }

  /** Word {@code i}'s key: its crop of {@code g} (a line {@code w} px wide) and placement. */
  WordKey key(int i, byte[] g, int w) {
    int cw = x1[i] - x0[i];
    int ch = bottom[i] - top[i] + 1;
    byte[] crop = new byte[cw * ch];
    for (int r = 0; r < ch; r++) {
      System.arraycopy(g, (top[i] + r) * w + x0[i], crop, r * cw, cw);
    }
    int placement = top[i] - baseline;
    return new WordKey(crop, cw, ch, tall(ch, height) ? TALL : placement, placement, background);
  }

  /** Identity offset of a crop tall enough to place itself (see {@link #tall}). */
  static final int TALL = Integer.MIN_VALUE;

  /**
   * Whether a crop {@code ch} px tall, in a line {@code h} px tall, is keyed by its pixels
   * alone. Glyphs whose pixels are the same at two heights are short marks ({@code - _ . , '
   * `}); a crop of at least 60 % of the line holds body-height glyphs, and the same pixels read
   * the same wherever the baseline estimate falls (brackets and descenders move it by rows).
   */
  static boolean tall(int ch, int h) {
    return ch * 10 >= h * 6;
  }

  /** The words as an independent copy (the reader keeps one per line it assembles). */
  LineWords copy() {
    LineWords c = new LineWords();
    c.count = count;
    c.baseline = baseline;
    c.background = background;
    c.x0 = Arrays.copyOf(x0, count);
    c.x1 = Arrays.copyOf(x1, count);
    c.top = Arrays.copyOf(top, count);
    c.bottom = Arrays.copyOf(bottom, count);
    return c;
  }

  /**
   * A word's cache key: its exact grey pixels (compared byte for byte, never by hash alone, so
   * that no other word's text can be served), their size, for a short crop its top relative to
   * the baseline ({@link #TALL} for a tall one), and the line's background.
   */
  static final class WordKey {
    final byte[] pixels;
    final int width;
    final int height;
    final int offset;
    /** The crop's top relative to its line's baseline, where it goes on a synthetic line. */
    final int placement;
    final int background;
    private final int hash;

    WordKey(byte[] pixels, int width, int height, int offset, int placement, int background) {
      this.pixels = pixels;
      this.width = width;
      this.height = height;
      this.offset = offset;
      this.placement = placement;
      this.background = background;
      this.hash = ((Arrays.hashCode(pixels) * 31 + width) * 31 + offset) * 31 + background;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WordKey k && k.hash == hash && k.width == width && k.height == height
          && k.offset == offset && k.background == background
          && Arrays.equals(k.pixels, pixels);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * What OCR read in one word crop: one or more words (a crop may hold words closer than the
   * split gap), their boxes relative to the crop, in frame pixels, and confidences. Immutable.
   */
  record WordText(String text, int[] ranges, int[] boxes, float[] confidence) {

    /** Approximate heap bytes, for the cache's weight. */
    int weight(WordKey key) {
      return 96 + key.pixels.length + text.length() * 2 + ranges.length * 4 + boxes.length * 4
          + confidence.length * 4;
    }
  }
}

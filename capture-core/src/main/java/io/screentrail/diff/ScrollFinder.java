package io.screentrail.diff;

import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;

/**
 * Finds content that moved vertically between two BGR frames (a terminal or a page that
 * scrolled), so that a changed region can be stored as <i>copies</i> of rows the reader already
 * has plus images of only what is new.
 *
 * <p>Each changed region is cut into column strips of {@value #STRIP} pixels, so that a scrollbar,
 * a cursor column or a second window beside the scrolled rows only costs its own strip. In each
 * strip every row gets a 64-bit fingerprint (a sample of its bytes) in the current frame and, over
 * the region's rows and up to its height above and below, in the previous one; rows whose
 * fingerprint is unique in the previous frame vote for the shift that moves them. The region's
 * two best shifts and the strip's own best are then tried row by row, and a row is a copy only
 * when its bytes are exactly those of the previous frame at the shifted row. Rows equal to the
 * previous frame where they are need nothing; the rest are images.
 *
 * <p>The previous frame's row fingerprints are kept between calls, per column strip, so that
 * only rows the caller rewrote are fingerprinted again: the search range above and below a region
 * is mostly rows that did not change. The caller says what changed in the previous frame with
 * {@link #previousChanged} or, when it now equals the current frame over the regions of the last
 * call, with {@link #previousIsCurrent}; a new previous buffer drops them all. Kept fingerprints
 * only decide which rows are compared: a copy is still checked byte for byte, so a caller that
 * forgets to report a change can lose copies, never store a wrong one.
 *
 * <p>Not thread-safe: the encoder thread owns an instance. Everything is allocated for the frame
 * size up front; {@link #split} allocates nothing unless a region yields more runs than any before.
 */
public final class ScrollFinder {

  /** Width of a column strip, in pixels. */
  public static final int STRIP = 64;

  /** Copies shorter than this many rows are stored as images: not worth a record of their own. */
  static final int MIN_COPY_ROWS = 4;

  /** A run of rows that need no image, shorter than this between two images, joins them. */
  static final int MIN_GAP_ROWS = 8;

  /** Votes a shift needs before it is tried on a region. */
  static final int MIN_VOTES = 3;

  /** Label of a row that must be stored as an image; any other label is a shift (0: unchanged). */
  private static final int IMAGE = Integer.MIN_VALUE;

  /** Column strips whose previous-frame fingerprints are kept, at least; the least recently used goes. */
  static final int KEPT_STRIPS = 64;

  private final int width;
  private final int height;
  private final int stride;
  private final int maxStrips;
  private final long[] curFp;
  /** Per strip and row of the region: the row's shift, or {@link #IMAGE}. */
  private final int[] labels;
  private final int[] lastLabel;
  private final int[] stripVotes;
  private final int[] regionVotes;
  private final int[] stripBest;
  /** Per strip of the region being split: its kept strip. */
  private final int[] stripKept;
  private final long[] tableKeys;
  private final int[] tableRow;
  private final int[] tableStamp;
  private final int tableMask;
  private int stamp;
  private final RectList regionImages = new RectList(64);
  /** The rows of a region with one label each, per strip; {@code runLabel} in parallel. */
  private final RectList runs = new RectList(256);
  private int[] runLabel = new int[256];
  private long rowsCompared;
  /** Views of the frames for {@link ByteBuffer#mismatch}, made once per frame buffer. */
  private ByteBuffer curSource;
  private ByteBuffer prevSource;
  private ByteBuffer curView;
  private ByteBuffer prevView;
  /** Views of each frame buffer, made once: the engine's buffers rotate between frames. */
  private final Views curViews = new Views(8);
  private final Views prevViews = new Views(8);
  /** Kept strips: column start and width (-1: free), last use, fingerprints and valid rows. */
  private final int kept;
  private final int[] keptX;
  private final int[] keptW;
  private final long[] keptUse;
  private final long[][] keptFp;
  private final boolean[][] keptValid;
  /** The current frame's fingerprints of the last call, by kept strip, until the caller says. */
  private final long[][] pendingFp;
  /** Per region row range of the last call whose current fingerprints wait in pendingFp. */
  private int[] pendingStrip = new int[64];
  private int[] pendingY = new int[64];
  private int[] pendingH = new int[64];
  private int pendings;
  private long uses;
  private long rowsFingerprinted;
  /**
   * Byte compares of one row of the region at one shift, per strip, made together: the strips of
   * a row lie side by side in memory, so one compare from a strip to the region's right edge
   * answers for every strip up to the first difference. Valid where {@code equalStamp} is {@code
   * equalNow}; a new row, shift or region starts again.
   */
  private final int[] equalStamp;
  private final boolean[] equalStrip;
  private int equalNow;
  private int equalRow = -1;
  private int equalShift;
  private int regionX;
  private int regionW;
  private int regionStrips;

  /** A finder for BGR frames of {@code width} x {@code height}, rows packed without padding. */
  public ScrollFinder(int width, int height) {
    this.width = width;
    this.height = height;
    this.stride = width * 3;
    this.maxStrips = width / STRIP + 1;
    this.curFp = new long[maxStrips * height];
    this.labels = new int[maxStrips * height];
    this.lastLabel = new int[maxStrips];
    this.stripVotes = new int[2 * height + 1];
    this.regionVotes = new int[2 * height + 1];
    this.stripBest = new int[maxStrips];
    this.stripKept = new int[maxStrips];
    this.equalStamp = new int[maxStrips];
    this.equalStrip = new boolean[maxStrips];
    int cap = Integer.highestOneBit(Math.max(16, height * 2)) * 2;
    this.tableKeys = new long[cap];
    this.tableRow = new int[cap];
    this.tableStamp = new int[cap];
    this.tableMask = cap - 1;
    // Twice a full-width region's strips, so one region never evicts its own strips.
    this.kept = Math.max(KEPT_STRIPS, 2 * maxStrips);
    this.keptX = new int[kept];
    this.keptW = new int[kept];
    this.keptUse = new long[kept];
    this.keptFp = new long[kept][height];
    this.keptValid = new boolean[kept][height];
    this.pendingFp = new long[kept][height];
    java.util.Arrays.fill(keptW, -1);
  }

  /**
   * Splits every rectangle of {@code changed} into copies from {@code previous} and images.
   * Pixels of {@code current} inside a copy are exactly {@code previous}'s pixels at the source
   * (checked byte for byte); the rest of each rectangle that differs from {@code previous} is
   * covered by {@code images}. Images stay inside the rectangle they came from.
   *
   * @param current the frame to store, BGR, {@code width * 3} bytes a row
   * @param previous what the reader has for the previous frame, same layout
   * @param changed the changed rectangles; not modified
   * @param images receives the rectangles to store as images (cleared first)
   * @param copies receives the copies' destination rectangles (cleared first)
   * @param sources receives, for each copy, its source rectangle in {@code previous}: same width
   *     and height (cleared first)
   */
  public void split(ByteBuffer current, ByteBuffer previous, RectList changed, RectList images,
      RectList copies, RectList sources) {
    images.clear();
    copies.clear();
    sources.clear();
    if (current != curSource) {
      curSource = current;
      curView = curViews.of(current);
    }
    if (previous != prevSource) {
      prevSource = previous;
      prevView = prevViews.of(previous);
      forgetPrevious();
    }
    pendings = 0;
    for (int i = 0; i < changed.size(); i++) {
      splitRegion(current, previous, changed.x(i), changed.y(i), changed.width(i),
          changed.height(i), images, copies, sources);
    }
  }

  /** Row comparisons made so far (for benchmarks and tests of the work done). */
  public long rowsCompared() {
    return rowsCompared;
  }

  /** Strip rows fingerprinted so far, both frames (for benchmarks and tests of the work done). */
  public long rowsFingerprinted() {
    return rowsFingerprinted;
  }

  /**
   * Tells the finder that the previous frame's pixels changed inside {@code rects}: their kept
   * fingerprints are dropped. Call it after writing to the previous frame and before the next
   * {@link #split}.
   */
  public void previousChanged(RectList rects) {
    pendings = 0;
    for (int i = 0; i < rects.size(); i++) {
      invalidate(rects.x(i), rects.y(i), rects.width(i), rects.height(i));
    }
  }

  /**
   * Tells the finder that the previous frame's pixels now live in {@code previous}, as they were:
   * the caller swapped buffers instead of copying, so the kept fingerprints still hold. Pass the
   * same buffer to the next {@link #split}.
   */
  public void previousMoved(ByteBuffer previous) {
    if (previous != prevSource) {
      prevSource = previous;
      prevView = prevViews.of(previous);
    }
  }

  /** Tells the finder that all of the previous frame may have changed (a keyframe). */
  public void forgetPrevious() {
    pendings = 0;
    java.util.Arrays.fill(keptW, -1);
  }

  /**
   * Tells the finder that the previous frame now holds the current frame's pixels over every
   * changed rectangle of the last {@link #split} (and is unchanged elsewhere), as after storing
   * those rectangles without redaction: the fingerprints already made of the current rows become
   * the previous frame's, so the next call fingerprints only its current rows.
   */
  public void previousIsCurrent(RectList changed) {
    int n = pendings;
    previousChanged(changed);
    for (int p = 0; p < n; p++) {
      int k = pendingStrip[p];
      if (keptW[k] < 0) {
        continue;
      }
      int y0 = pendingY[p];
      int y1 = y0 + pendingH[p];
      System.arraycopy(pendingFp[k], y0, keptFp[k], y0, y1 - y0);
      java.util.Arrays.fill(keptValid[k], y0, y1, true);
    }
  }

  private void invalidate(int x, int y, int w, int h) {
    int y1 = Math.min(height, y + h);
    for (int k = 0; k < kept; k++) {
      if (keptW[k] >= 0 && keptX[k] < x + w && x < keptX[k] + keptW[k]) {
        java.util.Arrays.fill(keptValid[k], Math.max(0, y), y1, false);
      }
    }
  }

  /** The kept strip for columns {@code sx} to {@code sx + sw}, made (all rows invalid) if new. */
  private int keptStrip(int sx, int sw) {
    uses++;
    int free = -1;
    int oldest = 0;
    for (int k = 0; k < kept; k++) {
      if (keptX[k] == sx && keptW[k] == sw) {
        keptUse[k] = uses;
        return k;
      }
      if (keptW[k] < 0) {
        free = k;
      } else if (keptUse[k] < keptUse[oldest]) {
        oldest = k;
      }
    }
    int k = free >= 0 ? free : oldest;
    // A strip still waiting for previousIsCurrent must not be reused for another column range.
    for (int p = 0; p < pendings; p++) {
      if (pendingStrip[p] == k) {
        pendingStrip[p] = pendingStrip[pendings - 1];
        pendingY[p] = pendingY[pendings - 1];
        pendingH[p] = pendingH[pendings - 1];
        pendings--;
        p--;
      }
    }
    keptX[k] = sx;
    keptW[k] = sw;
    keptUse[k] = uses;
    java.util.Arrays.fill(keptValid[k], false);
    return k;
  }

  private void addPending(int k, int y, int h) {
    if (pendings == pendingStrip.length) {
      int c = pendings * 2;
      pendingStrip = java.util.Arrays.copyOf(pendingStrip, c);
      pendingY = java.util.Arrays.copyOf(pendingY, c);
      pendingH = java.util.Arrays.copyOf(pendingH, c);
    }
    pendingStrip[pendings] = k;
    pendingY[pendings] = y;
    pendingH[pendings] = h;
    pendings++;
  }

  private void splitRegion(ByteBuffer cur, ByteBuffer prev, int x, int y, int w, int h,
      RectList images, RectList copies, RectList sources) {
    if (h < MIN_COPY_ROWS * 2 || w < 8) {
      images.add(x, y, w, h);
      return;
    }
    int maxShift = Math.min(h - 1, height - 1);
    int lo = Math.max(0, y - maxShift);
    int hi = Math.min(height, y + h + maxShift);
    int strips = Math.max(1, w / STRIP);
    fingerprintRows(cur, prev, x, y, w, h, lo, hi, strips);
    java.util.Arrays.fill(regionVotes, height - maxShift, height + maxShift + 1, 0);
    for (int s = 0; s < strips; s++) {
      stripBest[s] = vote(s, y, h, lo, hi, maxShift);
    }
    int best = IMAGE;
    int second = IMAGE;
    for (int d = -maxShift; d <= maxShift; d++) {
      int v = regionVotes[height + d];
      if (d == 0 || v < MIN_VOTES) {
        continue;
      }
      if (best == IMAGE || v > regionVotes[height + best]) {
        second = best;
        best = d;
      } else if (second == IMAGE || v > regionVotes[height + second]) {
        second = d;
      }
    }
    addLabelledRuns(x, y, w, h, lo, hi, strips, best, second, images, copies, sources);
  }

  /**
   * First step of {@link #splitRegion}: fingerprints the region's rows in each strip, of the
   * previous frame (rows {@code lo} to {@code hi}, where not kept from earlier calls) and of the
   * current one, and queues the current ones to be kept. Each step is a method of its own so
   * that C2 compiles each alone rather than one huge unit, whose compiler arena glibc keeps.
   */
  private void fingerprintRows(ByteBuffer cur, ByteBuffer prev, int x, int y, int w, int h,
      int lo, int hi, int strips) {
    for (int s = 0; s < strips; s++) {
      int sx = x + s * STRIP;
      stripKept[s] = keptStrip(sx, s == strips - 1 ? x + w - sx : STRIP);
    }
    // Row by row across the strips, so memory is read in order: strip by strip, each row would
    // be a separate cache miss. Rows kept from earlier calls are not read at all, and the kept
    // fingerprints are used where they are (they were copied into one array per call: 1080 rows
    // times each strip, most of them kept, on every frame).
    for (int row = lo; row < hi; row++) {
      for (int s = 0; s < strips; s++) {
        boolean[] valid = keptValid[stripKept[s]];
        if (!valid[row]) {
          int sx = x + s * STRIP;
          int sw = s == strips - 1 ? x + w - sx : STRIP;
          keptFp[stripKept[s]][row] = fingerprint(prev, row * stride + sx * 3, sw * 3);
          valid[row] = true;
          rowsFingerprinted++;
        }
      }
    }
    for (int r = 0; r < h; r++) {
      for (int s = 0; s < strips; s++) {
        int sx = x + s * STRIP;
        int sw = s == strips - 1 ? x + w - sx : STRIP;
        long fp = fingerprint(cur, (y + r) * stride + sx * 3, sw * 3);
        curFp[s * height + r] = fp;
        pendingFp[stripKept[s]][y + r] = fp;
      }
    }
    rowsFingerprinted += (long) h * strips;
    for (int s = 0; s < strips; s++) {
      addPending(stripKept[s], y, h);
    }
  }

  /**
   * Last step of {@link #splitRegion}: labels each strip's rows with the shift that reproduces
   * them ({@code best}, {@code second} and the strip's own are tried), joins them into runs, and
   * adds the moved runs to {@code copies} and {@code sources}, the rest to {@code images}.
   */
  private void addLabelledRuns(int x, int y, int w, int h, int lo, int hi, int strips, int best,
      int second, RectList images, RectList copies, RectList sources) {
    runs.clear();
    java.util.Arrays.fill(lastLabel, 0, strips, IMAGE);
    regionX = x;
    regionW = w;
    regionStrips = strips;
    equalRow = -1;
    for (int r = 0; r < h; r++) {
      for (int s = 0; s < strips; s++) {
        label(s, y + r, r, lo, hi, best, stripBest[s], second);
      }
    }
    for (int s = 0; s < strips; s++) {
      int sx = x + s * STRIP;
      int sw = s == strips - 1 ? x + w - sx : STRIP;
      smooth(s * height, h);
      addRuns(s * height, sx, sw, y, h);
    }
    regionImages.clear();
    for (int r = 0; r < runs.size(); r++) {
      int label = runLabel[r];
      if (label == IMAGE) {
        regionImages.add(runs.x(r), runs.y(r), runs.width(r), runs.height(r));
      } else if (label != 0) {
        copies.add(runs.x(r), runs.y(r), runs.width(r), runs.height(r));
        sources.add(runs.x(r), runs.y(r) + label, runs.width(r), runs.height(r));
      }
    }
    // Touching images become one: fewer images, each with its own header. They stay inside the
    // region, whose current pixels are all ones to be stored.
    TileRegions.mergeOverlapping(regionImages, 0);
    for (int i = 0; i < regionImages.size(); i++) {
      images.add(regionImages.x(i), regionImages.y(i), regionImages.width(i),
          regionImages.height(i));
    }
  }

  /**
   * Votes for shifts with strip {@code s}'s row fingerprints; returns the strip's best shift
   * other than 0, or {@link #IMAGE} when no shift has enough votes.
   */
  private int vote(int s, int y, int h, int lo, int hi, int maxShift) {
    int curBase = s * height;
    long[] prevFps = keptFp[stripKept[s]];
    stamp++;
    if (stamp == 0) {
      java.util.Arrays.fill(tableStamp, 0);
      stamp = 1;
    }
    for (int row = lo; row < hi; row++) {
      long fp = prevFps[row];
      int slot = slot(fp);
      while (tableStamp[slot] == stamp && tableKeys[slot] != fp) {
        slot = (slot + 1) & tableMask;
      }
      if (tableStamp[slot] == stamp) {
        tableRow[slot] = -1; // seen twice: no vote from it
      } else {
        tableStamp[slot] = stamp;
        tableKeys[slot] = fp;
        tableRow[slot] = row;
      }
    }
    java.util.Arrays.fill(stripVotes, height - maxShift, height + maxShift + 1, 0);
    for (int r = 0; r < h; r++) {
      long fp = curFp[curBase + r];
      int slot = slot(fp);
      while (tableStamp[slot] == stamp && tableKeys[slot] != fp) {
        slot = (slot + 1) & tableMask;
      }
      if (tableStamp[slot] != stamp || tableRow[slot] < 0) {
        continue;
      }
      int d = tableRow[slot] - (y + r);
      if (d != 0 && d >= -maxShift && d <= maxShift) {
        stripVotes[height + d]++;
        regionVotes[height + d]++;
      }
    }
    int best = IMAGE;
    int bestVotes = 1;
    for (int d = -maxShift; d <= maxShift; d++) {
      if (stripVotes[height + d] > bestVotes) {
        bestVotes = stripVotes[height + d];
        best = d;
      }
    }
    return best;
  }

  private int slot(long fp) {
    long m = fp * 0x9E3779B97F4A7C15L;
    return (int) (m >>> 40) & tableMask;
  }

  /**
   * Labels row {@code row} (the region's row {@code r}) of strip {@code s}: the shift that
   * reproduces it exactly (0 when it did not change), or {@link #IMAGE}. The strip's previous
   * row's shift is tried first, so that blank rows, which match at many shifts, continue the run
   * they are in.
   */
  private void label(int s, int row, int r, int lo, int hi, int best, int own, int second) {
    int base = s * height;
    int last = lastLabel[s];
    long fp = curFp[base + r];
    int found = IMAGE;
    for (int k = 0; k < 5 && found == IMAGE; k++) {
      int d = switch (k) {
        case 0 -> last;
        case 1 -> best;
        case 2 -> own;
        case 3 -> second;
        default -> 0;
      };
      if (d == IMAGE || (k > 0 && d == last)) {
        continue;
      }
      int src = row + d;
      if (src < lo || src >= hi || keptFp[stripKept[s]][src] != fp) {
        continue;
      }
      rowsCompared++;
      if (sameAt(s, row, d)) {
        found = d;
      }
    }
    labels[base + r] = found;
    lastLabel[s] = found;
  }

  /**
   * Turns copies too short to be worth a record, and short gaps between two images, into images.
   */
  private void smooth(int base, int h) {
    for (int r = 0; r < h; ) {
      int end = r + 1;
      while (end < h && labels[base + end] == labels[base + r]) {
        end++;
      }
      if (labels[base + r] != IMAGE && labels[base + r] != 0 && end - r < MIN_COPY_ROWS) {
        java.util.Arrays.fill(labels, base + r, base + end, IMAGE);
      }
      r = end;
    }
    for (int r = 0; r < h; ) {
      if (labels[base + r] == IMAGE) {
        r++;
        continue;
      }
      int end = r + 1;
      while (end < h && labels[base + end] != IMAGE) {
        end++;
      }
      if (r > 0 && end < h && end - r < MIN_GAP_ROWS) {
        java.util.Arrays.fill(labels, base + r, base + end, IMAGE);
      }
      r = end;
    }
  }

  /** Adds the strip's runs, extending a run of the strip to the left when it matches exactly. */
  private void addRuns(int base, int sx, int sw, int y, int h) {
    int firstOfStrip = runs.size();
    for (int r = 0; r < h; ) {
      int end = r + 1;
      while (end < h && labels[base + end] == labels[base + r]) {
        end++;
      }
      int label = labels[base + r];
      boolean extended = false;
      for (int i = firstOfStrip - 1; i >= 0 && !extended; i--) {
        if (runs.x(i) + runs.width(i) == sx && runs.y(i) == y + r
            && runs.height(i) == end - r && runLabel[i] == label) {
          runs.set(i, runs.x(i), runs.y(i), runs.width(i) + sw, runs.height(i));
          extended = true;
        }
      }
      if (!extended) {
        addRun(sx, y + r, sw, end - r, label);
      }
      r = end;
    }
  }

  private void addRun(int x, int y, int w, int h, int label) {
    int i = runs.size();
    if (i == runLabel.length) {
      runLabel = java.util.Arrays.copyOf(runLabel, i * 2);
    }
    runLabel[i] = label;
    runs.add(x, y, w, h);
  }

  /**
   * A fingerprint of {@code length} bytes at {@code offset}: every third 8-byte word and the last
   * one, so a row costs about a third of a full pass. Equal rows always have equal fingerprints;
   * rows that differ only between the sampled words are told apart by the exact comparison.
   */
  static long fingerprint(ByteBuffer b, int offset, int length) {
    // Two chains over alternate sampled words: a multiply's latency, not the loads, bounded one
    // chain, so two halve the time of a row.
    long hash = 0x243F6A8885A308D3L ^ length;
    long odd = 0x13198A2E03707344L;
    int end = offset + length - 8;
    int p = offset;
    for (; p + 24 <= end; p += 48) {
      hash = Long.rotateLeft((hash ^ b.getLong(p)) * 0x9E3779B97F4A7C15L, 29);
      odd = Long.rotateLeft((odd ^ b.getLong(p + 24)) * 0x9E3779B97F4A7C15L, 29);
    }
    if (p <= end) {
      hash = Long.rotateLeft((hash ^ b.getLong(p)) * 0x9E3779B97F4A7C15L, 29);
    }
    hash ^= Long.rotateLeft(odd * 0xC2B2AE3D27D4EB4FL, 31);
    if (length >= 8) {
      hash = (hash ^ b.getLong(end)) * 0xC2B2AE3D27D4EB4FL;
    } else {
      for (int i = offset; i < offset + length; i++) {
        hash = (hash ^ b.get(i)) * 0xC2B2AE3D27D4EB4FL;
      }
    }
    return hash ^ (hash >>> 31);
  }

  /**
   * Whether strip {@code s} of row {@code row} of the current frame equals the previous frame's
   * at row {@code row + d}: compared together with the strips to its right, once per row and
   * shift (see {@link #equalStamp}).
   */
  private boolean sameAt(int s, int row, int d) {
    if (row != equalRow || d != equalShift) {
      equalRow = row;
      equalShift = d;
      if (++equalNow == 0) {
        java.util.Arrays.fill(equalStamp, 0);
        equalNow = 1;
      }
    }
    if (equalStamp[s] != equalNow) {
      int start = (regionX + s * STRIP) * 3;
      int length = (regionX + regionW) * 3 - start;
      int m = mismatch(row * stride + start, (row + d) * stride + start, length);
      // The first strip that differs, or all of them up to the region's right edge are equal.
      int differs = m < 0 ? regionStrips : Math.min(regionStrips - 1, s + m / 3 / STRIP);
      for (int i = s; i < differs; i++) {
        equalStamp[i] = equalNow;
        equalStrip[i] = true;
      }
      if (differs < regionStrips) {
        equalStamp[differs] = equalNow;
        equalStrip[differs] = false;
      }
    }
    return equalStrip[s];
  }

  /**
   * Index of the first byte of {@code length} at {@code pc} in the current frame that differs from
   * the previous frame's at {@code pp}, or -1: {@link ByteBuffer#mismatch}, which the JDK compares
   * with vector instructions, on views whose window moves (no allocation).
   */
  private int mismatch(int pc, int pp, int length) {
    curView.limit(curView.capacity()).position(pc).limit(pc + length);
    prevView.limit(prevView.capacity()).position(pp).limit(pp + length);
    return curView.mismatch(prevView);
  }

  /**
   * Whether {@code length} bytes of {@code a} at {@code pa} equal those of {@code b} at {@code
   * pb}.
   */
  public static boolean equal(ByteBuffer a, int pa, ByteBuffer b, int pb, int length) {
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      if (a.getLong(pa + i) != b.getLong(pb + i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (a.get(pa + i) != b.get(pb + i)) {
        return false;
      }
    }
    return true;
  }
}

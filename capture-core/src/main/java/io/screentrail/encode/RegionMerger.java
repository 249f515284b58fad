package io.screentrail.encode;

import io.screentrail.internal.RectList;

/**
 * Merges a delta frame's image regions into fewer, larger ones when that should cost fewer bytes.
 *
 * <p>Every image region carries a fixed overhead: the image's own headers (a JPEG's quantization
 * and Huffman tables, about 300-600 bytes), its record header in {@code frames.bin} and its entry
 * in the frame record. The scroll finder works in 64-pixel column strips, so a few new terminal
 * lines become seven to ten small images of about 2 KB, a third of which is overhead. Two regions
 * are merged into their bounding box when the pixels the box adds, at the bytes per pixel recently
 * observed, cost less than the overhead saved. Regions the box touches join it, so the regions
 * stay disjoint.
 *
 * <p>The pixels a box adds are shown as they are in the encoder's current frame. That is only
 * right where the reader already shows those pixels, so a {@link Guard} approves every row segment
 * the box adds; without redaction the current frame is exactly what was stored and no guard is
 * needed.
 *
 * <p>Runs on the encoder thread; not thread-safe. Allocation-free once its scratch arrays have
 * grown to the largest region count seen.
 */
public final class RegionMerger {

  /** Approves pixels that a merged region adds beyond the regions it was made of. */
  @FunctionalInterface
  public interface Guard {
    /**
     * Whether the current frame's pixels {@code x .. x + w - 1} of row {@code y} may be stored:
     * they already are what a reader shows there once this frame's copies are applied.
     */
    boolean mayInclude(int x, int y, int w);
  }

  /** Weight of the newest frame in the bytes-per-pixel average. */
  private static final double NEWEST_WEIGHT = 0.2;

  private final int overheadBytes;
  private double bytesPerPixel;
  private boolean[] member = new boolean[64];
  private int[] spans = new int[128];

  /**
   * @param overheadBytes what one image region costs beyond its pixels (image headers, record
   *     header, its entry in the frame record)
   * @param bytesPerPixel the starting estimate of what an encoded pixel costs
   */
  public RegionMerger(int overheadBytes, double bytesPerPixel) {
    if (overheadBytes < 0) {
      throw new IllegalArgumentException("overheadBytes must be >= 0, was " + overheadBytes);
    }
    if (!(bytesPerPixel > 0)) {
      throw new IllegalArgumentException("bytesPerPixel must be > 0, was " + bytesPerPixel);
    }
    this.overheadBytes = overheadBytes;
    this.bytesPerPixel = bytesPerPixel;
  }

  /** The current estimate of an encoded pixel's cost, in bytes. */
  public double bytesPerPixel() {
    return bytesPerPixel;
  }

  /**
   * Feeds the estimate with one encoded region: {@code pixels} pixels took {@code bytes} bytes,
   * headers included.
   */
  public void observe(long pixels, int bytes) {
    if (pixels <= 0) {
      return;
    }
    int data = Math.max(0, bytes - overheadBytes);
    double observed = Math.max(0.01, (double) data / pixels);
    bytesPerPixel += NEWEST_WEIGHT * (observed - bytesPerPixel);
  }

  /**
   * Merges regions of {@code rects} (disjoint) in place while a merge is expected to save bytes.
   *
   * @param guard approves the pixels a merged region adds; null: every pixel may be added
   * @return how many regions were merged away
   */
  public int merge(RectList rects, Guard guard) {
    int merged = 0;
    boolean again = true;
    while (again) {
      again = false;
      search:
      for (int i = 0; i < rects.size(); i++) {
        for (int j = i + 1; j < rects.size(); j++) {
          if (tryMerge(rects, i, j, guard)) {
            merged += removeMembers(rects);
            again = true;
            break search;
          }
        }
      }
    }
    return merged;
  }

  /**
   * Grows the bounding box of regions {@code i} and {@code j} over every region it touches; when
   * the overhead saved outweighs the pixels added and the guard approves them, stores the box in
   * {@code i} and marks the regions it replaces in {@link #member}.
   */
  private boolean tryMerge(RectList r, int i, int j, Guard guard) {
    int x0 = Math.min(r.x(i), r.x(j));
    int y0 = Math.min(r.y(i), r.y(j));
    int x1 = Math.max(r.x(i) + r.width(i), r.x(j) + r.width(j));
    int y1 = Math.max(r.y(i) + r.height(i), r.y(j) + r.height(j));
    long pairArea = (long) r.width(i) * r.height(i) + (long) r.width(j) * r.height(j);
    // Cheap rejection first: most pairs are far apart.
    if (((long) (x1 - x0) * (y1 - y0) - pairArea) * bytesPerPixel >= overheadBytes) {
      return false;
    }
    int n = r.size();
    if (member.length < n) {
      member = new boolean[n * 2];
    }
    java.util.Arrays.fill(member, 0, n, false);
    member[i] = true;
    member[j] = true;
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int k = 0; k < n; k++) {
        if (!member[k] && r.x(k) < x1 && r.x(k) + r.width(k) > x0 && r.y(k) < y1
            && r.y(k) + r.height(k) > y0) {
          member[k] = true;
          x0 = Math.min(x0, r.x(k));
          y0 = Math.min(y0, r.y(k));
          x1 = Math.max(x1, r.x(k) + r.width(k));
          y1 = Math.max(y1, r.y(k) + r.height(k));
          grew = true;
        }
      }
    }
    long covered = 0;
    int members = 0;
    for (int k = 0; k < n; k++) {
      if (member[k]) {
        covered += (long) r.width(k) * r.height(k);
        members++;
      }
    }
    long added = (long) (x1 - x0) * (y1 - y0) - covered;
    if (added * bytesPerPixel >= (double) (members - 1) * overheadBytes) {
      return false;
    }
    if (guard != null && added > 0 && !addedPixelsAllowed(r, x0, y0, x1, y1, guard)) {
      return false;
    }
    r.set(i, x0, y0, x1 - x0, y1 - y0);
    member[i] = false; // i now holds the box
    return true;
  }

  /** Asks the guard about every row segment of the box that no member region covers. */
  private boolean addedPixelsAllowed(RectList r, int x0, int y0, int x1, int y1, Guard guard) {
    int n = r.size();
    if (spans.length < 2 * n) {
      spans = new int[4 * n];
    }
    for (int y = y0; y < y1; y++) {
      // The members' spans on this row, sorted by start (few: insertion sort).
      int count = 0;
      for (int k = 0; k < n; k++) {
        if (member[k] && r.y(k) <= y && y < r.y(k) + r.height(k)) {
          int s = r.x(k);
          int e = s + r.width(k);
          int at = count++;
          while (at > 0 && spans[2 * (at - 1)] > s) {
            spans[2 * at] = spans[2 * (at - 1)];
            spans[2 * at + 1] = spans[2 * (at - 1) + 1];
            at--;
          }
          spans[2 * at] = s;
          spans[2 * at + 1] = e;
        }
      }
      int x = x0;
      for (int s = 0; s < count; s++) {
        if (spans[2 * s] > x && !guard.mayInclude(x, y, spans[2 * s] - x)) {
          return false;
        }
        x = Math.max(x, spans[2 * s + 1]);
      }
      if (x < x1 && !guard.mayInclude(x, y, x1 - x)) {
        return false;
      }
    }
    return true;
  }

  /** Removes the regions marked as merged into the box; returns how many. */
  private int removeMembers(RectList r) {
    int removed = 0;
    // From the end: removeSwap moves the last region, already visited, into the freed place.
    for (int k = r.size() - 1; k >= 0; k--) {
      if (member[k]) {
        r.removeSwap(k);
        removed++;
      }
    }
    return removed;
  }
}

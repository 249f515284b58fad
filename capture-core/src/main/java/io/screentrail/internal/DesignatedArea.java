package io.screentrail.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The part of a frame that designated windows show, and the blanking of everything else.
 *
 * <p>Windows are added bottom to top, in desktop pixels, each designated or not. {@link
 * #compute()} keeps of each designated window what no undesignated window above it covers (a
 * denied window always wins), clipped to the frame; {@link #blank} then fills every other pixel
 * of a 4-byte-per-pixel frame with zero (black). Runs on the capture thread; reuses its lists and
 * arrays, so it allocates only while they grow to the desktop's window count.
 */
public final class DesignatedArea {

  private final int width;
  private final int height;
  private final int originX;
  private final int originY;
  private final RectList windows = new RectList(64);
  private boolean[] designated = new boolean[64];
  private final RectList visible = new RectList(64);
  private final RectList pieces = new RectList(16);
  private final RectList next = new RectList(16);
  private int[] edges = new int[2 * 64 + 2];
  private int[] spanStart = new int[64];
  private int[] spanEnd = new int[64];
  private byte[] zeros = new byte[0];

  /**
   * @param width frame width in pixels
   * @param height frame height in pixels
   * @param originX desktop x of frame pixel (0, 0)
   * @param originY desktop y of frame pixel (0, 0)
   */
  public DesignatedArea(int width, int height, int originX, int originY) {
    this.width = width;
    this.height = height;
    this.originX = originX;
    this.originY = originY;
  }

  /** Forgets the windows of the previous frame. */
  public void clear() {
    windows.clear();
    visible.clear();
  }

  /** Adds the next window up the stacking order, in desktop pixels. */
  public void addWindow(int x, int y, int w, int h, boolean isDesignated) {
    if (w <= 0 || h <= 0) {
      return;
    }
    int i = windows.size();
    windows.add(x - originX, y - originY, w, h);
    if (i == designated.length) {
      designated = Arrays.copyOf(designated, i * 2);
    }
    designated[i] = isDesignated;
  }

  /**
   * Computes the visible designated rectangles (in frame pixels).
   *
   * @return how many there are; 0 means no designated pixel is visible
   */
  public int compute() {
    visible.clear();
    int n = windows.size();
    for (int i = 0; i < n; i++) {
      if (!designated[i]) {
        continue;
      }
      pieces.clear();
      int x0 = Math.max(0, windows.x(i));
      int y0 = Math.max(0, windows.y(i));
      int x1 = Math.min(width, windows.x(i) + windows.width(i));
      int y1 = Math.min(height, windows.y(i) + windows.height(i));
      if (x1 <= x0 || y1 <= y0) {
        continue;
      }
      pieces.add(x0, y0, x1 - x0, y1 - y0);
      for (int j = i + 1; j < n && pieces.size() > 0; j++) {
        if (!designated[j]) {
          subtract(windows.x(j), windows.y(j), windows.width(j), windows.height(j));
        }
      }
      for (int k = 0; k < pieces.size(); k++) {
        visible.add(pieces.x(k), pieces.y(k), pieces.width(k), pieces.height(k));
      }
    }
    return visible.size();
  }

  /** The visible designated rectangles of the last {@link #compute()}, in frame pixels. */
  public RectList visible() {
    return visible;
  }

  /** Removes the rectangle from every piece: each piece splits into at most four. */
  private void subtract(int bx, int by, int bw, int bh) {
    next.clear();
    int bx1 = bx + bw;
    int by1 = by + bh;
    for (int k = 0; k < pieces.size(); k++) {
      int px = pieces.x(k);
      int py = pieces.y(k);
      int px1 = px + pieces.width(k);
      int py1 = py + pieces.height(k);
      if (bx >= px1 || bx1 <= px || by >= py1 || by1 <= py) {
        next.add(px, py, px1 - px, py1 - py);
        continue;
      }
      int cy0 = Math.max(py, by);
      int cy1 = Math.min(py1, by1);
      if (py < cy0) {
        next.add(px, py, px1 - px, cy0 - py); // above the cover
      }
      if (cy1 < py1) {
        next.add(px, cy1, px1 - px, py1 - cy1); // below
      }
      if (px < bx) {
        next.add(px, cy0, bx - px, cy1 - cy0); // left
      }
      if (bx1 < px1) {
        next.add(bx1, cy0, px1 - bx1, cy1 - cy0); // right
      }
    }
    pieces.copyFrom(next);
  }

  /**
   * Fills every pixel outside the visible designated rectangles with zero. Rows are handled in
   * bands between rectangle edges, so the cost is one pass of writes over the blanked bytes.
   *
   * @param pixels the frame, {@code bytesPerPixel} bytes per pixel, rows {@code stride} apart
   */
  public void blank(ByteBuffer pixels, int stride, int bytesPerPixel) {
    if (zeros.length < width * bytesPerPixel) {
      zeros = new byte[width * bytesPerPixel];
    }
    int r = visible.size();
    if (spanStart.length < r) {
      edges = new int[4 * r + 2];
      spanStart = new int[2 * r];
      spanEnd = new int[2 * r];
    }
    int e = 0;
    edges[e++] = 0;
    edges[e++] = height;
    for (int i = 0; i < r; i++) {
      edges[e++] = visible.y(i);
      edges[e++] = visible.y(i) + visible.height(i);
    }
    Arrays.sort(edges, 0, e);
    for (int b = 0; b + 1 < e; b++) {
      int y0 = edges[b];
      int y1 = edges[b + 1];
      if (y1 <= y0) {
        continue;
      }
      int spans = spansCovering(y0);
      for (int y = y0; y < y1; y++) {
        int row = y * stride;
        int x = 0;
        for (int s = 0; s < spans; s++) {
          if (spanStart[s] > x) {
            pixels.put(row + x * bytesPerPixel, zeros, 0, (spanStart[s] - x) * bytesPerPixel);
          }
          x = Math.max(x, spanEnd[s]);
        }
        if (x < width) {
          pixels.put(row + x * bytesPerPixel, zeros, 0, (width - x) * bytesPerPixel);
        }
      }
    }
  }

  /** The x spans of the rectangles that cover row {@code y}, sorted by start. */
  private int spansCovering(int y) {
    int n = 0;
    for (int i = 0; i < visible.size(); i++) {
      if (visible.y(i) <= y && y < visible.y(i) + visible.height(i)) {
        int s = visible.x(i);
        int end = s + visible.width(i);
        int at = n++;
        while (at > 0 && spanStart[at - 1] > s) { // insertion sort: a handful of spans
          spanStart[at] = spanStart[at - 1];
          spanEnd[at] = spanEnd[at - 1];
          at--;
        }
        spanStart[at] = s;
        spanEnd[at] = end;
      }
    }
    return n;
  }
}

package io.screentrail.diff;

import io.screentrail.internal.RectList;

/**
 * Groups changed tiles into rectangles: each 8-connected group of changed tiles becomes its
 * bounding box in pixels, clipped to the frame, and boxes that overlap or nearly touch are merged,
 * so a caret blink and a repainted paragraph give one small and one large region rather than
 * dozens of tile-sized ones.
 *
 * <p>Not thread-safe; allocates only in the constructor.
 */
public final class TileRegions {

  private final int tilesX;
  private final int tilesY;
  private final int tileSize;
  private final int width;
  private final int height;
  private final int[] stack;
  private final boolean[] seen;

  /** Regions for a {@code width x height} frame cut into {@code tileSize} tiles. */
  public TileRegions(int width, int height, int tileSize) {
    this.width = width;
    this.height = height;
    this.tileSize = tileSize;
    this.tilesX = (width + tileSize - 1) / tileSize;
    this.tilesY = (height + tileSize - 1) / tileSize;
    this.stack = new int[tilesX * tilesY];
    this.seen = new boolean[tilesX * tilesY];
  }

  /**
   * Fills {@code out} with the pixel rectangles of the changed tiles in {@code mask} (row-major,
   * {@code tilesX} a row).
   */
  public void group(boolean[] mask, RectList out) {
    out.clear();
    java.util.Arrays.fill(seen, false);
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || seen[start]) {
        continue;
      }
      int minX = Integer.MAX_VALUE;
      int minY = Integer.MAX_VALUE;
      int maxX = -1;
      int maxY = -1;
      int top = 0;
      stack[top++] = start;
      seen[start] = true;
      while (top > 0) {
        int t = stack[--top];
        int tx = t % tilesX;
        int ty = t / tilesX;
        minX = Math.min(minX, tx);
        maxX = Math.max(maxX, tx);
        minY = Math.min(minY, ty);
        maxY = Math.max(maxY, ty);
        for (int dy = -1; dy <= 1; dy++) {
          int ny = ty + dy;
          if (ny < 0 || ny >= tilesY) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int nx = tx + dx;
            if (nx < 0 || nx >= tilesX) {
              continue;
            }
            int n = ny * tilesX + nx;
            if (mask[n] && !seen[n]) {
              seen[n] = true;
              stack[top++] = n;
            }
          }
        }
      }
      int px = minX * tileSize;
      int py = minY * tileSize;
      out.add(px, py, Math.min(width, (maxX + 1) * tileSize) - px,
          Math.min(height, (maxY + 1) * tileSize) - py);
    }
    mergeOverlapping(out, 0);
  }

  /**
   * Merges rectangles that overlap or lie within {@code gap} pixels of each other until none do.
   * Quadratic in the count, which stays small (tens) after grouping.
   */
  public static void mergeOverlapping(RectList rects, int gap) {
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < rects.size(); i++) {
        for (int j = i + 1; j < rects.size(); j++) {
          if (near(rects, i, j, gap)) {
            int x0 = Math.min(rects.x(i), rects.x(j));
            int y0 = Math.min(rects.y(i), rects.y(j));
            int x1 = Math.max(rects.x(i) + rects.width(i), rects.x(j) + rects.width(j));
            int y1 = Math.max(rects.y(i) + rects.height(i), rects.y(j) + rects.height(j));
            rects.set(i, x0, y0, x1 - x0, y1 - y0);
            rects.removeSwap(j);
            merged = true;
            break outer;
          }
        }
      }
    }
  }

  private static boolean near(RectList r, int i, int j, int gap) {
    return r.x(i) - gap < r.x(j) + r.width(j)
        && r.x(j) - gap < r.x(i) + r.width(i)
        && r.y(i) - gap < r.y(j) + r.height(j)
        && r.y(j) - gap < r.y(i) + r.height(i);
  }
}

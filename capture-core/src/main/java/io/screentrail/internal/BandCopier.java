package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies a changed frame into a recycled slot, but only the tiles that differ from what the slot
 * already holds, instead of the whole frame (8 MB at 1080p, about a millisecond: more than finding
 * the change), and converts them from the source's BGRX to the slot's BGR on the way. Runs of
 * stale tiles side by side, and the same runs in the tile rows below, are converted as one
 * rectangle (one OpenCV call); a tile row stale from edge to edge is one rectangle.
 *
 * <p>Each hand-off gets a version number, and each tile remembers the version of the last
 * hand-off in which it changed. A slot remembers the version it was filled at. A tile that has not
 * changed in any hand-off since then still equals the slot's copy: the change detector compares
 * against the last handed-off frame, so a tile unchanged at every hand-off since the slot's kept
 * its pixels (up to a CRC32C collision, which the whole engine accepts). The slot therefore needs
 * only the tiles changed since its version, which include the tiles changed now. A slot never
 * filled (version -1) is converted whole.
 *
 * <p>It copied whole tile rows until the capture thread was profiled on a desktop with a
 * terminal, a clock and a browser side by side: the copy was half of that thread's CPU, and the
 * rows the three windows share were mostly other windows' unchanged pixels. It copied BGRX
 * until the encoder thread was profiled: the encoder then converted the same tiles to BGR again,
 * reading them cold from the other core's writes (a sixth of its CPU); converting here, where the
 * pixels are read anyway, costs about what the copy cost.
 *
 * <p>Capture thread only. Allocates nothing after the first hand-offs: the Mat headers of the
 * rectangles are two {@link MatWindow}s, moved over each rectangle (they were two new JavaCPP
 * headers a rectangle, about 290 bytes and two {@code /proc/self/statm} reads a changed tick).
 */
public final class BandCopier implements AutoCloseable {

  private final int tilesX;
  private final int tilesY;
  private final int tileSize;
  private final int height;
  private final int width;
  private final long[] tileVersion;
  /** Rectangles being grown downwards, in tiles: first column, end column, first tile row. */
  private final int[] openFrom;
  private final int[] openTo;
  private final int[] openRow;
  private final int[] nextFrom;
  private final int[] nextTo;
  private final int[] nextRow;
  private int open;
  /** Headers over the source and the slots, moved per rectangle instead of made anew. */
  private final MatWindow fromWindow = new MatWindow(2);
  private final MatWindow toWindow = new MatWindow(8);
  private Mat src;
  private Mat dst;
  private long version;
  private long lastBytes;
  private int lastRectangles;

  /** A copier for frames of {@code width x height} cut into {@code tileSize} tiles. */
  public BandCopier(int tilesX, int tilesY, int tileSize, int width, int height) {
    this.tilesX = tilesX;
    this.tilesY = tilesY;
    this.tileSize = tileSize;
    this.width = width;
    this.height = height;
    this.tileVersion = new long[tilesX * tilesY];
    this.openFrom = new int[tilesX];
    this.openTo = new int[tilesX];
    this.openRow = new int[tilesX];
    this.nextFrom = new int[tilesX];
    this.nextTo = new int[tilesX];
    this.nextRow = new int[tilesX];
  }

  /**
   * Records the hand-off of a frame whose changed tiles are {@code changedTiles} (row-major) and
   * brings {@code dst}, last filled at {@code dstVersion}, up to {@code src}.
   *
   * @param src the frame, BGRX ({@code CV_8UC4}), {@code height x width}
   * @param dst the slot, BGR ({@code CV_8UC3}), the same size
   * @return the version {@code dst} holds now, to pass back next time it is filled
   */
  public long handOff(Mat src, Mat dst, long dstVersion, boolean[] changedTiles) {
    long v = ++version;
    for (int i = 0; i < tileVersion.length; i++) {
      if (changedTiles[i]) {
        tileVersion[i] = v;
      }
    }
    this.src = src;
    this.dst = dst;
    lastBytes = 0;
    lastRectangles = 0;
    open = 0;
    for (int ty = 0; ty < tilesY; ty++) {
      int base = ty * tilesX;
      int next = 0;
      int tx = 0;
      while (tx < tilesX) {
        if (dstVersion >= 0 && tileVersion[base + tx] <= dstVersion) {
          tx++;
          continue;
        }
        int first = tx;
        while (tx < tilesX && (dstVersion < 0 || tileVersion[base + tx] > dstVersion)) {
          tx++;
        }
        // The same columns stale in the row above: that rectangle grows by this tile row.
        int startRow = ty;
        for (int k = 0; k < open; k++) {
          if (openFrom[k] == first && openTo[k] == tx) {
            startRow = openRow[k];
            openTo[k] = -1;
            break;
          }
        }
        nextFrom[next] = first;
        nextTo[next] = tx;
        nextRow[next] = startRow;
        next++;
      }
      flushOpen(ty);
      System.arraycopy(nextFrom, 0, openFrom, 0, next);
      System.arraycopy(nextTo, 0, openTo, 0, next);
      System.arraycopy(nextRow, 0, openRow, 0, next);
      open = next;
    }
    flushOpen(tilesY);
    this.src = null;
    this.dst = null;
    return v;
  }

  /** Converts the open rectangles that did not grow into tile row {@code endRow}. */
  private void flushOpen(int endRow) {
    for (int k = 0; k < open; k++) {
      if (openTo[k] < 0) {
        continue;
      }
      int x = openFrom[k] * tileSize;
      int y = openRow[k] * tileSize;
      int w = Math.min(width, openTo[k] * tileSize) - x;
      int h = Math.min(height, endRow * tileSize) - y;
      cvtColor(fromWindow.of(src, x, y, w, h), toWindow.of(dst, x, y, w, h), COLOR_BGRA2BGR);
      lastBytes += (long) w * h * 4;
      lastRectangles++;
    }
  }

  /** Bytes of the source the last {@link #handOff} converted (four a pixel). */
  public long lastBytes() {
    return lastBytes;
  }

  /** Rectangles (OpenCV calls) the last {@link #handOff} converted. */
  public int lastRectangles() {
    return lastRectangles;
  }

  @Override
  public void close() {
    fromWindow.close();
    toWindow.close();
  }
}

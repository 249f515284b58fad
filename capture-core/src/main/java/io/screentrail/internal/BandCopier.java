package io.screentrail.internal;

import java.nio.ByteBuffer;

/**
 * Copies a changed frame into a recycled slot, but only the tiles that differ from what the slot
 * already holds, instead of the whole frame (8 MB at 1080p, about a millisecond: more than finding
 * the change). Runs of stale tiles side by side are copied row by row; a tile row stale from edge
 * to edge is one copy.
 *
 * <p>Each hand-off gets a version number, and each tile remembers the version of the last
 * hand-off in which it changed. A slot remembers the version it was filled at. A tile that has not
 * changed in any hand-off since then still equals the slot's copy: the change detector compares
 * against the last handed-off frame, so a tile unchanged at every hand-off since the slot's kept
 * its pixels (up to a CRC32C collision, which the whole engine accepts). The slot therefore needs
 * only the tiles changed since its version, which include the tiles changed now. A slot never
 * filled (version -1) is copied whole.
 *
 * <p>It copied whole tile rows until the capture thread was profiled on a desktop with a
 * terminal, a clock and a browser side by side: the copy was half of that thread's CPU, and the
 * rows the three windows share were mostly other windows' unchanged pixels.
 *
 * <p>Capture thread only; allocation-free.
 */
public final class BandCopier {

  private final int tilesX;
  private final int tilesY;
  private final int tileSize;
  private final int height;
  private final int stride;
  private final long[] tileVersion;
  private long version;
  private long lastBytes;

  public BandCopier(int tilesX, int tilesY, int tileSize, int height, int stride) {
    this.tilesX = tilesX;
    this.tilesY = tilesY;
    this.tileSize = tileSize;
    this.height = height;
    this.stride = stride;
    this.tileVersion = new long[tilesX * tilesY];
  }

  /**
   * Records the hand-off of a frame whose changed tiles are {@code changedTiles} (row-major) and
   * brings {@code dst}, last filled at {@code dstVersion}, up to {@code src}.
   *
   * @return the version {@code dst} holds now, to pass back next time it is filled
   */
  public long handOff(ByteBuffer src, ByteBuffer dst, long dstVersion, boolean[] changedTiles) {
    long v = ++version;
    for (int i = 0; i < tileVersion.length; i++) {
      if (changedTiles[i]) {
        tileVersion[i] = v;
      }
    }
    long bytes = 0;
    int tileBytes = tileSize * 4;
    for (int ty = 0; ty < tilesY; ty++) {
      int base = ty * tilesX;
      int y0 = ty * tileSize;
      int y1 = Math.min(height, y0 + tileSize);
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
        if (first == 0 && tx == tilesX) {
          // The whole tile row: one copy.
          int off = y0 * stride;
          int len = (y1 - y0) * stride;
          dst.put(off, src, off, len);
          bytes += len;
          continue;
        }
        int x0 = first * tileBytes;
        int len = Math.min(stride, tx * tileBytes) - x0;
        for (int y = y0; y < y1; y++) {
          int off = y * stride + x0;
          dst.put(off, src, off, len);
        }
        bytes += (long) len * (y1 - y0);
      }
    }
    lastBytes = bytes;
    return v;
  }

  /** Bytes the last {@link #handOff} copied. */
  public long lastBytes() {
    return lastBytes;
  }
}

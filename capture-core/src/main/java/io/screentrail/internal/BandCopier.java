package io.screentrail.internal;

import java.nio.ByteBuffer;

/**
 * Copies a changed frame into a recycled slot, but only the tile rows (bands of {@code tileSize}
 * pixel rows) that differ from what the slot already holds, instead of the whole frame (8 MB at
 * 1080p, about a millisecond: more than finding the change).
 *
 * <p>Each hand-off gets a version number, and each tile row remembers the version of the last
 * hand-off in which it changed. A slot remembers the version it was filled at. A row that has not
 * changed in any hand-off since then still equals the slot's copy: the change detector compares
 * against the last handed-off frame, so a row unchanged at every hand-off since the slot's kept
 * its pixels (up to a CRC32C collision, which the whole engine accepts). The slot therefore needs
 * only the rows changed since its version, which include the rows changed now. A slot never
 * filled (version -1) is copied whole.
 *
 * <p>Capture thread only; allocation-free.
 */
public final class BandCopier {

  private final int tilesX;
  private final int tilesY;
  private final int tileSize;
  private final int height;
  private final int stride;
  private final long[] rowVersion;
  private long version;
  private long lastBytes;

  public BandCopier(int tilesX, int tilesY, int tileSize, int height, int stride) {
    this.tilesX = tilesX;
    this.tilesY = tilesY;
    this.tileSize = tileSize;
    this.height = height;
    this.stride = stride;
    this.rowVersion = new long[tilesY];
  }

  /**
   * Records the hand-off of a frame whose changed tiles are {@code changedTiles} (row-major) and
   * brings {@code dst}, last filled at {@code dstVersion}, up to {@code src}.
   *
   * @return the version {@code dst} holds now, to pass back next time it is filled
   */
  public long handOff(ByteBuffer src, ByteBuffer dst, long dstVersion, boolean[] changedTiles) {
    long v = ++version;
    for (int ty = 0; ty < tilesY; ty++) {
      int base = ty * tilesX;
      for (int tx = 0; tx < tilesX; tx++) {
        if (changedTiles[base + tx]) {
          rowVersion[ty] = v;
          break;
        }
      }
    }
    long bytes = 0;
    int ty = 0;
    while (ty < tilesY) {
      if (dstVersion >= 0 && rowVersion[ty] <= dstVersion) {
        ty++;
        continue;
      }
      // One copy for a run of stale rows.
      int first = ty;
      while (ty < tilesY && (dstVersion < 0 || rowVersion[ty] > dstVersion)) {
        ty++;
      }
      int y0 = first * tileSize;
      int y1 = Math.min(height, ty * tileSize);
      int off = y0 * stride;
      int len = (y1 - y0) * stride;
      dst.put(off, src, off, len);
      bytes += len;
    }
    lastBytes = bytes;
    return v;
  }

  /** Bytes the last {@link #handOff} copied. */
  public long lastBytes() {
    return lastBytes;
  }
}

package io.screentrail.diff;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Finds which fixed-size tiles of a frame differ from a reference, by hashing each tile straight
 * on the capture buffer (CRC32C, which the JVM runs on the CPU's CRC instruction).
 *
 * <p>The reference is the hash set of the last frame the caller {@linkplain #commit() committed}:
 * the engine commits only frames it handed on to be stored, so a frame dropped under load leaves
 * the reference alone and its changes are found again in the next frame.
 *
 * <p>Not thread-safe: one capture thread owns an instance. Allocates in the constructor and once
 * per new frame buffer, never per frame.
 */
public final class TileChangeDetector {

  private final int width;
  private final int height;
  private final int tileSize;
  private final int tilesX;
  private final int tilesY;
  private final CRC32C[] rowHashers;
  private final int[] current;
  private final int[] reference;
  private final boolean[] changed;
  private boolean referenceValid;
  private int changedCount;
  /** A private view of the caller's buffer, made once per buffer so detect allocates nothing. */
  private ByteBuffer source;
  private ByteBuffer view;

  /**
   * @param width frame width in pixels
   * @param height frame height in pixels
   * @param tileSize tile edge in pixels, 8 to 1024
   */
  public TileChangeDetector(int width, int height, int tileSize) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame must not be empty, was " + width + "x" + height);
    }
    if (tileSize < 8 || tileSize > 1024) {
      throw new IllegalArgumentException("tileSize must be in [8, 1024], was " + tileSize);
    }
    this.width = width;
    this.height = height;
    this.tileSize = tileSize;
    this.tilesX = (width + tileSize - 1) / tileSize;
    this.tilesY = (height + tileSize - 1) / tileSize;
    this.rowHashers = new CRC32C[tilesX];
    for (int i = 0; i < tilesX; i++) {
      rowHashers[i] = new CRC32C();
    }
    this.current = new int[tilesX * tilesY];
    this.reference = new int[tilesX * tilesY];
    this.changed = new boolean[tilesX * tilesY];
  }

  /**
   * Hashes every tile of {@code frame} (BGRX, {@code stride} bytes a row) and marks those that
   * differ from the reference. Every tile counts as changed while there is no reference.
   *
   * @return how many tiles changed
   */
  public int detect(ByteBuffer frame, int stride) {
    int rowBytes = width * 4;
    int tileBytes = tileSize * 4;
    if (frame != source) {
      source = frame;
      view = frame.duplicate();
    }
    ByteBuffer view = this.view;
    for (int ty = 0; ty < tilesY; ty++) {
      for (CRC32C h : rowHashers) {
        h.reset();
      }
      int y0 = ty * tileSize;
      int y1 = Math.min(height, y0 + tileSize);
      for (int y = y0; y < y1; y++) {
        int rowStart = y * stride;
        for (int tx = 0; tx < tilesX; tx++) {
          int from = rowStart + tx * tileBytes;
          int to = Math.min(rowStart + rowBytes, from + tileBytes);
          view.limit(to).position(from);
          rowHashers[tx].update(view);
        }
      }
      int base = ty * tilesX;
      for (int tx = 0; tx < tilesX; tx++) {
        current[base + tx] = (int) rowHashers[tx].getValue();
      }
    }
    int count = 0;
    for (int i = 0; i < current.length; i++) {
      boolean c = !referenceValid || current[i] != reference[i];
      changed[i] = c;
      if (c) {
        count++;
      }
    }
    changedCount = count;
    return count;
  }

  /** Makes the hashes of the last {@link #detect} call the reference for the next ones. */
  public void commit() {
    System.arraycopy(current, 0, reference, 0, current.length);
    referenceValid = true;
  }

  /** Forgets the reference, so the next frame counts as entirely changed. */
  public void invalidate() {
    referenceValid = false;
    Arrays.fill(reference, 0);
  }

  /** Whether tile ({@code tx}, {@code ty}) changed in the last {@link #detect} call. */
  public boolean isChanged(int tx, int ty) {
    return changed[ty * tilesX + tx];
  }

  /** Copies the last change mask (row-major, {@link #tilesX()} a row) into {@code dst}. */
  public void copyMask(boolean[] dst) {
    System.arraycopy(changed, 0, dst, 0, changed.length);
  }

  /** Tiles that changed in the last {@link #detect} call. */
  public int changedCount() {
    return changedCount;
  }

  /** Tiles across. */
  public int tilesX() {
    return tilesX;
  }

  /** Tiles down. */
  public int tilesY() {
    return tilesY;
  }

  /** Tile edge in pixels. */
  public int tileSize() {
    return tileSize;
  }

  /** Total number of tiles. */
  public int tileCount() {
    return current.length;
  }
}

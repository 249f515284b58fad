package io.screentrail.diff;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Finds which fixed-size tiles of a frame differ from a reference, by hashing each tile straight
 * on the capture buffer (CRC32C, which the JVM runs on the CPU's CRC instruction). Each band of
 * one tile row is hashed whole first, in one pass over contiguous memory; only the tiles of bands
 * whose hash changed are hashed one by one.
 *
 * <p>The reference is the hash set of the last frame the caller {@linkplain #commit() committed}:
 * the engine commits only frames it handed on to be stored, so a frame dropped under load leaves
 * the reference alone and its changes are found again in the next frame.
 *
 * <p>With change hints from the X server, {@link #markDamaged} marks the tiles that were redrawn
 * and {@link #detectMarked} hashes only those; {@link #detect} still hashes everything, as the
 * fallback and as the periodic check of the hints ({@link #changedUnmarked()}).
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
  /** Tiles damaged since the last commit, and the tile rows holding any of them. */
  private final boolean[] marked;
  private final boolean[] markedRows;
  private int markedCount;
  /** One hash per tile row, to skip the tiles of unchanged bands; invalid where unknown. */
  private final CRC32C bandHasher = new CRC32C();
  private final int[] bandCurrent;
  private final int[] bandReference;
  private final boolean[] bandCurrentValid;
  private final boolean[] bandReferenceValid;
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
    this.marked = new boolean[tilesX * tilesY];
    this.markedRows = new boolean[tilesY];
    this.bandCurrent = new int[tilesY];
    this.bandReference = new int[tilesY];
    this.bandCurrentValid = new boolean[tilesY];
    this.bandReferenceValid = new boolean[tilesY];
  }

  /**
   * Hashes every tile of {@code frame} (BGRX, {@code stride} bytes a row) and marks those that
   * differ from the reference. Every tile counts as changed while there is no reference.
   *
   * @return how many tiles changed
   */
  public int detect(ByteBuffer frame, int stride) {
    ByteBuffer view = viewOf(frame);
    for (int ty = 0; ty < tilesY; ty++) {
      // One hash over the whole band first: an unchanged band (most of them) needs no tiles.
      bandCurrent[ty] = hashBand(view, stride, ty);
      bandCurrentValid[ty] = true;
      if (referenceValid && bandReferenceValid[ty] && bandCurrent[ty] == bandReference[ty]) {
        System.arraycopy(reference, ty * tilesX, current, ty * tilesX, tilesX);
      } else {
        hashTileRow(view, stride, ty, false);
      }
    }
    return compare(false);
  }

  /** CRC32C of the pixels of tile row {@code ty}, the stride's padding left out. */
  private int hashBand(ByteBuffer view, int stride, int ty) {
    int rowBytes = width * 4;
    int y0 = ty * tileSize;
    int y1 = Math.min(height, y0 + tileSize);
    CRC32C h = bandHasher;
    h.reset();
    if (stride == rowBytes) {
      view.limit(y1 * stride).position(y0 * stride);
      h.update(view);
    } else {
      for (int y = y0; y < y1; y++) {
        view.limit(y * stride + rowBytes).position(y * stride);
        h.update(view);
      }
    }
    return (int) h.getValue();
  }

  /**
   * Marks the tiles that a damaged rectangle (frame pixels) touches, for {@link #detectMarked}.
   * Marks stay until a {@link #commit()}, so the damage of a frame that was not stored (dropped
   * under load) is hashed again with the next one.
   */
  public void markDamaged(int x, int y, int w, int h) {
    int tx0 = Math.max(0, x / tileSize);
    int ty0 = Math.max(0, y / tileSize);
    int tx1 = Math.min(tilesX - 1, (x + w - 1) / tileSize);
    int ty1 = Math.min(tilesY - 1, (y + h - 1) / tileSize);
    for (int ty = ty0; ty <= ty1; ty++) {
      int base = ty * tilesX;
      for (int tx = tx0; tx <= tx1; tx++) {
        if (!marked[base + tx]) {
          marked[base + tx] = true;
          markedCount++;
        }
      }
      markedRows[ty] = true;
    }
  }

  /** Whether any tile is marked damaged and not committed yet. */
  public boolean hasMarks() {
    return markedCount > 0;
  }

  /** First pixel row of the marked tiles (0 when none is marked). */
  public int markedTop() {
    for (int ty = 0; ty < tilesY; ty++) {
      if (markedRows[ty]) {
        return ty * tileSize;
      }
    }
    return 0;
  }

  /** One past the last pixel row of the marked tiles (0 when none is marked). */
  public int markedBottom() {
    for (int ty = tilesY - 1; ty >= 0; ty--) {
      if (markedRows[ty]) {
        return Math.min(height, (ty + 1) * tileSize);
      }
    }
    return 0;
  }

  /**
   * Like {@link #detect} but hashes only the {@linkplain #markDamaged marked} tiles; the others
   * keep their reference hash, which is what the damage hints say they still have. Without a
   * reference it hashes everything.
   *
   * @return how many tiles changed
   */
  public int detectMarked(ByteBuffer frame, int stride) {
    if (!referenceValid) {
      return detect(frame, stride);
    }
    ByteBuffer view = viewOf(frame);
    for (int ty = 0; ty < tilesY; ty++) {
      if (markedRows[ty]) {
        hashTileRow(view, stride, ty, true);
        bandCurrentValid[ty] = false; // only some tiles hashed: the band's hash is unknown
      } else {
        bandCurrent[ty] = bandReference[ty];
        bandCurrentValid[ty] = bandReferenceValid[ty];
      }
    }
    return compare(true);
  }

  /** Tiles that the last {@link #detect} found changed although no damage was marked there. */
  public int changedUnmarked() {
    int n = 0;
    for (int i = 0; i < changed.length; i++) {
      if (changed[i] && !marked[i]) {
        n++;
      }
    }
    return n;
  }

  private ByteBuffer viewOf(ByteBuffer frame) {
    if (frame != source) {
      source = frame;
      view = frame.duplicate();
    }
    return view;
  }

  /** Hashes the tiles of tile row {@code ty} into {@code current}, only marked ones if asked. */
  private void hashTileRow(ByteBuffer view, int stride, int ty, boolean onlyMarked) {
    int rowBytes = width * 4;
    int tileBytes = tileSize * 4;
    int base = ty * tilesX;
    for (CRC32C h : rowHashers) {
      h.reset();
    }
    int y0 = ty * tileSize;
    int y1 = Math.min(height, y0 + tileSize);
    for (int y = y0; y < y1; y++) {
      int rowStart = y * stride;
      for (int tx = 0; tx < tilesX; tx++) {
        if (onlyMarked && !marked[base + tx]) {
          continue;
        }
        int from = rowStart + tx * tileBytes;
        int to = Math.min(rowStart + rowBytes, from + tileBytes);
        view.limit(to).position(from);
        rowHashers[tx].update(view);
      }
    }
    for (int tx = 0; tx < tilesX; tx++) {
      if (!onlyMarked || marked[base + tx]) {
        current[base + tx] = (int) rowHashers[tx].getValue();
      }
    }
  }

  /** Compares {@code current} with the reference; unmarked tiles take the reference if asked. */
  private int compare(boolean onlyMarked) {
    int count = 0;
    for (int i = 0; i < current.length; i++) {
      if (onlyMarked && !marked[i]) {
        current[i] = reference[i];
        changed[i] = false;
        continue;
      }
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
    System.arraycopy(bandCurrent, 0, bandReference, 0, tilesY);
    System.arraycopy(bandCurrentValid, 0, bandReferenceValid, 0, tilesY);
    referenceValid = true;
    if (markedCount > 0) {
      Arrays.fill(marked, false);
      Arrays.fill(markedRows, false);
      markedCount = 0;
    }
  }

  /** Forgets the reference, so the next frame counts as entirely changed. */
  public void invalidate() {
    referenceValid = false;
    Arrays.fill(reference, 0);
    Arrays.fill(bandReferenceValid, false);
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

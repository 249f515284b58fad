package io.screentrail.redact;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.zip.CRC32C;

/**
 * Hidden boxes remembered by the pixels they were hidden from. A box is blurred (or pixelated)
 * from its own pixels only ({@code BORDER_ISOLATED}), so the same pixels always give the same
 * hidden pixels: a box met again (the same screen again, a hidden line that scrolled, a
 * terminal's hidden prompt) takes them from here instead of from two Gaussian passes, which cost
 * most of a cached frame after line finding. A box is looked up by a CRC-32C of its pixels and
 * its size, and a hit is checked byte for byte against the pixels it was made from: the result
 * is exactly the one hiding would give.
 *
 * <p>Bounded by {@link #maxBytes} (the source and hidden pixels of each box), least recently used
 * out first. Not thread-safe: the redactor's thread owns it. The pixels of the box being looked
 * up are read into one buffer, grown to the largest box seen; a miss allocates its entry.
 */
final class HiddenBoxCache {

  /** Boxes larger than this, in bytes, are not remembered: a picture hidden whole, rarely met. */
  static final int MAX_BOX_BYTES = 256 << 10;

  private record Key(int crc, int width, int height) {}

  private record Entry(byte[] source, byte[] hidden) {}

  private final long maxBytes;
  private final CRC32C crc = new CRC32C();
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;
  private byte[] pixels = new byte[4096];
  private int length;
  private Key key;
  private long hits;
  private long misses;

  /** A cache holding at most {@code maxBytes} of source and hidden pixels together. */
  HiddenBoxCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the box at ({@code x}, {@code y}, {@code w}, {@code h}) of {@code source} (a frame of
   * {@code sourceStep} bytes a row and {@code pixel} bytes a pixel) and, when it was hidden
   * before, writes its hidden pixels to the same place in {@code target} (rows of {@code
   * targetStep} bytes) and returns true. On false the caller hides the box and may {@link
   * #remember} the result.
   */
  boolean apply(ByteBuffer source, int sourceStep, ByteBuffer target, int targetStep, int pixel,
      int x, int y, int w, int h) {
    int row = w * pixel;
    length = row * h;
    key = null;
    if (length > MAX_BOX_BYTES) {
      return false;
    }
    if (pixels.length < length) {
      pixels = new byte[Math.max(length, pixels.length * 2)];
    }
    int at = y * sourceStep + x * pixel;
    for (int r = 0; r < h; r++, at += sourceStep) {
      source.get(at, pixels, r * row, row);
    }
    crc.reset();
    crc.update(pixels, 0, length);
    key = new Key((int) crc.getValue(), w, h);
    Entry e = entries.get(key);
    if (e == null || !Arrays.equals(e.source, 0, length, pixels, 0, length)) {
      misses++;
      return false;
    }
    hits++;
    at = y * targetStep + x * pixel;
    for (int r = 0; r < h; r++, at += targetStep) {
      target.put(at, e.hidden, r * row, row);
    }
    return true;
  }

  /**
   * Remembers the hidden pixels now at the box of the last {@link #apply} that returned false,
   * in {@code target}, for the source pixels that call read.
   */
  void remember(ByteBuffer target, int step, int pixel, int x, int y, int w, int h) {
    if (key == null) {
      return;
    }
    int row = w * pixel;
    byte[] hidden = new byte[length];
    int at = y * step + x * pixel;
    for (int r = 0; r < h; r++, at += step) {
      target.get(at, hidden, r * row, row);
    }
    Entry old = entries.put(key, new Entry(Arrays.copyOf(pixels, length), hidden));
    if (old != null) {
      bytes -= 2L * old.source.length;
    }
    bytes += 2L * length;
    Iterator<Entry> eldest = entries.values().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= 2L * eldest.next().source.length;
      eldest.remove();
    }
    key = null;
  }

  /** Boxes answered from the cache so far. */
  long hits() {
    return hits;
  }

  /** Boxes looked up and not found (larger boxes are not counted). */
  long misses() {
    return misses;
  }

  /** Bytes held (source and hidden pixels). */
  long bytes() {
    return bytes;
  }

  /** Forgets every box. */
  void clear() {
    entries.clear();
    bytes = 0;
  }

  /** Entries held, for tests. */
  int size() {
    return entries.size();
  }
}

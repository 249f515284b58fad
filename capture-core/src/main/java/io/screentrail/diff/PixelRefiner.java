package io.screentrail.diff;

import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;

/**
 * Shrinks tile-aligned regions to the pixels that really changed: the bounding box of the bytes
 * where the current frame and the reference differ inside the region, byte by byte, so that a
 * change in any colour counts (a grey-scale difference misses colour-only changes).
 *
 * <p>It compares the two frames' bytes in place: rows from the top down to the first that
 * differs, from the bottom up to the last, and in between only the bytes left of the leftmost
 * and right of the rightmost difference found so far ({@link ByteBuffer#mismatch}, which the JDK
 * runs with vector instructions). So a region costs at most one pass over its bytes, often much
 * less, no difference buffer is written, and no native call or Mat header is made per region.
 * The box is exactly the one OpenCV's {@code absdiff} and {@code boundingRect} give over the
 * same bytes viewed as one channel.
 *
 * <p>Not thread-safe: one thread owns an instance. It allocates nothing per call.
 */
public final class PixelRefiner implements AutoCloseable {

  private final int stride;
  private ByteBuffer curSource;
  private ByteBuffer refSource;
  private ByteBuffer cur;
  private ByteBuffer ref;
  private ByteBuffer curView;
  private ByteBuffer refView;
  /** Views of each frame buffer, made once: the engine's buffers rotate between frames. */
  private final Views absolute = new Views(16);
  private final Views windows = new Views(16);

  /** A refiner for BGR frames of the given size, rows packed without padding. */
  public PixelRefiner(int width, int height) {
    this.stride = width * 3;
  }

  /**
   * For each rectangle of {@code coarse}, finds the tight box of pixels where {@code current} and
   * {@code reference} differ and adds it to {@code tight} (cleared first; touching boxes merged);
   * rectangles without a difference are left out.
   *
   * @param current BGR, {@code width * 3} bytes a row, from index 0
   * @param reference the same layout
   */
  public void refine(ByteBuffer current, ByteBuffer reference, RectList coarse, RectList tight) {
    views(current, reference);
    tight.clear();
    for (int i = 0; i < coarse.size(); i++) {
      refineOne(coarse.x(i), coarse.y(i), coarse.width(i), coarse.height(i), tight);
    }
    TileRegions.mergeOverlapping(tight, 0);
  }

  private void refineOne(int x, int y, int w, int h, RectList tight) {
    int rowBytes = w * 3;
    int top = 0;
    int first = -1;
    while (top < h && (first = firstDifference((y + top) * stride + x * 3, rowBytes)) < 0) {
      top++;
    }
    if (top == h) {
      return;
    }
    int bottom = h - 1;
    int last = lastDifference((y + top) * stride + x * 3, rowBytes, first);
    if (bottom > top) {
      int bottomFirst = -1;
      while (bottom > top
          && (bottomFirst = firstDifference((y + bottom) * stride + x * 3, rowBytes)) < 0) {
        bottom--;
      }
      if (bottom > top) {
        first = Math.min(first, bottomFirst);
        last = Math.max(last, lastDifference((y + bottom) * stride + x * 3, rowBytes,
            bottomFirst));
      }
    }
    // Rows in between can only widen the box: look left of its left edge and right of its right.
    for (int r = top + 1; r < bottom && (first > 0 || last < rowBytes - 1); r++) {
      int row = (y + r) * stride + x * 3;
      if (first > 0) {
        int d = firstDifference(row, first);
        if (d >= 0) {
          first = d;
        }
      }
      if (last < rowBytes - 1) {
        last = lastDifference(row, rowBytes, last + 1);
      }
    }
    // Columns of the byte view are bytes: three per pixel.
    int x0 = first / 3;
    int x1 = (last + 1 + 2) / 3;
    tight.add(x + x0, y + top, x1 - x0, bottom - top + 1);
  }

  /** Index of the first byte of {@code length} at {@code offset} that differs, or -1. */
  private int firstDifference(int offset, int length) {
    curView.limit(curView.capacity()).position(offset).limit(offset + length);
    refView.limit(refView.capacity()).position(offset).limit(offset + length);
    return curView.mismatch(refView);
  }

  /**
   * Index of the last byte of the row at {@code offset} ({@code length} bytes) that differs, when
   * it is at or after {@code from}; otherwise {@code from - 1}.
   */
  private int lastDifference(int offset, int length, int from) {
    int i = length;
    // Whole little-endian words from the end: the highest differing byte of a word is its last.
    while (i - 8 >= from) {
      long diff = cur.getLong(offset + i - 8) ^ ref.getLong(offset + i - 8);
      if (diff != 0) {
        return i - 1 - (Long.numberOfLeadingZeros(diff) >>> 3);
      }
      i -= 8;
    }
    while (i - 1 >= from) {
      if (cur.get(offset + i - 1) != ref.get(offset + i - 1)) {
        return i - 1;
      }
      i--;
    }
    return from - 1;
  }

  private void views(ByteBuffer current, ByteBuffer reference) {
    if (current != curSource) {
      curSource = current;
      cur = absolute.of(current);
      curView = windows.of(current);
    }
    if (reference != refSource) {
      refSource = reference;
      ref = absolute.of(reference);
      refView = windows.of(reference);
    }
  }

  @Override
  public void close() {
    // Nothing native to free: the refiner only reads its callers' buffers.
  }
}

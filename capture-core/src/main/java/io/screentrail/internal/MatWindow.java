package io.screentrail.internal;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A Mat header over a rectangle of another Mat's memory, moved in place for each rectangle
 * instead of made anew. {@code Mat.apply(Rect)} builds a native header per call, and JavaCPP
 * registers a deallocator for each, which reads {@code /proc/self/statm} to check the process's
 * size: on the capture thread two such headers per converted rectangle were all it allocated
 * (about 290 bytes a changed tick), and on the encoder thread one per image. Here one header is
 * made for the first parent seen; each call sets its data pointer, rows, columns and continuity
 * flag (plain field writes through JavaCPP, no native allocation).
 *
 * <p>Parents are remembered by identity with a pointer to their pixels, made once each: the
 * engine's frames rotate between a few fixed Mats. A parent's memory must not be reallocated
 * while it is in use here (the engine's frames never are). All parents must share the first
 * one's type and row step; a different one gets a header of its own made for the call (the slow
 * path, as before). The returned header is valid until the next call; do not close it.
 *
 * <p>Not thread-safe: one thread owns an instance.
 */
public final class MatWindow implements AutoCloseable {

  /** {@code cv::Mat::CONTINUOUS_FLAG}. */
  private static final int CONTINUOUS_FLAG = 1 << 14;

  /** {@code cv::Mat::SUBMATRIX_FLAG}. */
  private static final int SUBMATRIX_FLAG = 1 << 15;

  private final Mat[] parents;
  private final BytePointer[] bases;
  private int next;
  private Mat header;
  private int type;
  private long step;
  private int elemSize;
  private int parentRows;
  private int parentCols;
  private int headerFlags;
  private Mat slowHeader;

  /** A window remembering up to {@code capacity} parents; past that the oldest is looked up again. */
  public MatWindow(int capacity) {
    this.parents = new Mat[capacity];
    this.bases = new BytePointer[capacity];
  }

  /**
   * A header over the rectangle ({@code x}, {@code y}, {@code w}, {@code h}) of {@code parent}, as
   * {@code parent.apply(new Rect(x, y, w, h))} would give, which the caller must keep inside the
   * parent.
   */
  public Mat of(Mat parent, int x, int y, int w, int h) {
    BytePointer base = baseOf(parent);
    if (header == null) {
      type = parent.type();
      step = parent.step();
      elemSize = (int) parent.elemSize();
      parentRows = parent.rows();
      parentCols = parent.cols();
      header = new Mat(parentRows, parentCols, type, base.position(0), step);
      headerFlags = header.flags() & ~CONTINUOUS_FLAG;
    } else if (parent.type() != type || parent.step() != step || parent.rows() != parentRows
        || parent.cols() != parentCols) {
      return slowPath(parent, x, y, w, h);
    }
    // OpenCV treats a continuous Mat as one long row: only whole packed rows, or one row, are.
    boolean continuous = h == 1 || (w == parentCols && step == (long) parentCols * elemSize);
    int flags = headerFlags | (continuous ? CONTINUOUS_FLAG : 0)
        | (w == parentCols && h == parentRows ? 0 : SUBMATRIX_FLAG);
    header.datastart(base.position(0));
    header.dataend(base.position(step * (parentRows - 1) + (long) parentCols * elemSize));
    header.datalimit(base.position(step * parentRows));
    header.data(base.position(y * step + (long) x * elemSize));
    header.rows(h).cols(w).flags(flags);
    return header;
  }

  private Mat slowPath(Mat parent, int x, int y, int w, int h) {
    if (slowHeader != null) {
      slowHeader.close();
    }
    try (org.bytedeco.opencv.opencv_core.Rect r =
        new org.bytedeco.opencv.opencv_core.Rect(x, y, w, h)) {
      slowHeader = parent.apply(r);
    }
    return slowHeader;
  }

  private BytePointer baseOf(Mat parent) {
    for (int i = 0; i < parents.length; i++) {
      if (parents[i] == parent) {
        return bases[i];
      }
    }
    int i = next;
    next = (i + 1) % parents.length;
    parents[i] = parent;
    bases[i] = parent.data();
    return bases[i];
  }

  @Override
  public void close() {
    if (header != null) {
      header.close();
      header = null;
    }
    if (slowHeader != null) {
      slowHeader.close();
      slowHeader = null;
    }
    java.util.Arrays.fill(parents, null);
    java.util.Arrays.fill(bases, null);
  }
}

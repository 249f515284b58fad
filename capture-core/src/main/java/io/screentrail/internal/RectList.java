package io.screentrail.internal;

/**
 * A reusable list of rectangles in parallel int arrays, so that passing regions between stages
 * allocates nothing once the list has grown to its working size.
 */
public final class RectList {

  private int[] x;
  private int[] y;
  private int[] w;
  private int[] h;
  private int size;

  /** A list with room for {@code capacity} rectangles before it grows. */
  public RectList(int capacity) {
    int c = Math.max(4, capacity);
    x = new int[c];
    y = new int[c];
    w = new int[c];
    h = new int[c];
  }

  /** Empties the list, keeping its storage. */
  public void clear() {
    size = 0;
  }

  /** Appends a rectangle. */
  public void add(int rx, int ry, int rw, int rh) {
    if (size == x.length) {
      int c = size * 2;
      x = java.util.Arrays.copyOf(x, c);
      y = java.util.Arrays.copyOf(y, c);
      w = java.util.Arrays.copyOf(w, c);
      h = java.util.Arrays.copyOf(h, c);
    }
    x[size] = rx;
    y[size] = ry;
    w[size] = rw;
    h[size] = rh;
    size++;
  }

  /** Replaces rectangle {@code i}. */
  public void set(int i, int rx, int ry, int rw, int rh) {
    x[i] = rx;
    y[i] = ry;
    w[i] = rw;
    h[i] = rh;
  }

  /** Removes rectangle {@code i} by moving the last one into its place. */
  public void removeSwap(int i) {
    size--;
    x[i] = x[size];
    y[i] = y[size];
    w[i] = w[size];
    h[i] = h[size];
  }

  /** Copies every rectangle of {@code other} into this list, replacing its content. */
  public void copyFrom(RectList other) {
    clear();
    for (int i = 0; i < other.size; i++) {
      add(other.x[i], other.y[i], other.w[i], other.h[i]);
    }
  }

  public int size() {
    return size;
  }

  public int x(int i) {
    return x[i];
  }

  public int y(int i) {
    return y[i];
  }

  public int width(int i) {
    return w[i];
  }

  public int height(int i) {
    return h[i];
  }

  /** Sum of the rectangles' areas (overlaps counted twice). */
  public long area() {
    long a = 0;
    for (int i = 0; i < size; i++) {
      a += (long) w[i] * h[i];
    }
    return a;
  }
}

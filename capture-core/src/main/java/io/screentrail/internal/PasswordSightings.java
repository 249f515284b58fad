package io.screentrail.internal;

/**
 * Where and when redaction last saw a password: a password label or field, or a terminal's
 * {@code password:} prompt. Written by the encoder thread after each frame's redaction, read by
 * the input thread to store typing into that window as a masked run. Keeps the newest 32, in
 * desktop pixels, in fixed arrays.
 */
public final class PasswordSightings {

  private static final int SLOTS = 32;

  private final int originX;
  private final int originY;
  private final long[] mono = new long[SLOTS];
  private final int[] x = new int[SLOTS];
  private final int[] y = new int[SLOTS];
  private final int[] w = new int[SLOTS];
  private final int[] h = new int[SLOTS];
  private int count;
  private int next;

  /**
   * @param originX desktop x of frame pixel (0, 0)
   * @param originY desktop y of frame pixel (0, 0)
   */
  public PasswordSightings(int originX, int originY) {
    this.originX = originX;
    this.originY = originY;
  }

  /** A password seen at this frame rectangle in the frame captured at {@code monoNanos}. */
  public synchronized void add(int frameX, int frameY, int width, int height, long monoNanos) {
    mono[next] = monoNanos;
    x[next] = frameX + originX;
    y[next] = frameY + originY;
    w[next] = width;
    h[next] = height;
    next = (next + 1) % SLOTS;
    count = Math.min(SLOTS, count + 1);
  }

  /** Whether a password was seen inside this desktop rectangle at or after {@code sinceMono}. */
  public synchronized boolean seenWithin(int rx, int ry, int rw, int rh, long sinceMono) {
    for (int i = 0; i < count; i++) {
      if (mono[i] >= sinceMono && x[i] < rx + rw && rx < x[i] + w[i] && y[i] < ry + rh
          && ry < y[i] + h[i]) {
        return true;
      }
    }
    return false;
  }
}

package io.screentrail.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The times of the last captures, so the input thread can find the newest frame taken before an
 * action started. Written by the capture thread, read by the input thread; a fixed ring, no
 * allocation.
 */
public final class CaptureHistory {

  private static final int SIZE = 512;

  private final AtomicLongArray monos = new AtomicLongArray(SIZE);
  private final AtomicLongArray indexes = new AtomicLongArray(SIZE);
  private final AtomicLong count = new AtomicLong();

  /** Records a capture (capture thread). */
  public void add(long captureIndex, long monoNanos) {
    long n = count.get();
    int i = (int) (n % SIZE);
    monos.set(i, monoNanos);
    indexes.set(i, captureIndex);
    count.set(n + 1);
  }

  /**
   * The newest capture taken at or before {@code monoNanos}, as {@code {captureIndex, mono}} in
   * {@code out}; false when there is none in the history.
   */
  public boolean newestAtOrBefore(long monoNanos, long[] out) {
    long n = count.get();
    for (long k = n - 1; k >= 0 && k >= n - SIZE + 8; k--) {
      int i = (int) (k % SIZE);
      long m = monos.get(i);
      if (m <= monoNanos) {
        out[0] = indexes.get(i);
        out[1] = m;
        return true;
      }
    }
    return false;
  }
}

package io.screentrail.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of durations in nanoseconds: 16 sub-buckets per power of two
 * (about 6% relative error) from 1 us to about 68 s. Recording is wait-free and allocation-free;
 * one thread records while any thread may read a snapshot.
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MIN_SHIFT = 10; // 1024 ns
  private static final int MAGNITUDES = 27;
  private static final int BUCKETS = MAGNITUDES * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLongArray totals = new AtomicLongArray(2); // [0] count, [1] sum
  private volatile long max;

  /** Records one duration. */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    counts.incrementAndGet(bucket(v));
    totals.incrementAndGet(0);
    totals.addAndGet(1, v);
    if (v > max) {
      max = v; // single recording thread: a plain compare is enough
    }
  }

  private static int bucket(long v) {
    long scaled = v >>> MIN_SHIFT;
    if (scaled < SUB) {
      return (int) scaled;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(scaled) - SUB_BITS + 1;
    if (magnitude >= MAGNITUDES) {
      return BUCKETS - 1;
    }
    int sub = (int) (scaled >>> (magnitude - 1)) & (SUB - 1);
    return magnitude * SUB + sub;
  }

  private static long bucketUpperNanos(int b) {
    int magnitude = b / SUB;
    int sub = b % SUB;
    long scaled = magnitude == 0 ? sub + 1 : (long) (SUB + sub + 1) << (magnitude - 1);
    return scaled << MIN_SHIFT;
  }

  /** Count, mean, p50, p99 and max, in nanoseconds. */
  public Snapshot snapshot() {
    long n = totals.get(0);
    long sum = totals.get(1);
    long[] c = new long[BUCKETS];
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c[i] = counts.get(i);
      seen += c[i];
    }
    long mx = max;
    return new Snapshot(n, n == 0 ? 0 : sum / n, quantile(c, seen, 0.5, mx),
        quantile(c, seen, 0.99, mx), mx);
  }

  private static long quantile(long[] c, long total, double q, long max) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long acc = 0;
    for (int i = 0; i < c.length; i++) {
      acc += c[i];
      if (acc >= rank) {
        return Math.min(bucketUpperNanos(i), max);
      }
    }
    return max;
  }

  /**
   * Summary of recorded durations.
   *
   * @param count how many were recorded
   * @param meanNanos their mean
   * @param p50Nanos median, to about 6%
   * @param p99Nanos 99th percentile, to about 6%
   * @param maxNanos the largest
   */
  public record Snapshot(long count, long meanNanos, long p50Nanos, long p99Nanos, long maxNanos) {}
}

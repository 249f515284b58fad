package io.screentrail.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * Gives the C heap's free pages back to the system now and then ({@code malloc_trim(0)} of
 * glibc). Tesseract, Leptonica and OpenCV allocate and free many short-lived buffers per line
 * and frame; glibc keeps the freed pages of its arenas mapped, so a recorder's RSS rose for the
 * whole of an hour-long recording while the memory in use did not (one trim of a recorder 50
 * minutes in gave back 37 MB of 294). The JVM's own {@code -XX:TrimNativeHeapInterval} does
 * the same only from JDK 17.0.9 on and only for the launcher; this serves any embedding.
 *
 * <p>Called from the encoder thread between frames; a trim walks the arenas (a few ms at most
 * for a recorder's heap), so it runs at most once an interval. Every 10 s instead of every
 * minute kept an hour's recording with redaction 6-12 MB lower in the median but not lower at its
 * peak: a burst then takes fresh pages where it had reused free ones (BENCHMARKS.md, "An hour
 * with halved caches"). Where the C library has no {@code malloc_trim} (not glibc) it does
 * nothing. {@code -Dscreentrail.nativeTrimSeconds=N} sets the interval (default 60; 0 turns it
 * off).
 */
public final class NativeHeap {

  private static final long DEFAULT_INTERVAL_SECONDS = 60;

  private final long intervalNanos;
  private long next = Long.MIN_VALUE;
  private long trims;

  /** @param intervalNanos least time between two trims; 0 or less never trims */
  public NativeHeap(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** The interval of {@code screentrail.nativeTrimSeconds}, 60 s unless set. */
  public static NativeHeap fromSystemProperty() {
    long seconds = Long.getLong("screentrail.nativeTrimSeconds", DEFAULT_INTERVAL_SECONDS);
    return new NativeHeap(seconds <= 0 ? 0 : seconds * 1_000_000_000L);
  }

  /**
   * Trims when an interval has passed since the first call or the last trim.
   *
   * @param now a monotonic time in nanoseconds
   * @return whether it trimmed now
   */
  public boolean maybeTrim(long now) {
    if (intervalNanos <= 0 || !Trim.AVAILABLE) {
      return false;
    }
    if (next == Long.MIN_VALUE) {
      next = now + intervalNanos;
      return false;
    }
    if (now - next < 0) {
      return false;
    }
    next = now + intervalNanos;
    Trim.malloc_trim(new NativeLong(0));
    trims++;
    return true;
  }

  /** How many times it trimmed. */
  public long trims() {
    return trims;
  }

  /** Whether this C library can trim (glibc). */
  public static boolean available() {
    return Trim.AVAILABLE;
  }

  /** Bound on first use, apart from the shared-memory calls, so a C library without it costs nothing else. */
  private static final class Trim {
    static final boolean AVAILABLE = register();

    private static boolean register() {
      if (!Platform.isLinux()) {
        return false;
      }
      try {
        Native.register(Trim.class, Platform.C_LIBRARY_NAME);
        return true;
      } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
        return false;
      }
    }

    /** Returns 1 when memory was given back, 0 when there was none. */
    static native int malloc_trim(NativeLong pad);
  }
}

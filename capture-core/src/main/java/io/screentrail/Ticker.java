package io.screentrail;

/**
 * The engine's clock: a monotonic reading for intervals and ordering, and wall-clock time for
 * the records a data team joins with other logs. Inject one in tests to control timestamps.
 */
public interface Ticker {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long wallMillis();

  /** The system clocks. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The default {@link Ticker}. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }
}

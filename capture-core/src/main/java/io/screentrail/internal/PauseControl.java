package io.screentrail.internal;

import io.screentrail.Ticker;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Whether recording is paused, switched by the API, a signal or the pause hotkey. Each switch
 * queues a {@link Marker} for the timeline. The capture thread grabs nothing and the input thread
 * stores no event while paused.
 */
public final class PauseControl {

  /**
   * A pause or resume on the timeline.
   *
   * @param paused true for a pause, false for a resume
   * @param monoNanos when, engine clock
   * @param wallMillis when, wall clock
   * @param reason {@code api}, {@code signal} or {@code hotkey}
   */
  public record Marker(boolean paused, long monoNanos, long wallMillis, String reason) {}

  private final Ticker ticker;
  private final BlockingQueue<Object> records;
  private final EngineCounters counters;
  private volatile boolean paused;

  public PauseControl(Ticker ticker, BlockingQueue<Object> records, EngineCounters counters) {
    this.ticker = ticker;
    this.records = records;
    this.counters = counters;
  }

  /** Whether recording is paused now. */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Pauses or resumes.
   *
   * @return whether the state changed (pausing a paused recording does nothing)
   */
  public synchronized boolean set(boolean pause, String reason) {
    if (paused == pause) {
      return false;
    }
    paused = pause;
    Marker m = new Marker(pause, ticker.nanoTime(), ticker.wallMillis(), reason);
    try {
      // The encoder drains this queue continuously; a full queue means it is stalled on the disk.
      if (!records.offer(m, 1, TimeUnit.SECONDS)) {
        counters.countError("pause", new IllegalStateException("the timeline queue is full: a "
            + (pause ? "pause" : "resume") + " marker was not written"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** Switches between paused and recording; returns whether it is paused now. */
  public synchronized boolean toggle(String reason) {
    set(!paused, reason);
    return paused;
  }
}

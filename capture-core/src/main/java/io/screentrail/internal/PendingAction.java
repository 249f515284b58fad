package io.screentrail.internal;

import io.screentrail.input.Action;

/**
 * An action on its way to the timeline: its before frame is known, its after frame is found by
 * the capture thread, which watches the captures that follow the action until the screen has not
 * changed for the settle time or the timeout passes.
 */
public final class PendingAction {

  public final Action action;
  /** Capture index of the newest frame taken before the action, or -1. */
  public final long beforeCapture;
  /** That frame's capture time, or 0. */
  public final long beforeMono;

  // Capture thread only from here on.
  public boolean sawChange;
  public boolean dirty;
  public long lastChangeCapture = -1;
  public long lastChangeMono;
  /** Capture time of the capture before the one that saw the last change. */
  public long captureBeforeLastChange;
  public long afterCapture = -1;
  public long afterMono;
  public boolean settled;
  public String endReason;

  public PendingAction(Action action, long beforeCapture, long beforeMono) {
    this.action = action;
    this.beforeCapture = beforeCapture;
    this.beforeMono = beforeMono;
  }
}

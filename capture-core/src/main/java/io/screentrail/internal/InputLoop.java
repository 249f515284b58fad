package io.screentrail.internal;

import io.screentrail.CaptureConfig;
import io.screentrail.Ticker;
import io.screentrail.input.Action;
import io.screentrail.input.ActionRecognizer;
import io.screentrail.internal.x11.FocusTracker;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The input thread: drains the event ring, samples the pointer, recognizes actions, watches the
 * focused window, and passes raw events to the timeline and finished actions to the capture
 * thread, which finds their after frames. Nothing it does can slow the input hook: it only reads
 * what the hook published.
 *
 * <p>While input arrives it polls every 2 ms; after half a second without input it parks 25 ms
 * at a time and the hook unparks it ({@link InputHub#sleeper}), so an idle desktop costs about
 * 40 wake-ups a second instead of 500.
 */
public final class InputLoop implements Runnable {

  private static final long IDLE_PARK_NANOS = 2_000_000L;
  /**
   * After this long without input the loop sleeps {@link #SLEEP_PARK_NANOS} at a time and the
   * hook wakes it: polling every 2 ms all day cost more CPU than the rest of the input path.
   */
  private static final long SLEEP_AFTER_NANOS = 500_000_000L;
  /** Bounds the lateness of gesture timeouts and focus polls while nothing arrives. */
  private static final long SLEEP_PARK_NANOS = 25_000_000L;
  private static final long FOCUS_POLL_NANOS = 250_000_000L;
  private static final long MOVE_RECORD_NANOS = 50_000_000L;

  private final InputHub hub;
  private final Ticker ticker;
  private final CaptureHistory history;
  private final ArrayBlockingQueue<PendingAction> toCapture;
  private final BlockingQueue<Object> records;
  private final EngineCounters counters;
  private final FocusTracker focus;
  private final ActionRecognizer recognizer;
  private final long[] before = new long[2];
  private volatile Thread captureThread;
  private volatile boolean running = true;
  private volatile Thread self;
  private String lastTitle;

  public InputLoop(CaptureConfig config, InputHub hub, CaptureHistory history,
      ArrayBlockingQueue<PendingAction> toCapture, BlockingQueue<Object> records,
      EngineCounters counters, FocusTracker focus) {
    this.hub = hub;
    this.ticker = config.ticker();
    this.history = history;
    this.toCapture = toCapture;
    this.records = records;
    this.counters = counters;
    this.focus = focus;
    this.recognizer = new ActionRecognizer(this::onAction, this::refreshFocus,
        config.multiClick().toMillis(), config.typingPause().toMillis(),
        config.scrollEnd().toMillis(), config.dragThreshold());
  }

  /** The thread to wake when an action needs its after frame. */
  public void captureThread(Thread t) {
    this.captureThread = t;
  }

  /** Asks the loop to drain what is queued, end pending gestures and return. */
  public void stop() {
    running = false;
    Thread t = self;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public void run() {
    EventRing.Slot e = new EventRing.Slot();
    long nextFocus = 0;
    long lastMoveRecord = Long.MIN_VALUE / 2;
    long lastInput = ticker.nanoTime();
    self = Thread.currentThread();
    while (running) {
      boolean any = drain(e);
      if (hub.samplePointer() >= 0) {
        any = true;
        long mono = hub.sampledMono();
        recognizer.onPointer(hub.sampledX(), hub.sampledY(), mono);
        if (mono - lastMoveRecord >= MOVE_RECORD_NANOS) {
          lastMoveRecord = mono;
          offer(EventItem.move(hub.sampledX(), hub.sampledY(), mono, ticker.wallMillis()));
        }
      }
      long now = ticker.nanoTime();
      recognizer.tick(now);
      if (focus != null && now >= nextFocus) {
        nextFocus = now + FOCUS_POLL_NANOS;
        refreshFocus(now, ticker.wallMillis());
      }
      if (any) {
        lastInput = now;
      } else if (now - lastInput < SLEEP_AFTER_NANOS) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      } else {
        sleep();
      }
    }
    drain(e);
    recognizer.flushAll();
  }

  /** Sleeps until the hook publishes something or {@link #SLEEP_PARK_NANOS} pass. */
  private void sleep() {
    hub.sleeper(self);
    // An event published before the hook could see the sleeper would wait a whole park.
    if (running && hub.ring().size() == 0 && !hub.pointerPending()) {
      LockSupport.parkNanos(this, SLEEP_PARK_NANOS);
    }
    hub.sleeper(null);
  }

  private boolean drain(EventRing.Slot e) {
    boolean any = false;
    while (hub.ring().poll(e)) {
      any = true;
      offer(EventItem.of(e));
      recognizer.onEvent(e);
    }
    return any;
  }

  private void offer(EventItem item) {
    if (records.offer(item)) {
      counters.eventsWritten.incrementAndGet();
    } else {
      counters.eventRecordsDropped.incrementAndGet();
    }
  }

  private void refreshFocus(long monoNanos, long wallMillis) {
    if (focus == null) {
      return;
    }
    if (focus.refresh()) {
      lastTitle = focus.title();
      recognizer.focusChanged(focus.app(), focus.title(), monoNanos, wallMillis);
    } else if (focus.title() != null && !focus.title().equals(lastTitle)) {
      lastTitle = focus.title();
      recognizer.titleChanged(lastTitle);
    }
  }

  private void onAction(Action a) {
    long beforeCapture = -1;
    long beforeMono = 0;
    if (history.newestAtOrBefore(a.startMonoNanos(), before)) {
      beforeCapture = before[0];
      beforeMono = before[1];
    }
    PendingAction p = new PendingAction(a, beforeCapture, beforeMono);
    if (!toCapture.offer(p)) {
      // The capture thread is far behind; keep the action, with its before frame only.
      p.endReason = "overloaded";
      if (!records.offer(p)) {
        counters.actionsDropped.incrementAndGet();
      }
      counters.actionsUnsettled.incrementAndGet();
      return;
    }
    Thread t = captureThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}

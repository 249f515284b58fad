package io.screentrail.internal;

import io.screentrail.CaptureConfig;
import io.screentrail.Ticker;
import io.screentrail.input.Action;
import io.screentrail.input.ActionRecognizer;
import io.screentrail.input.Modifiers;
import io.screentrail.internal.x11.FocusTracker;
import io.screentrail.internal.x11.FocusWatcher;
import io.screentrail.policy.Policy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The input thread: drains the event ring, samples the pointer, recognizes actions, watches the
 * focused window, and passes raw events to the timeline and finished actions to the capture
 * thread, which finds their after frames. Nothing it does can slow the input hook: it only reads
 * what the hook published.
 *
 * <p>It parks until the next thing it has to do (the end of a pending gesture, a focus query) and
 * the hook unparks it ({@link InputHub#sleeper}); after handling input it parks 2 ms more without
 * being woken, so that a burst (a key's press, character and release, a stream of pointer moves)
 * is taken in one go. It used to poll every 2 ms for half a second after each input: under a
 * typing burst that was 500 wake-ups a second and 1.2 CPU s a minute, mostly in parking itself.
 *
 * <p>With a {@link FocusWatcher} the focus is queried at each key press, every 250 ms while other
 * input arrives (without a window manager the focus follows the pointer) and when X reports a
 * focus-related event, never on a timer: an idle desktop wakes the thread about once a second
 * (it woke 40 times a second and queried the focus 4 times). Without a watcher it polls the
 * focus every 250 ms as before.
 */
public final class InputLoop implements Runnable {

  /** After input, how long the loop gathers more before it sleeps and lets the hook wake it. */
  private static final long BURST_PARK_NANOS = 2_000_000L;
  /**
   * The longest park while nothing is due: a safety net only (gesture ends and focus queries
   * have their own deadlines, and the hook, the focus watcher and {@link #stop()} unpark).
   */
  private static final long SLEEP_PARK_NANOS = 1_000_000_000L;
  private static final long FOCUS_POLL_NANOS = 250_000_000L;
  /** Focus queries after X events at most this often (a window dragged reports every move). */
  private static final long FOCUS_EVENT_GAP_NANOS = 50_000_000L;
  private static final long MOVE_RECORD_NANOS = 50_000_000L;
  /** How long after redaction saw a password prompt or field typing in its window is masked. */
  private static final long PASSWORD_SIGHTING_NANOS = 30_000_000_000L;

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
  private Policy policy;
  private PauseControl pause;
  private PasswordSightings passwords;
  private boolean focusDesignated = true;
  private boolean keysMasked;
  private int heldModifiers;
  private String swallowedKey;
  private boolean wasPaused;
  private final int[] focusBounds = new int[4];
  private FocusWatcher watcher;
  private long seenFocusChanges;
  private long lastFocusRefresh = Long.MIN_VALUE / 2;
  /** When the next focus query is due ({@link Long#MAX_VALUE}: only when something happens). */
  private long focusDue;
  private long focusRefreshes;

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

  /**
   * Applies an application policy to input: keys typed while a window that is not designated has
   * the focus are dropped (counted), typing that is a secret is stored masked, and the pause
   * hotkey switches {@code pauseControl}.
   */
  public void policy(Policy p, PauseControl pauseControl, PasswordSightings sightings) {
    this.policy = p;
    this.pause = pauseControl;
    this.passwords = sightings;
    this.focusDesignated = p == null || !p.restrictsWindows(); // until the first focus query
  }

  /**
   * Takes focus changes from X events instead of polling every 250 ms; {@code null} keeps the
   * polling. Call before the thread starts.
   */
  public void focusEvents(FocusWatcher w) {
    this.watcher = w;
  }

  /** Unparks the input thread; the focus watcher's callback. Never blocks. */
  public void wake() {
    Thread t = self;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Focus queries made so far; read by tests once the thread has stopped. */
  public long focusRefreshes() {
    return focusRefreshes;
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
    self = Thread.currentThread();
    while (running) {
      boolean any = drain(e);
      boolean paused = pause != null && pause.isPaused();
      if (paused != wasPaused) {
        wasPaused = paused;
        recognizer.flushAll(); // gestures end at a pause; nothing starts during it
      }
      if (paused) {
        hub.samplePointer(); // moves while paused are not stored
        // The hook wakes it for the events that may end the pause (the hotkey).
        sleep(ticker.nanoTime() + SLEEP_PARK_NANOS);
        continue;
      }
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
      if (focus != null) {
        if (watcher == null) {
          focusDue = nextFocus;
        } else {
          scheduleFocus(any);
        }
        if (now >= focusDue) {
          nextFocus = now + FOCUS_POLL_NANOS;
          focusDue = Long.MAX_VALUE;
          refreshFocus(now, ticker.wallMillis());
        }
      }
      if (any) {
        LockSupport.parkNanos(this, BURST_PARK_NANOS);
      } else {
        long due = Math.min(recognizer.nextDeadline(), focus == null ? Long.MAX_VALUE
            : watcher == null ? nextFocus : focusDue);
        sleep(Math.min(due, now + SLEEP_PARK_NANOS));
      }
    }
    drain(e);
    recognizer.flushAll();
  }

  /**
   * Sets when the next focus query is due: soon after the watcher reported events, every
   * {@link #FOCUS_POLL_NANOS} while input arrives, otherwise not at all.
   */
  private void scheduleFocus(boolean input) {
    long c = watcher.changes();
    if (c != seenFocusChanges) {
      seenFocusChanges = c;
      focusDue = Math.min(focusDue, lastFocusRefresh + FOCUS_EVENT_GAP_NANOS);
    }
    if (input) {
      focusDue = Math.min(focusDue, lastFocusRefresh + FOCUS_POLL_NANOS);
    }
  }

  /**
   * Sleeps until the hook publishes something, the focus watcher reports, or {@code deadline}
   * (a {@link Ticker#nanoTime()} value) passes.
   */
  private void sleep(long deadline) {
    hub.sleeper(self);
    // An event published before the hook could see the sleeper would wait a whole park; the
    // watcher unparks without checking, so its permit is never lost.
    if (running && hub.ring().size() == 0 && !hub.pointerPending()
        && (watcher == null || watcher.changes() == seenFocusChanges)) {
      long wait = deadline - ticker.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
    }
    hub.sleeper(null);
  }

  private boolean drain(EventRing.Slot e) {
    boolean any = false;
    while (hub.ring().poll(e)) {
      any = true;
      if (!admit(e)) {
        continue;
      }
      EventItem item = EventItem.of(e);
      boolean key = isKey(e.kind);
      item.masked = key && keysMasked;
      offer(item);
      if (item.masked && e.kind == EventRing.KEY_TYPED) {
        recognizer.maskNextTyped();
      }
      recognizer.onEvent(e);
    }
    return any;
  }

  private static boolean isKey(int kind) {
    return kind == EventRing.KEY_DOWN || kind == EventRing.KEY_UP || kind == EventRing.KEY_TYPED;
  }

  /**
   * Whether the policy lets this event be stored: the pause hotkey is taken out (and switches
   * the pause), nothing passes while paused, and keys pass only while a designated window has the
   * focus. Decides at each key press whether the keys that follow are masked.
   */
  private boolean admit(EventRing.Slot e) {
    if (policy == null) {
      return pause == null || !pause.isPaused();
    }
    boolean key = isKey(e.kind);
    if (key && e.kind != EventRing.KEY_TYPED) {
      int bit = Modifiers.bitOf(e.key);
      heldModifiers = e.kind == EventRing.KEY_DOWN ? heldModifiers | bit : heldModifiers & ~bit;
    }
    if (e.kind == EventRing.KEY_DOWN
        && policy.isPauseHotkey(e.key, e.modifiers | heldModifiers)) {
      swallowedKey = e.key;
      pause.toggle("hotkey");
      return false;
    }
    if (swallowedKey != null && key) {
      // The hotkey's own typed character and release are not stored either.
      if (e.kind == EventRing.KEY_TYPED || swallowedKey.equals(e.key)) {
        if (e.kind == EventRing.KEY_UP) {
          swallowedKey = null;
        }
        return false;
      }
    }
    if (pause.isPaused()) {
      return false;
    }
    if (!key) {
      return true;
    }
    if (e.kind == EventRing.KEY_DOWN) {
      refreshFocus(e.monoNanos, e.wallMillis);
      keysMasked = focusDesignated && secretTyping(e.monoNanos);
    }
    if (!focusDesignated) {
      counters.keysNotDesignated.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Whether typing now is a secret: the policy masks all typing, or a password is asked for. */
  private boolean secretTyping(long monoNanos) {
    if (policy.maskAllTyping() || focus == null) {
      return policy.maskAllTyping();
    }
    if (policy.passwordTitle(focus.title())) {
      return true;
    }
    return passwords != null && focus.bounds(focusBounds) && passwords.seenWithin(focusBounds[0],
        focusBounds[1], focusBounds[2], focusBounds[3], monoNanos - PASSWORD_SIGHTING_NANOS);
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
    boolean changed = focus.refresh();
    focusRefreshes++;
    lastFocusRefresh = ticker.nanoTime();
    if (watcher != null) {
      watcher.watch(focus.window());
    }
    String app = focus.app();
    String title = focus.title();
    if (policy != null && policy.restrictsWindows()) {
      focusDesignated = policy.designated(focus.instance(), app, title);
      if (!focusDesignated) {
        // Which other application was used, and its title, are not the recording's business.
        app = null;
        title = null;
      }
    }
    if (changed) {
      lastTitle = title;
      recognizer.focusChanged(app, title, monoNanos, wallMillis);
    } else if (title != null && !title.equals(lastTitle)) {
      lastTitle = title;
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

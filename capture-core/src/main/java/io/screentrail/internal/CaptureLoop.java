package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import io.screentrail.CaptureConfig;
import io.screentrail.ErrorHandler;
import io.screentrail.Ticker;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.source.DamageTracker;
import io.screentrail.source.ScreenSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The capture thread: grabs on the periodic schedule, and faster while an action waits for the
 * screen to settle; hashes tiles; hands changed frames to the encoder through pre-allocated slots
 * and drops (counting) when none is free; finds each pending action's after frame.
 *
 * <p>With damage hints, a tick on which the X server redrew nothing neither grabs nor hashes;
 * otherwise only the damaged rows are grabbed and the damaged tiles hashed, and every {@code
 * damageCheckInterval} the whole frame is, to check the hints. With a CPU budget, the governor
 * sampled here lengthens the periodic and settle intervals.
 *
 * <p>Allocation-free per frame. Pending actions arrive from the input thread through a bounded
 * queue; finished ones leave for the encoder thread through the records queue, after the slot of
 * their after frame, so the encoder always writes a frame before the action that references it.
 */
public final class CaptureLoop implements Runnable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Outcomes of one capture, for the settle watch. */
  private static final int UNCHANGED = 0;

  private static final int HANDED_OFF = 1;
  private static final int DROPPED = 2;

  private final CaptureConfig config;
  private final Ticker ticker;
  private final ScreenSource source;
  private final TileChangeDetector detector;
  private final BlockingQueue<FrameSlot> free;
  private final BlockingQueue<FrameSlot> ready;
  private final Pointer sourcePointer;
  private final EngineCounters counters;
  private final AtomicBoolean resync;
  private final CaptureHistory history;
  private final ArrayBlockingQueue<PendingAction> incoming;
  private final BlockingQueue<Object> records;
  private final ErrorReporter errors;
  private final ArrayDeque<PendingAction> settling = new ArrayDeque<>();
  private volatile boolean running = true;
  private volatile String stopReason;
  private long lastCaptureMono = Long.MIN_VALUE / 2;
  private PolicyMask policyMask;
  private PauseControl pause;
  private DamageTracker damage;
  private CpuGovernor governor;
  /** The next grab must cover the whole frame (first grab, failed grab, failed hints). */
  private boolean fullGrabNeeded = true;
  private volatile boolean fullGrabRequested;

  /** Reports errors counted per kind. */
  @FunctionalInterface
  public interface ErrorReporter {
    void report(String stage, Throwable error);
  }

  public CaptureLoop(CaptureConfig config, ScreenSource source, TileChangeDetector detector,
      BlockingQueue<FrameSlot> free, BlockingQueue<FrameSlot> ready, Pointer sourcePointer,
      EngineCounters counters, AtomicBoolean resync, CaptureHistory history,
      ArrayBlockingQueue<PendingAction> incoming, BlockingQueue<Object> records,
      ErrorReporter errors) {
    this.config = config;
    this.ticker = config.ticker();
    this.source = source;
    this.detector = detector;
    this.free = free;
    this.ready = ready;
    this.sourcePointer = sourcePointer;
    this.counters = counters;
    this.resync = resync;
    this.history = history;
    this.incoming = incoming;
    this.records = records;
    this.errors = errors;
  }

  /** Applies the application policy to every grab before anything else sees it. */
  public void policyMask(PolicyMask mask) {
    this.policyMask = mask;
  }

  /** While {@code control} says paused, nothing is grabbed. */
  public void pauseControl(PauseControl control) {
    this.pause = control;
  }

  /**
   * Uses the X server's damage hints and a CPU budget; either may be null. Call before {@link
   * #run()}, on the thread that starts the capture thread.
   */
  public void useHints(DamageTracker damage, CpuGovernor governor) {
    this.damage = damage;
    this.governor = governor;
  }

  /**
   * Makes the next tick grab and hash the whole frame even if the X server reported nothing
   * redrawn: for a caller whose view of the pixels changed without a redraw (a mask over other
   * windows that moved to new windows). Callable from any thread.
   */
  public void requestFullGrab() {
    fullGrabRequested = true;
  }

  /** Asks the loop to finish; pending actions are closed with the frames seen so far. */
  public void stop() {
    running = false;
  }

  /** Why the loop stopped by itself ({@code duration}), or null. */
  public String stopReason() {
    return stopReason;
  }

  @Override
  public void run() {
    long basePeriod = config.periodNanos();
    long period = basePeriod;
    long checkInterval = config.damageCheckInterval().toNanos();
    long nextCheck = System.nanoTime() + checkInterval;
    long baseSettlePoll = config.settlePoll().toNanos();
    long settlePoll = baseSettlePoll;
    long deadline = config.maxDuration() == null ? Long.MAX_VALUE
        : System.nanoTime() + config.maxDuration().toNanos();
    long nextPeriodic = System.nanoTime();
    ByteBuffer pixels = source.pixels();
    int stride = source.stride();
    int height = source.geometry().height();
    if (stride != source.geometry().width() * 4) {
      throw new IllegalStateException("the source's rows are " + stride + " bytes apart, the"
          + " frame slots' " + source.geometry().width() * 4 + ": cannot copy rows");
    }
    BandCopier copier = new BandCopier(detector.tilesX(), detector.tilesY(),
        detector.tileSize(), source.geometry().width(), height);
    // A header over the source's memory, made once: the copier converts tiles out of it.
    Mat sourceMat = new Mat(height, source.geometry().width(), CV_8UC4, sourcePointer);
    long captureIndex = 0;
    boolean forceKeyframe = false;
    while (running) {
      boolean newAction = takeIncoming();
      long now = System.nanoTime();
      if (now >= deadline) {
        stopReason = "duration";
        break;
      }
      if (pause != null && pause.isPaused()) {
        // Nothing is grabbed while paused; actions waiting for the screen end here.
        while (!settling.isEmpty()) {
          finish(settling.poll(), false, "paused");
        }
        nextPeriodic = now + period;
        LockSupport.parkNanos(this, Math.min(settlePoll, deadline - now));
        continue;
      }
      long due = nextPeriodic;
      if (!settling.isEmpty()) {
        // Triggered and settle captures, never closer together than the settle poll.
        long earliest = lastCaptureMono + settlePoll;
        due = Math.min(due, newAction ? Math.max(now, earliest) : earliest);
      }
      if (now < due) {
        LockSupport.parkNanos(this, Math.min(due - now, deadline - now));
        continue;
      }
      boolean periodic = now >= nextPeriodic;
      if (governor != null) {
        governor.sample(now);
        // Settle captures slow down with the periodic ones: both are the capture's cost.
        period = basePeriod << governor.rateShift();
        settlePoll = baseSettlePoll << governor.rateShift();
      }
      if (periodic) {
        long late = (now - nextPeriodic) / period;
        if (late > 0) {
          counters.ticksMissed.addAndGet(late);
        }
        nextPeriodic += (late + 1) * period;
      }
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long mono = ticker.nanoTime();
      long wall = ticker.wallMillis();
      boolean check = damage == null || fullGrabNeeded || t0 >= nextCheck;
      if (fullGrabRequested) {
        fullGrabRequested = false;
        check = true;
      }
      if (damage != null && !takeDamage()) {
        check = true;
      }
      lastCaptureMono = t0;
      // Lines hidden unread for the budget wait to be read and the allowance has room: a periodic
      // frame goes to the encoder even when nothing changed (a quiet screen would leave them
      // blurred), grabbed whole so that it is one moment.
      boolean readLater = periodic && governor != null && counters.linesAwaitingRead.get() > 0
          && CpuGovernor.ocrAllowance(governor.level()) > 0;
      check |= readLater;
      int outcome;
      if (!check && !detector.hasMarks() && !resync.get()) {
        // Nothing redrawn since the last grab: the screen is the reference, no grab, no hash.
        counters.captured.incrementAndGet();
        counters.skipped.incrementAndGet();
        counters.damageSkips.incrementAndGet();
        outcome = UNCHANGED;
      } else {
        int top = detector.markedTop();
        int bottom = detector.markedBottom();
        int status = check ? source.grab() : source.grabRows(top, bottom - top);
        if (!check && status == ScreenSource.GRAB_OK && damage.redrawnSincePoll()) {
          // Drawn on meanwhile: the grab may hold changes outside the marked tiles, and only
          // those would be hashed and handed on, beside older pixels kept (a terminal's new
          // line cut at a tile row). Hash it all; a grab of some rows is redone whole first,
          // one request being one moment of the screen.
          counters.grabsRedone.incrementAndGet();
          check = true;
          if (top > 0 || bottom < height) {
            status = source.grab();
          }
        }
        long t1 = System.nanoTime();
        counters.captureTime.record(t1 - t0);
        if (status != ScreenSource.GRAB_OK) {
          counters.captureErrors.incrementAndGet();
          errors.report("capture", new IllegalStateException(source.lastError()));
          fullGrabNeeded = true;
          captureIndex++;
          counters.captureCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
          continue;
        }
        fullGrabNeeded = false;
        counters.captured.incrementAndGet();
        if (policyMask != null && !policyMask.apply(pixels, stride)) {
          // No designated window visible, or the window list unreadable: the frame goes no
          // further. The marks stay, so what was redrawn is grabbed again.
          counters.framesNotDesignated.incrementAndGet();
          outcome = DROPPED;
        } else {
          if (policyMask != null && policyMask.areaChanged() && !check) {
            // Windows became shown or hidden without a redraw the hints saw: check it all now.
            fullGrabNeeded = true;
          }
          if (resync.getAndSet(false)) {
            detector.invalidate();
            forceKeyframe = true;
          }
          int changed;
          if (check) {
            changed = detector.detect(pixels, stride);
            if (damage != null && t0 >= nextCheck) {
              nextCheck = t0 + checkInterval;
              counters.damageChecks.incrementAndGet();
              counters.damageMissedTiles.addAndGet(detector.changedUnmarked());
            }
          } else {
            changed = detector.detectMarked(pixels, stride);
          }
          counters.diffTime.record(System.nanoTime() - t1);
          if (changed == 0 && !readLater) {
            detector.commit();
            counters.skipped.incrementAndGet();
            outcome = UNCHANGED;
          } else {
            FrameSlot slot = free.poll();
            if (slot == null) {
              // The encoder is behind: drop, and keep the reference so the change is seen again.
              // The next tick hashes the whole frame: a change the hints missed and only a full
              // check found is not marked, and would otherwise be lost with this frame.
              counters.dropped.incrementAndGet();
              fullGrabNeeded = damage != null && check;
              outcome = DROPPED;
            } else {
              detector.copyMask(slot.changedTiles);
              slot.copyVersion = copier.handOff(sourceMat, slot.pixels, slot.copyVersion,
                  slot.changedTiles);
              slot.changedTileCount = changed;
              slot.captureIndex = captureIndex;
              slot.monoNanos = mono;
              slot.wallMillis = wall;
              slot.forceKeyframe = forceKeyframe;
              forceKeyframe = false;
              detector.commit();
              ready.add(slot);
              outcome = HANDED_OFF;
            }
          }
        }
      }
      history.add(captureIndex, mono);
      if (!settling.isEmpty()) {
        watchSettling(captureIndex, mono, outcome);
      }
      previousCaptureMono = mono;
      captureIndex++;
      counters.captureCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
    }
    sourceMat.close();
    copier.close();
  }

  /**
   * Moves the damage reported since the last tick into the detector's marks.
   *
   * @return false when the hints failed and the whole frame must be grabbed and hashed
   */
  private boolean takeDamage() {
    int hint = damage.poll();
    if (hint == DamageTracker.FAILED) {
      return false;
    }
    RectList rects = damage.rects();
    for (int i = 0; i < rects.size(); i++) {
      detector.markDamaged(rects.x(i), rects.y(i), rects.width(i), rects.height(i));
    }
    return true;
  }

  /** Closes every action still waiting for its after frame (after the loop and input stopped). */
  public void finishRemaining() {
    takeIncoming();
    while (!settling.isEmpty()) {
      finish(settling.poll(), false, "closed");
    }
  }

  private boolean takeIncoming() {
    boolean any = false;
    PendingAction p;
    while ((p = incoming.poll()) != null) {
      interruptEarlier(p.action.startMonoNanos());
      settling.add(p);
      any = true;
    }
    return any;
  }

  /**
   * A new action started: the actions before it cannot wait for the screen to settle any more,
   * or their after frames would show the new action's effect (a typing run ended by Enter would
   * get Enter's result). Their after frame becomes the newest capture before the new action.
   */
  private void interruptEarlier(long nextStart) {
    int n = settling.size();
    for (int i = 0; i < n; i++) {
      PendingAction p = settling.poll();
      if (p.action.endMonoNanos() > nextStart) {
        settling.add(p);
        continue;
      }
      if (p.afterCapture < 0 || p.afterMono > nextStart) {
        if (history.newestAtOrBefore(nextStart, newest) && newest[0] >= p.beforeCapture) {
          p.afterCapture = newest[0];
          p.afterMono = newest[1];
        }
      }
      finish(p, false, "interrupted");
    }
  }

  private final long[] newest = new long[2];

  private long previousCaptureMono;

  private void watchSettling(long captureIndex, long mono, int outcome) {
    long quiet = config.settleQuiet().toNanos();
    long timeout = config.settleTimeout().toNanos();
    int n = settling.size();
    for (int i = 0; i < n; i++) {
      PendingAction p = settling.poll();
      boolean keep = true;
      if (mono >= p.action.endMonoNanos()) {
        if (p.afterCapture < 0) {
          p.afterCapture = captureIndex; // the first frame after the action, until one changes
          p.afterMono = mono;
        }
        if (outcome == HANDED_OFF) {
          p.sawChange = true;
          p.dirty = false;
          p.lastChangeCapture = captureIndex;
          p.lastChangeMono = mono;
          // The change came after the action ended, so that bounds it too.
          p.captureBeforeLastChange = Math.max(previousCaptureMono, p.action.endMonoNanos());
          p.afterCapture = captureIndex;
          p.afterMono = mono;
        } else if (outcome == DROPPED) {
          p.dirty = true;
        }
        long quietSince = p.sawChange ? p.lastChangeMono : p.action.endMonoNanos();
        if (outcome == UNCHANGED && !p.dirty && mono - quietSince >= quiet) {
          finish(p, true, "settled");
          keep = false;
        } else if (mono - p.action.endMonoNanos() >= timeout) {
          finish(p, false, "timeout");
          keep = false;
        }
      }
      if (keep) {
        settling.add(p);
      }
    }
  }

  private void finish(PendingAction p, boolean settled, String reason) {
    p.settled = settled;
    p.endReason = reason;
    if (p.afterCapture < 0) {
      p.afterCapture = p.beforeCapture; // closed before any capture followed the action
      p.afterMono = p.beforeMono;
    }
    if (settled) {
      counters.actionsSettled.incrementAndGet();
      if (p.sawChange) {
        // The screen reached its final state somewhere between these two captures.
        counters.afterFrameGap.record(p.lastChangeMono - p.captureBeforeLastChange);
      }
    } else {
      counters.actionsUnsettled.incrementAndGet();
    }
    if (!records.offer(p)) {
      counters.actionsDropped.incrementAndGet();
    }
  }
}

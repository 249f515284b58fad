package io.screentrail.internal;

import io.screentrail.CaptureStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's counters, written by the capture and encoder threads and read by anyone. Each
 * counter has a single writing thread, so increments never contend.
 */
public final class EngineCounters {

  /** Distinct error kinds kept by name; further kinds are counted together. */
  private static final int MAX_ERROR_KINDS = 64;

  public final AtomicLong captured = new AtomicLong();
  public final AtomicLong stored = new AtomicLong();
  public final AtomicLong keyframes = new AtomicLong();
  public final AtomicLong skipped = new AtomicLong();
  public final AtomicLong dropped = new AtomicLong();
  public final AtomicLong captureErrors = new AtomicLong();
  public final AtomicLong ticksMissed = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  /** Sessions of the recording root removed by retention. */
  public final AtomicLong sessionsRemoved = new AtomicLong();
  public final AtomicLong captureCpu = new AtomicLong();
  public final AtomicLong encoderCpu = new AtomicLong();
  public final AtomicLong framesRedacted = new AtomicLong();
  public final AtomicLong redactionBoxes = new AtomicLong();
  public final AtomicLong ocrLines = new AtomicLong();
  public final AtomicLong ocrCacheHits = new AtomicLong();
  /** Word cache: lines put together from words, word hits, words read, synthetic lines read. */
  public final AtomicLong ocrWordLines = new AtomicLong();
  public final AtomicLong ocrWordHits = new AtomicLong();
  public final AtomicLong ocrWordMisses = new AtomicLong();
  public final AtomicLong ocrSyntheticReads = new AtomicLong();
  /** Lines read whole because their words did not come back one to one. */
  public final AtomicLong ocrWordFallbacks = new AtomicLong();
  public final AtomicLong ocrTimeouts = new AtomicLong();
  public final AtomicLong ocrErrors = new AtomicLong();
  public final AtomicLong linesUnreadable = new AtomicLong();
  public final AtomicLong linesUnread = new AtomicLong();
  public final AtomicLong framesDroppedUnread = new AtomicLong();
  public final LatencyHistogram redactionTime = new LatencyHistogram();
  public final AtomicLong inputEvents = new AtomicLong();
  public final AtomicLong inputEventsDropped = new AtomicLong();
  public final AtomicLong pointerMoves = new AtomicLong();
  public final AtomicLong pointerMovesCoalesced = new AtomicLong();
  public final LatencyHistogram inputOfferTime = new LatencyHistogram();
  public final AtomicLong actions = new AtomicLong();
  public final AtomicLong actionsSettled = new AtomicLong();
  public final AtomicLong actionsUnsettled = new AtomicLong();
  public final AtomicLong actionsDropped = new AtomicLong();
  public final AtomicLong eventsWritten = new AtomicLong();
  public final AtomicLong eventRecordsDropped = new AtomicLong();
  /** Upper bound of how late the after frame caught the screen's final state. */
  public final LatencyHistogram afterFrameGap = new LatencyHistogram();
  public final LatencyHistogram captureTime = new LatencyHistogram();
  public final LatencyHistogram diffTime = new LatencyHistogram();
  public final LatencyHistogram encodeTime = new LatencyHistogram();
  public final LatencyHistogram writeTime = new LatencyHistogram();
  /** Captures not stored because no designated window was visible (or the query failed). */
  public final AtomicLong framesNotDesignated = new AtomicLong();
  /** Key events dropped because a window that is not designated had the focus. */
  public final AtomicLong keysNotDesignated = new AtomicLong();
  /** Window query and blanking time per capture, under an application policy. */
  public final LatencyHistogram maskTime = new LatencyHistogram();
  /** Whether the capture thread uses the X server's damage hints. */
  public volatile boolean damageHints;
  /** Ticks that neither grabbed nor hashed because nothing was redrawn. */
  public final AtomicLong damageSkips = new AtomicLong();
  /** Full grabs and hashes that checked the damage hints. */
  public final AtomicLong damageChecks = new AtomicLong();
  /** Changed tiles that a check found and the hints had not reported. */
  public final AtomicLong damageMissedTiles = new AtomicLong();
  /** Grabs of the damaged rows redone whole because the screen was drawn on meanwhile. */
  public final AtomicLong grabsRedone = new AtomicLong();
  /** Lines hidden whole without being read because their frame's OCR allowance was spent. */
  public final AtomicLong linesOverBudget = new AtomicLong();
  /**
   * Remembered lines hidden unread (over the budget, or OCR not done in time) that a later frame
   * read from their unchanged pixels, within its allowance.
   */
  public final AtomicLong linesReadLater = new AtomicLong();
  /** Times the CPU budget lowered the OCR allowance a frame (levels above OCR narrowing). */
  public final AtomicLong cpuBudgetAllowanceCuts = new AtomicLong();
  /**
   * Gauge: remembered lines hidden unread that wait to be read; while some do and the allowance
   * has room, the capture thread hands over a periodic frame even when nothing changed.
   */
  public final AtomicLong linesAwaitingRead = new AtomicLong();
  /** Process CPU share of one core over the budget window, in millionths (gauge). */
  public final AtomicLong cpuShareMicros = new AtomicLong();
  /** The CPU budget's degradation level (gauge). */
  public final AtomicLong cpuBudgetLevel = new AtomicLong();
  public final AtomicLong cpuBudgetRateReductions = new AtomicLong();
  public final AtomicLong cpuBudgetOcrNarrowings = new AtomicLong();
  public final AtomicLong cpuBudgetRestores = new AtomicLong();
  public final AtomicLong cpuBudgetOverAtMaxLevel = new AtomicLong();
  /** Frames redacted with OCR narrowed to their changed lines. */
  public final AtomicLong framesOcrNarrowed = new AtomicLong();
  /** Copy regions stored (content that moved, taken from the previous frame), and their pixels. */
  public final AtomicLong regionsCopied = new AtomicLong();
  public final AtomicLong pixelsCopied = new AtomicLong();
  /** Parts of earlier redaction boxes stored again, read and found harmless, and their pixels. */
  public final AtomicLong redactionsLifted = new AtomicLong();
  public final AtomicLong pixelsLifted = new AtomicLong();
  /** Lines hidden without being read, in spots where OCR read nothing before. */
  public final AtomicLong linesUnreadableAgain = new AtomicLong();
  private final ConcurrentHashMap<String, AtomicLong> errors = new ConcurrentHashMap<>();

  /** Counts one occurrence of an error and returns how many of its kind there have been. */
  public long countError(String stage, Throwable error) {
    String key = stage + ": " + error.getClass().getSimpleName() + ": " + error.getMessage();
    AtomicLong c = errors.get(key);
    if (c == null) {
      if (errors.size() >= MAX_ERROR_KINDS) {
        key = stage + ": other errors";
      }
      c = errors.computeIfAbsent(key, k -> new AtomicLong());
    }
    return c.incrementAndGet();
  }

  /** A consistent-enough snapshot (each counter is read once; they may be a frame apart). */
  public CaptureStats snapshot(long elapsedNanos) {
    Map<String, Long> e = new LinkedHashMap<>();
    errors.forEach((k, v) -> e.put(k, v.get()));
    long cap = captured.get();
    long st = stored.get();
    long sk = skipped.get();
    long dr = dropped.get();
    return new CaptureStats(elapsedNanos, cap, st, keyframes.get(), sk, dr,
        Math.max(0, cap - st - sk - dr - framesNotDesignated.get()), captureErrors.get(),
        ticksMissed.get(), bytes.get(),
        timing(captureTime), timing(diffTime), timing(encodeTime), timing(writeTime),
        captureCpu.get(), encoderCpu.get(), e, inputEvents.get(), inputEventsDropped(),
        pointerMoves.get(), pointerMovesCoalesced.get(), actions.get(), actionsUnsettled.get(),
        timing(inputOfferTime), timing(afterFrameGap), framesRedacted.get(),
        redactionBoxes.get(), ocrLines.get(), ocrCacheHits.get(), ocrTimeouts.get(),
        ocrErrors.get(), linesUnread.get(), linesUnreadable.get(), framesDroppedUnread.get(),
        timing(redactionTime), framesNotDesignated.get(), keysNotDesignated.get(),
        damageHints, damageSkips.get(), damageChecks.get(),
        damageMissedTiles.get(), cpuShareMicros.get() / 1e6, (int) cpuBudgetLevel.get(),
        cpuBudgetRateReductions.get(), cpuBudgetOcrNarrowings.get(), cpuBudgetRestores.get(),
        cpuBudgetOverAtMaxLevel.get(), framesOcrNarrowed.get(), regionsCopied.get(),
        pixelsCopied.get(),
        ocrWordLines.get(), ocrWordHits.get(), ocrWordMisses.get(), ocrSyntheticReads.get(),
        ocrWordFallbacks.get(), redactionsLifted.get(), pixelsLifted.get(),
        linesUnreadableAgain.get(), grabsRedone.get(), linesOverBudget.get(),
        linesReadLater.get(), cpuBudgetAllowanceCuts.get(), linesAwaitingRead.get());
  }

  /** Input events lost anywhere: the hook's queue or the timeline's. */
  public long inputEventsDropped() {
    return inputEventsDropped.get() + eventRecordsDropped.get();
  }

  private static CaptureStats.Timing timing(LatencyHistogram h) {
    LatencyHistogram.Snapshot s = h.snapshot();
    return new CaptureStats.Timing(s.count(), s.meanNanos(), s.p50Nanos(), s.p99Nanos(),
        s.maxNanos());
  }
}

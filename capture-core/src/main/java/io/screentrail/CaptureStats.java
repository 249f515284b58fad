package io.screentrail;

import java.util.Map;

/**
 * A snapshot of the engine's counters. Every frame the engine captured ends up in exactly one of
 * stored, skipped as unchanged, dropped or not designated, so a drop never hides: {@code
 * framesCaptured == framesStored + framesSkippedUnchanged + framesDropped + framesNotDesignated +
 * framesInFlight}.
 *
 * @param elapsedNanos time since {@code start()}
 * @param framesCaptured frames grabbed from the screen
 * @param framesStored frames written to the session
 * @param keyframes stored frames written whole
 * @param framesSkippedUnchanged frames identical to the last stored one, not stored
 * @param framesDropped changed frames not stored because the encoder was behind or failed
 * @param framesInFlight frames captured and queued but not stored yet
 * @param captureErrors grabs that failed
 * @param ticksMissed periodic captures skipped because the previous one ran late
 * @param bytesWritten bytes appended to the session files
 * @param captureTime grab time per frame
 * @param diffTime change-detection time per frame
 * @param encodeTime refine and encode time per stored frame
 * @param writeTime write time per stored frame
 * @param captureThreadCpuNanos CPU time spent by the capture thread
 * @param encoderThreadCpuNanos CPU time spent by the encoder thread
 * @param errors occurrences per distinct error, keyed {@code stage: type: message}
 * @param inputEvents input events accepted into the queue (pointer moves excluded)
 * @param inputEventsDropped input events lost because a queue was full
 * @param pointerMoves pointer moves received
 * @param pointerMovesCoalesced pointer moves replaced by a newer one before they were sampled
 * @param actions actions written to the timeline
 * @param actionsUnsettled actions whose screen had not settled by the timeout or the end
 * @param inputOfferTime time an input event takes to enter the queue (the hook's cost)
 * @param framesRedacted stored frames in which something was hidden
 * @param redactionBoxes areas hidden
 * @param ocrLines text lines read by OCR (cache misses)
 * @param ocrCacheHits text lines whose OCR result was remembered
 * @param ocrTimeouts frames whose OCR did not finish within the budget
 * @param ocrErrors frames whose OCR failed
 * @param linesUnread lines not read (timeout or error): hidden, or their frame dropped
 * @param linesUnreadable lines read with too little confidence, hidden as sensitive
 * @param framesDroppedUnread frames dropped because OCR did not read them (policy DROP_FRAME)
 * @param redactionTime time spent redacting a stored frame
 * @param framesNotDesignated captures not stored because no designated application's window was
 *     visible, or the window list could not be read (application policy only)
 * @param keysNotDesignated key events not stored because a window that is not designated had the
 *     focus (application policy only)
 * @param afterFrameGap per settled action, an upper bound of how late its after frame caught the
 *     screen's final state (the gap between the capture that saw it and the one before)
 * @param damageHints whether the X server's damage hints decide what to grab and hash
 * @param framesSkippedByDamage unchanged frames (part of {@code framesSkippedUnchanged}) that
 *     were neither grabbed nor hashed because the X server reported nothing redrawn
 * @param damageChecks full grabs and hashes that checked the damage hints
 * @param damageMissedTiles changed tiles that a check found although no damage was reported
 * @param cpuShare the process's CPU as a share of one core over the budget window (0 without a
 *     budget)
 * @param cpuBudgetLevel 0 when nothing is degraded; 1 to 3 halve the periodic rate once more
 *     each; 4 also narrows OCR to the changed lines; 5 to 8 also limit Tesseract reads a frame
 *     to 8, 4, 2 and 1, never none (lines past it hidden {@code over-budget})
 * @param cpuBudgetRateReductions times the budget lowered the periodic rate
 * @param cpuBudgetOcrNarrowings times the budget narrowed OCR
 * @param cpuBudgetRestores times a level was given back under the budget
 * @param cpuBudgetOverAtMaxLevel budget samples still over with every degradation applied
 * @param framesOcrNarrowed stored frames redacted with narrowed OCR
 * @param regionsCopied copy regions stored: content that moved (a scroll), taken from the
 *     previous frame instead of encoded again
 * @param pixelsCopied pixels those copy regions cover
 * @param ocrWordLines lines OCR missed in the line cache that were put together from words
 *     (part of {@code ocrLines})
 * @param ocrWordHits words answered by the word cache
 * @param ocrWordMisses distinct words read by OCR on synthetic lines
 * @param ocrSyntheticReads synthetic lines of missed words read by OCR
 * @param ocrWordFallbacks lines read whole because OCR's words on a synthetic line did not map
 *     one to one to the words pasted there
 * @param redactionsLifted parts of boxes hidden earlier as unread or unreadable, stored again
 *     once their line was read and found harmless
 * @param pixelsLifted pixels those parts cover
 * @param linesUnreadableAgain lines hidden as unreadable without being read, because they lay
 *     where OCR had read nothing shortly before (an animation: a clock's hands, a spinner)
 * @param grabsRedone grabs of the damaged rows redone as one grab of the whole screen because
 *     something was drawn between the damage poll and the grab (the rows grabbed would have been
 *     newer than the rows kept: a picture never on the screen)
 * @param linesOverBudget lines hidden whole without being read because their frame's OCR
 *     allowance under the CPU budget was spent (manifest detector {@code over-budget})
 * @param linesReadLater remembered lines hidden unread (over the budget, or OCR late) that a later
 *     frame read from their unchanged pixels once the allowance had room; what it found harmless
 *     is stored again (counted in {@code redactionsLifted})
 * @param cpuBudgetAllowanceCuts times the budget lowered the OCR allowance a frame (levels 5 to
 *     8: 8, 4, 2, then 1 Tesseract read a frame)
 * @param linesAwaitingRead remembered lines hidden unread that wait to be read (a gauge)
 */
public record CaptureStats(
    long elapsedNanos,
    long framesCaptured,
    long framesStored,
    long keyframes,
    long framesSkippedUnchanged,
    long framesDropped,
    long framesInFlight,
    long captureErrors,
    long ticksMissed,
    long bytesWritten,
    Timing captureTime,
    Timing diffTime,
    Timing encodeTime,
    Timing writeTime,
    long captureThreadCpuNanos,
    long encoderThreadCpuNanos,
    Map<String, Long> errors,
    long inputEvents,
    long inputEventsDropped,
    long pointerMoves,
    long pointerMovesCoalesced,
    long actions,
    long actionsUnsettled,
    Timing inputOfferTime,
    Timing afterFrameGap,
    long framesRedacted,
    long redactionBoxes,
    long ocrLines,
    long ocrCacheHits,
    long ocrTimeouts,
    long ocrErrors,
    long linesUnread,
    long linesUnreadable,
    long framesDroppedUnread,
    Timing redactionTime,
    long framesNotDesignated,
    long keysNotDesignated,
    boolean damageHints,
    long framesSkippedByDamage,
    long damageChecks,
    long damageMissedTiles,
    double cpuShare,
    int cpuBudgetLevel,
    long cpuBudgetRateReductions,
    long cpuBudgetOcrNarrowings,
    long cpuBudgetRestores,
    long cpuBudgetOverAtMaxLevel,
    long framesOcrNarrowed,
    long regionsCopied,
    long pixelsCopied,
    long ocrWordLines,
    long ocrWordHits,
    long ocrWordMisses,
    long ocrSyntheticReads,
    long ocrWordFallbacks,
    long redactionsLifted,
    long pixelsLifted,
    long linesUnreadableAgain,
    long grabsRedone,
    long linesOverBudget,
    long linesReadLater,
    long cpuBudgetAllowanceCuts,
    long linesAwaitingRead) {

  public CaptureStats {
    errors = Map.copyOf(errors);
  }

  /**
   * Durations of one stage, in nanoseconds.
   *
   * @param count how many were measured
   * @param meanNanos mean
   * @param p50Nanos median (to about 6%)
   * @param p99Nanos 99th percentile (to about 6%)
   * @param maxNanos largest
   */
  public record Timing(long count, long meanNanos, long p50Nanos, long p99Nanos, long maxNanos) {}
}

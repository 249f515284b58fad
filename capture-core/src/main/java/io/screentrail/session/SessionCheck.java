package io.screentrail.session;

import java.util.List;

/**
 * The result of verifying every record of a session, as {@code screentrail inspect} prints it.
 *
 * @param ok every complete record is intact and every image it references is present and intact;
 *     a torn tail alone does not make a session not ok
 * @param records complete timeline records
 * @param framesStored stored frames
 * @param keyframes stored frames written whole
 * @param framesCaptured frames the recorder grabbed, from its last counters on disk
 * @param framesSkippedUnchanged frames not stored because nothing changed, from the same counters
 * @param framesDropped changed frames the recorder could not store, from the same counters
 * @param events input event records
 * @param actions action records
 * @param markers marker records
 * @param tornTail a file ends in an incomplete record, left by a recorder that was interrupted
 * @param durationSeconds time from the session's start to its last record
 * @param bytes size of the session's files
 * @param endedCleanly the session has an end record
 * @param endReason why it ended, or {@code null} without an end record
 * @param problems what is wrong, one line each, naming the file and offset
 * @param eventsDropped input events the recorder lost because a queue was full
 * @param pointerMovesCoalesced pointer moves replaced by newer ones before being sampled
 * @param actionsUnsettled actions whose screen did not settle before the timeout or the end
 * @param performance the recorder's last damage-hint, CPU-budget and scroll-copy counters, by
 *     their stats names ({@code framesSkippedByDamage}, {@code cpuBudgetLevel}, {@code
 *     regionsCopied}, ...); empty for sessions
 *     written before they existed
 * @param redaction the recorder's last redaction counters, by their stats names ({@code
 *     framesRedacted}, {@code ocrTimeouts}, {@code framesDroppedUnread}, ...): every frame OCR
 *     hid, blurred or dropped is counted there; empty for a session recorded without them
 * @param focusActions the action records that are focus changes (part of {@code actions}); a
 *     trajectory export leaves them out, as they are not something the user did to the screen
 */
public record SessionCheck(
    boolean ok,
    long records,
    long framesStored,
    long keyframes,
    long framesCaptured,
    long framesSkippedUnchanged,
    long framesDropped,
    long events,
    long actions,
    long markers,
    boolean tornTail,
    double durationSeconds,
    long bytes,
    boolean endedCleanly,
    String endReason,
    List<String> problems,
    long eventsDropped,
    long pointerMovesCoalesced,
    long actionsUnsettled,
    java.util.Map<String, Object> performance,
    java.util.Map<String, Object> redaction,
    long focusActions) {

  /** The stats names that {@link #performance()} keeps. */
  public static final List<String> PERFORMANCE_KEYS = List.of("damageHints",
      "framesSkippedByDamage", "damageChecks", "damageMissedTiles", "cpuShare", "cpuBudgetLevel",
      "cpuBudgetRateReductions", "cpuBudgetOcrNarrowings", "cpuBudgetRestores",
      "cpuBudgetOverAtMaxLevel", "framesOcrNarrowed", "regionsCopied", "pixelsCopied",
      "grabsRedone", "cpuBudgetAllowanceCuts", "linesAwaitingRead");

  /** The stats names that {@link #redaction()} keeps. */
  public static final List<String> REDACTION_KEYS = List.of("framesRedacted", "redactionBoxes",
      "ocrLines", "ocrCacheHits", "ocrTimeouts", "ocrErrors", "linesUnread", "linesUnreadable",
      "framesDroppedUnread", "redactionsLifted", "pixelsLifted", "linesUnreadableAgain",
      "ocrWordLines", "ocrWordHits", "ocrWordMisses", "ocrSyntheticReads", "ocrWordFallbacks",
      "linesOverBudget", "linesReadLater");

  public SessionCheck {
    problems = List.copyOf(problems);
    performance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(performance));
    redaction = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(redaction));
  }
}

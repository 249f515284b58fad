package io.screentrail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's settings, immutable and validated: made by {@link CaptureEngine.Builder}.
 *
 * @param sessionDirectory where the session is written; must not exist or be empty
 * @param fps periodic capture rate, frames per second, in (0, 60]
 * @param source which grabber to use
 * @param display the X display name, or {@code null} for the {@code DISPLAY} environment variable
 * @param screen the screen to capture, or -1 for the whole virtual desktop
 * @param format how stored frames are compressed
 * @param jpegQuality JPEG quality, 1 to 100
 * @param tileSize edge of the change-detection tiles in pixels
 * @param keyframeInterval at most this many stored frames between two whole frames
 * @param keyframeMaxAge at most this long between two whole frames
 * @param keyframeAreaRatio store a whole frame when this share of the pixels changed
 * @param queueCapacity frames that may wait between capture and encoding; more are dropped
 * @param syncInterval how often written bytes are forced to the disk; zero forces every record
 * @param maxDuration stop by itself after this long, or {@code null} to record until closed
 * @param ticker the clock
 * @param frameListener told about every stored frame, or {@code null}
 * @param errorHandler told about background errors
 * @param inputMode whether the global input hook is installed
 * @param inputQueueCapacity input events that may wait for the input thread; more are dropped
 * @param multiClick a second click within this long, near the first, makes a double click
 * @param typingPause a run of typed text ends after this long without a key
 * @param scrollEnd a scroll gesture ends after this long without the wheel
 * @param dragThreshold a press that moves farther than this many pixels is a drag
 * @param settlePoll while an action waits for its after frame, capture this often
 * @param settleQuiet the screen has settled once it has not changed for this long
 * @param settleTimeout give up waiting for the screen to settle after this long
 * @param redaction how sensitive text is hidden, or OFF
 * @param ocrFailurePolicy what happens to a frame whose text was not all read
 * @param ocrBudget the longest a frame's OCR may take before unread lines count as failed
 * @param ocrThreads OCR worker threads, one Tesseract engine each
 * @param ocrMinConfidence lines read with a lower mean confidence (0 to 100) are hidden
 * @param ocrCacheLines OCR results remembered, by line pixels
 * @param policy designated applications, keystroke masking, pause hotkey and purpose, or {@code
 *     null} for none (everything on screen is recorded, typed text stored as typed)
 * @param encryption where the session key comes from, or {@code null} for a plaintext session
 * @param storage byte cap, free-space floor and retention of the recording root
 * @param damageHints use the X server's DAMAGE extension, where present, to grab and hash only
 *     what was redrawn
 * @param damageCheckInterval how often a full grab and hash checks the damage hints
 * @param cpuBudget the process's CPU ceiling as a share of one core (0.05 is 5%), or 0 for none
 * @param cpuBudgetWindow the window the CPU share is averaged over
 * @param scrollCopies store content that moved (a scrolled terminal or page) as copies of rows the
 *     reader already has, format version 3; {@code false} stores only whole images, format
 *     version 1
 * @param opencvThreads threads OpenCV's own pool may use for one call, set process-wide when the
 *     engine starts; -1 leaves OpenCV's setting alone
 */
public record CaptureConfig(
    Path sessionDirectory,
    double fps,
    SourceKind source,
    String display,
    int screen,
    ImageFormat format,
    int jpegQuality,
    int tileSize,
    int keyframeInterval,
    Duration keyframeMaxAge,
    double keyframeAreaRatio,
    int queueCapacity,
    Duration syncInterval,
    Duration maxDuration,
    Ticker ticker,
    FrameListener frameListener,
    ErrorHandler errorHandler,
    io.screentrail.input.InputMode inputMode,
    int inputQueueCapacity,
    Duration multiClick,
    Duration typingPause,
    Duration scrollEnd,
    int dragThreshold,
    Duration settlePoll,
    Duration settleQuiet,
    Duration settleTimeout,
    RedactionMode redaction,
    OcrFailurePolicy ocrFailurePolicy,
    Duration ocrBudget,
    int ocrThreads,
    int ocrMinConfidence,
    int ocrCacheLines,
    io.screentrail.policy.Policy policy,
    io.screentrail.session.KeyProvider encryption,
    io.screentrail.session.StorageLimits storage,
    boolean damageHints,
    Duration damageCheckInterval,
    double cpuBudget,
    Duration cpuBudgetWindow,
    boolean scrollCopies,
    int opencvThreads) {

  /** Nanoseconds between two periodic captures. */
  public long periodNanos() {
    return Math.round(1_000_000_000d / fps);
  }

  /** The settings a data team needs to interpret the session, for the manifest. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fps", fps);
    m.put("source", source.name().toLowerCase(java.util.Locale.ROOT));
    m.put("screen", (long) screen);
    m.put("format", format.id());
    m.put("jpegQuality", (long) jpegQuality);
    m.put("tileSize", (long) tileSize);
    m.put("keyframeInterval", (long) keyframeInterval);
    m.put("keyframeMaxAgeMillis", keyframeMaxAge.toMillis());
    m.put("keyframeAreaRatio", keyframeAreaRatio);
    m.put("queueCapacity", (long) queueCapacity);
    m.put("syncIntervalMillis", syncInterval.toMillis());
    m.put("maxDurationMillis", maxDuration == null ? null : maxDuration.toMillis());
    m.put("multiClickMillis", multiClick.toMillis());
    m.put("typingPauseMillis", typingPause.toMillis());
    m.put("scrollEndMillis", scrollEnd.toMillis());
    m.put("dragThresholdPixels", (long) dragThreshold);
    m.put("settlePollMillis", settlePoll.toMillis());
    m.put("settleQuietMillis", settleQuiet.toMillis());
    m.put("settleTimeoutMillis", settleTimeout.toMillis());
    m.put("redaction", redaction.name().toLowerCase(java.util.Locale.ROOT));
    m.put("ocrFailurePolicy", ocrFailurePolicy.name().toLowerCase(java.util.Locale.ROOT));
    m.put("ocrBudgetMillis", ocrBudget.toMillis());
    m.put("ocrThreads", (long) ocrThreads);
    m.put("ocrMinConfidence", (long) ocrMinConfidence);
    m.put("encrypted", encryption != null);
    m.put("maxSessionBytes", storage.maxSessionBytes());
    m.put("minFreeBytes", storage.minFreeBytes());
    m.put("maxRootBytes", storage.maxRootBytes());
    m.put("maxAgeMillis", storage.maxAge() == null ? null : storage.maxAge().toMillis());
    m.put("damageHints", damageHints);
    m.put("damageCheckIntervalMillis", damageCheckInterval.toMillis());
    m.put("cpuBudget", cpuBudget);
    m.put("cpuBudgetWindowMillis", cpuBudgetWindow.toMillis());
    m.put("scrollCopies", scrollCopies);
    return m;
  }
}

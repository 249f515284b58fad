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
    ErrorHandler errorHandler) {

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
    return m;
  }
}

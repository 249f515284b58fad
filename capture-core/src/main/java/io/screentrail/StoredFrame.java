package io.screentrail;

/**
 * What the engine stored for one frame.
 *
 * @param sequence index of the frame among the stored frames of the session, from 0
 * @param monoNanos capture time, monotonic nanoseconds since the session started
 * @param wallMillis capture time, milliseconds since the epoch
 * @param keyframe whether the whole frame was stored (else only changed regions)
 * @param regions how many image regions were stored
 * @param changedPixels pixels covered by the stored regions
 * @param bytes encoded image bytes stored for the frame
 */
public record StoredFrame(
    long sequence,
    long monoNanos,
    long wallMillis,
    boolean keyframe,
    int regions,
    long changedPixels,
    long bytes) {}

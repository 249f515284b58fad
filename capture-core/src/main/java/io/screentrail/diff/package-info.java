/**
 * Change detection: which parts of a frame differ from the last stored one.
 *
 * <p>{@link io.screentrail.diff.TileChangeDetector} runs on the capture thread for every frame:
 * CRC32C per tile straight on the source's buffer, no copy and no allocation, so an unchanged
 * frame costs one pass over its bytes. With damage hints only the damaged tiles are hashed, and
 * the whole frame every few seconds as the hints' check. {@link io.screentrail.diff.TileRegions} and {@link
 * io.screentrail.diff.PixelRefiner} run on the encoder thread for changed frames only: tiles are
 * grouped into rectangles, and each is shrunk to the bytes that changed by comparing the frames'
 * bytes in place (no difference buffer, no native call per region). {@link
 * io.screentrail.diff.ScrollFinder} then splits those rectangles into copies of rows that moved
 * (a scroll) and images of what is new, against the last stored (redacted) pixels: fingerprints
 * in pre-allocated arrays and byte compares, no allocation per frame. It keeps the stored frame's
 * row fingerprints between frames, so its caller must report every write to that frame ({@code
 * previousChanged}, {@code previousIsCurrent}, {@code forgetPrevious}). Instances are owned by one
 * thread and share nothing.
 */
package io.screentrail.diff;

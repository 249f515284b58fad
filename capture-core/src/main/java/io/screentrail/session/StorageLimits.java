package io.screentrail.session;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How much disk a recording may use, frozen by the engine's builder.
 *
 * @param maxSessionBytes the session's files may grow to this many bytes; the recording stops
 *     cleanly (end reason {@code budget}) before the next frame could pass it; 0 for no cap
 * @param minFreeBytes the recording stops cleanly (end reason {@code disk_low}) when the file
 *     system holding the session has less usable space than this; -1 for the default,
 *     max(256 MiB, 1% of the file system); 0 never stops for it
 * @param root the recording root whose other sessions {@link Retention} may remove, or {@code
 *     null} for none
 * @param maxRootBytes all sessions in {@code root}, the current one included, may take this many
 *     bytes; the oldest complete ones are removed first; 0 for no cap
 * @param maxAge sessions in {@code root} created longer ago than this are removed; {@code null}
 *     keeps them
 * @param segmentDuration a new segment (a session directory of its own inside the recording
 *     directory) starts after this long; {@code null} for none
 * @param segmentMaxBytes a new segment starts before a segment passes this many bytes; 0 for none
 */
public record StorageLimits(long maxSessionBytes, long minFreeBytes, Path root,
    long maxRootBytes, Duration maxAge, Duration segmentDuration, long segmentMaxBytes) {

  /** No cap, the default free-space floor, no retention, one session. */
  public static final StorageLimits DEFAULT =
      new StorageLimits(0, -1, null, 0, null, null, 0);

  /** Whether the recording is split into segments, each a session of its own. */
  public boolean segmented() {
    return segmentDuration != null || segmentMaxBytes > 0;
  }

  /** Floor of the default minimum free space. */
  public static final long DEFAULT_MIN_FREE_BYTES = 256L * 1024 * 1024;

  /** The free-space floor for a file system of {@code totalBytes}. */
  public long minFreeFor(long totalBytes) {
    return minFreeBytes >= 0 ? minFreeBytes
        : Math.max(DEFAULT_MIN_FREE_BYTES, totalBytes / 100);
  }

  /** Whether other sessions in {@link #root()} are ever removed. */
  public boolean retains() {
    return root != null && (maxRootBytes > 0 || maxAge != null);
  }
}

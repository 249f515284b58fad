package io.screentrail.source;

import java.nio.ByteBuffer;

/**
 * Where frames come from: grabs one area of the screen into a buffer that it owns and reuses.
 *
 * <p>Pixels are 32 bits each, in memory order B, G, R, X (little-endian {@code 0xXXRRGGBB}); the
 * fourth byte is undefined and must be ignored. Rows are {@link #stride()} bytes apart. The buffer
 * returned by {@link #pixels()} is the same object for the life of the source, direct, and holds
 * the last successful grab until the next call to {@link #grab()}.
 *
 * <p>Threading: a source is used by one thread at a time (the engine's capture thread). {@link
 * #grab()} never throws on a failed grab; it returns {@link #GRAB_FAILED} and the reason is kept
 * in {@link #lastError()}.
 */
public interface ScreenSource extends AutoCloseable {

  /** {@link #grab()} filled the buffer with a new frame. */
  int GRAB_OK = 0;

  /** {@link #grab()} failed; the buffer content is unspecified and {@link #lastError()} says why. */
  int GRAB_FAILED = 1;

  /** Short stable name for stats and the session manifest, such as {@code "xshm"} or {@code "robot"}. */
  String name();

  /** The area this source grabs and the screens of the desktop around it. */
  ScreenGeometry geometry();

  /** Grabs the area into {@link #pixels()}; returns {@link #GRAB_OK} or {@link #GRAB_FAILED}. */
  int grab();

  /**
   * Grabs only rows {@code [y, y + rows)} of the area into the same place of {@link #pixels()},
   * leaving the other rows as they were; for a caller that knows only those rows changed. Sources
   * that cannot grab part of the screen grab all of it.
   */
  default int grabRows(int y, int rows) {
    return grab();
  }

  /** The frame buffer: {@code stride() * geometry().height()} bytes, position 0. */
  ByteBuffer pixels();

  /** Bytes between the starts of two rows; at least {@code 4 * geometry().width()}. */
  int stride();

  /** Why the last grab failed, or {@code null} after a successful one. */
  String lastError();

  /** Releases the native resources; the buffer must not be used afterwards. */
  @Override
  void close();
}

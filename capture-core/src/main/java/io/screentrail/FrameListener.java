package io.screentrail;

/**
 * Told about every frame the engine stored.
 *
 * <p>Called on the engine's encoder thread ({@code screentrail-encoder}) after the frame's record
 * is written. It must return quickly and must not block: while it runs, no frame is stored and
 * captured frames wait in the bounded queue, then are dropped (and counted).
 */
@FunctionalInterface
public interface FrameListener {

  /** A frame was stored. */
  void onFrameStored(StoredFrame frame);
}

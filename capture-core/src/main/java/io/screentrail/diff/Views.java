package io.screentrail.diff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Duplicates of the few frame buffers a stage alternates between, each made once: the encoder's
 * frames rotate between its slots and its canvas, and a fresh duplicate whenever the buffer
 * changed would allocate on nearly every frame. Not thread-safe.
 */
final class Views {

  private final ByteBuffer[] sources;
  private final ByteBuffer[] views;
  private int next;

  /** A cache for up to {@code capacity} buffers; past that the oldest view is made again. */
  Views(int capacity) {
    this.sources = new ByteBuffer[capacity];
    this.views = new ByteBuffer[capacity];
  }

  /**
   * A little-endian duplicate of {@code source} whose position and limit the caller may move: the
   * same object each time for the same buffer.
   */
  ByteBuffer of(ByteBuffer source) {
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] == source) {
        return views[i];
      }
    }
    int i = next;
    next = (i + 1) % sources.length;
    sources[i] = source;
    views[i] = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return views[i];
  }
}

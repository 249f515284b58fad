package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One pre-allocated frame travelling from the capture thread to the encoder thread: the pixels
 * (BGRX, as the source delivered them), the change mask of tiles and the capture's times. Slots
 * circulate between a free queue and a ready queue and are never allocated after start.
 */
public final class FrameSlot implements AutoCloseable {

  /** The frame's pixels, {@code height x width}, four bytes each. */
  public final Mat pixels;

  /** Changed tiles, row-major. */
  public final boolean[] changedTiles;

  /** Capture tick index. */
  public long captureIndex;

  /** Capture time, ticker nanoseconds. */
  public long monoNanos;

  /** Capture time, epoch milliseconds. */
  public long wallMillis;

  /** How many tiles changed. */
  public int changedTileCount;

  /** The whole frame must be stored (the encoder lost track of the reference). */
  public boolean forceKeyframe;

  public FrameSlot(int width, int height, int tiles) {
    this.pixels = new Mat(height, width, CV_8UC4);
    this.changedTiles = new boolean[tiles];
  }

  @Override
  public void close() {
    pixels.close();
  }
}

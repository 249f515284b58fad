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

  /** A view of {@link #pixels}' memory, made once, for copying rows in. */
  public final java.nio.ByteBuffer buffer;

  /** The {@link BandCopier} version this slot's pixels are at; -1 before the first fill. */
  public long copyVersion = -1;

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
    this.buffer = pixels.data().limit((long) height * width * 4).asByteBuffer();
    this.changedTiles = new boolean[tiles];
  }

  @Override
  public void close() {
    pixels.close();
  }
}

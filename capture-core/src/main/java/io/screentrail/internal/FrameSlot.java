package io.screentrail.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.ByteOrder;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One pre-allocated frame travelling from the capture thread to the encoder thread: the pixels
 * (BGR, converted from the source's BGRX while they were copied in), the change mask of tiles and
 * the capture's times. Slots circulate between a free queue and a ready queue and are never
 * allocated after start.
 */
public final class FrameSlot implements AutoCloseable {

  /**
   * The frame's pixels, {@code height x width}, three bytes each (BGR), rows packed. The encoder
   * swaps them with its reference frame after storing (see {@link FrameStore}), so read the field
   * each time, never keep it.
   */
  public Mat pixels;

  /**
   * A view of {@link #pixels}' memory, made once, little-endian like the encoder's own frames:
   * the encoder compares and fingerprints it as 8-byte words against them.
   */
  public java.nio.ByteBuffer buffer;

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
    this.pixels = new Mat(height, width, CV_8UC3);
    this.buffer = view(pixels);
    this.changedTiles = new boolean[tiles];
  }

  /** A little-endian view of a continuous BGR Mat's bytes, as {@link #buffer} is. */
  static java.nio.ByteBuffer view(Mat bgr) {
    return bgr.data().limit((long) bgr.rows() * bgr.cols() * 3).asByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() {
    pixels.close();
  }
}

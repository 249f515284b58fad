package io.screentrail.session;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.screentrail.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A stored frame rebuilt as a whole image, handed to a {@link FrameVisitor} during {@link
 * SessionReader#replay}. Valid only during the visit: the reader reuses the pixels for the next
 * frame.
 */
public final class FrameView {

  private final Mat canvas;
  private TimelineRecord record;

  FrameView(Mat canvas) {
    this.canvas = canvas;
  }

  void reset(TimelineRecord r) {
    this.record = r;
  }

  /** The frame's timeline record. */
  public TimelineRecord record() {
    return record;
  }

  /** Index among the session's stored frames, from 0. */
  public long sequence() {
    return record.body().optLong("seq", -1);
  }

  /** Capture time, monotonic nanoseconds since the session started. */
  public long monoNanos() {
    return record.monoNanos();
  }

  /** Capture time, milliseconds since the epoch. */
  public long wallMillis() {
    return record.body().optLong("wall", 0);
  }

  /** Whether the frame was stored whole. */
  public boolean keyframe() {
    return record.body().optBoolean("key", false);
  }

  public int width() {
    return canvas.cols();
  }

  public int height() {
    return canvas.rows();
  }

  /** The pixel at ({@code x}, {@code y}) as {@code 0xRRGGBB}. */
  public int rgb(int x, int y) {
    BytePointer p = canvas.ptr(y, x);
    int b = p.get(0) & 0xff;
    int g = p.get(1) & 0xff;
    int r = p.get(2) & 0xff;
    return (r << 16) | (g << 8) | b;
  }

  /** A copy of the frame as a {@code TYPE_3BYTE_BGR} image. */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    int rowBytes = width() * 3;
    for (int y = 0; y < height(); y++) {
      canvas.ptr(y).get(dst, y * rowBytes, rowBytes);
    }
    return img;
  }

  /** Writes the frame to {@code file} as a whole image in {@code format}. */
  public void writeImage(Path file, ImageFormat format) throws IOException {
    Files.write(file, encode(format, 95));
  }

  /**
   * The frame encoded as a whole image in {@code format}; {@code jpegQuality} (1 to 100) applies
   * to JPEG only.
   */
  public byte[] encode(ImageFormat format, int jpegQuality) throws IOException {
    int[] params = format == ImageFormat.JPEG ? new int[] {IMWRITE_JPEG_QUALITY, jpegQuality}
        : new int[0];
    try (BytePointer out = new BytePointer();
        IntPointer p = new IntPointer(params)) {
      if (!imencode(format.extension(), canvas, out, p)) {
        throw new IOException("could not encode frame " + sequence() + " as " + format.id());
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }
}

package io.screentrail.encode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_OPTIMIZE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER_SUB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.screentrail.ImageFormat;
import io.screentrail.internal.MatWindow;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Compresses a frame, or one rectangle of it, with OpenCV's {@code imencode}.
 *
 * <p>Input is a 3-channel BGR Mat: the X server's fourth byte is undefined on some servers, so
 * the caller converts to BGR first. PNG uses compression level 1 with the SUB filter, which on
 * screen content costs half the CPU of the default filter for a few percent more bytes. JPEG
 * computes Huffman tables for each image ({@code IMWRITE_JPEG_OPTIMIZE}) up to {@link
 * #DEFAULT_OPTIMIZE_MAX_PIXELS} pixels: the same pixels in fewer bytes. A small region's standard
 * tables (432 bytes) weigh as much as a third of its data and computed ones about 120 bytes, while
 * on a large image they save about 3 % for twice the JPEG's CPU (this build of libjpeg-turbo has
 * no SIMD), so large images keep the standard tables.
 *
 * <p>Not thread-safe: one encoder thread owns an instance. The output buffer, parameters and the
 * region's Mat header ({@link MatWindow}) are reused; each call allocates the native vector
 * OpenCV returns and its JavaCPP wrapper (with the {@code /proc/self/statm} read JavaCPP makes for
 * each native object it will free, unless {@code org.bytedeco.javacpp.maxPhysicalBytes} is 0).
 */
public final class FrameEncoder implements AutoCloseable {

  /** The call succeeded; the bytes are in {@link #output()}. */
  public static final int ENCODED = 0;

  /** OpenCV refused the image; {@link #lastError()} says why. */
  public static final int FAILED = 1;

  /**
   * Images up to this many pixels (64 x 64) get Huffman tables of their own by default: half of a
   * busy desktop's delta images, a seventh of their pixels. At 16,384 the encoder thread spent
   * 9 % more CPU (BENCHMARKS.md, "Storage against 150 MB an hour"). A session that stores the
   * standard tables once (format 3) uses 0: they then cost an image nothing.
   */
  public static final int DEFAULT_OPTIMIZE_MAX_PIXELS = 4_096;

  private final ImageFormat format;
  private final BytePointer extension;
  private final IntPointer params;
  /** JPEG with computed Huffman tables; null for PNG. */
  private final IntPointer optimizedParams;
  private final long optimizeMaxPixels;
  /** The region's header, moved over each region instead of made anew (see MatWindow). */
  private final MatWindow window = new MatWindow(8);
  private byte[] bytes = new byte[256 * 1024];
  private ByteBuffer output = ByteBuffer.wrap(bytes);
  private String lastError;

  /**
   * @param format JPEG or PNG
   * @param jpegQuality 1 to 100, used for JPEG
   */
  public FrameEncoder(ImageFormat format, int jpegQuality) {
    this(format, jpegQuality, DEFAULT_OPTIMIZE_MAX_PIXELS);
  }

  /**
   * @param format JPEG or PNG
   * @param jpegQuality 1 to 100, used for JPEG
   * @param optimizeMaxPixels JPEG only: images up to this many pixels get Huffman tables computed
   *     for them (a second pass over the coefficients, lossless) instead of the standard ones; 0
   *     never, {@link Integer#MAX_VALUE} always
   */
  public FrameEncoder(ImageFormat format, int jpegQuality, int optimizeMaxPixels) {
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality must be in [1, 100], was " + jpegQuality);
    }
    if (optimizeMaxPixels < 0) {
      throw new IllegalArgumentException("optimizeMaxPixels must be >= 0, was " + optimizeMaxPixels);
    }
    this.format = format;
    this.extension = new BytePointer(format.extension());
    this.optimizeMaxPixels = optimizeMaxPixels;
    if (format == ImageFormat.JPEG) {
      this.params = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality);
      this.optimizedParams = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality,
          IMWRITE_JPEG_OPTIMIZE, 1);
    } else {
      this.params =
          new IntPointer(IMWRITE_PNG_COMPRESSION, 1, IMWRITE_PNG_FILTER, IMWRITE_PNG_FILTER_SUB);
      this.optimizedParams = null;
    }
  }

  /** The format this encoder writes. */
  public ImageFormat format() {
    return format;
  }

  /** Encodes the whole of {@code bgr}. */
  public int encode(Mat bgr) {
    return encodeMat(bgr);
  }

  /** Encodes the rectangle ({@code x}, {@code y}, {@code w}, {@code h}) of {@code bgr}. */
  public int encode(Mat bgr, int x, int y, int w, int h) {
    return encodeMat(window.of(bgr, x, y, w, h));
  }

  /**
   * Encodes a blank 16 x 16 image with the standard Huffman tables, as images above {@code
   * optimizeMaxPixels} are encoded: its DQT and DHT segments are the ones every such image of this
   * encoder carries, which a session stores once (format version 3). Called once per session, off
   * the per-frame path; the bytes are in {@link #output()}.
   */
  public int encodeTablesProbe() {
    try (Mat blank = blank()) {
      return encodeMat(blank, false);
    }
  }

  /**
   * The bytes of a blank 16 x 16 image as this encoder writes it: its headers, nearly all of it
   * (0 when it cannot encode). Called once per session, off the per-frame path; it overwrites
   * {@link #output()}.
   */
  public int blankImageBytes() {
    try (Mat blank = blank()) {
      return encodeMat(blank) == ENCODED ? output.remaining() : 0;
    }
  }

  private static Mat blank() {
    return new Mat(16, 16, CV_8UC3, Scalar.all(0));
  }

  private int encodeMat(Mat image) {
    return encodeMat(image, optimizedParams != null
        && (long) image.cols() * image.rows() <= optimizeMaxPixels);
  }

  private int encodeMat(Mat image, boolean optimize) {
    try (BytePointer encoded = new BytePointer()) {
      if (!imencode(extension, image, encoded, optimize ? optimizedParams : params)) {
        lastError = "imencode returned false for a " + image.cols() + "x" + image.rows() + " image";
        return FAILED;
      }
      int n = (int) encoded.limit();
      if (n > bytes.length) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
        output = ByteBuffer.wrap(bytes);
      }
      encoded.position(0).get(bytes, 0, n);
      output.clear().limit(n);
      lastError = null;
      return ENCODED;
    } catch (RuntimeException e) {
      // OpenCV reports cv::Exception as a RuntimeException through JavaCPP.
      lastError = e.getMessage();
      return FAILED;
    }
  }

  /** The bytes of the last successful call, from position 0 to the limit; reused by the next call. */
  public ByteBuffer output() {
    return output;
  }

  /** Why the last call failed, or {@code null}. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    extension.close();
    params.close();
    if (optimizedParams != null) {
      optimizedParams.close();
    }
    window.close();
  }
}

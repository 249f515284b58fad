package io.screentrail.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_OPTIMIZE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER_SUB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.screentrail.ImageFormat;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Compresses a frame, or one rectangle of it, with OpenCV's {@code imencode}.
 *
 * <p>Input is a 3-channel BGR Mat: the X server's fourth byte is undefined on some servers, so
 * the caller converts to BGR first. PNG uses compression level 1 with the SUB filter, which on
 * screen content costs half the CPU of the default filter for a few percent more bytes. JPEG
 * computes Huffman tables for each image ({@code IMWRITE_JPEG_OPTIMIZE}) by default: the same
 * pixels in fewer bytes, most of all for small regions, whose standard tables outweigh their data.
 *
 * <p>Not thread-safe: one encoder thread owns an instance. The output buffer, parameters and ROI
 * header are reused; each call allocates the native vector OpenCV returns and a few hundred
 * bytes of JavaCPP wrapper objects (a region also its Mat header).
 */
public final class FrameEncoder implements AutoCloseable {

  /** The call succeeded; the bytes are in {@link #output()}. */
  public static final int ENCODED = 0;

  /** OpenCV refused the image; {@link #lastError()} says why. */
  public static final int FAILED = 1;

  private final ImageFormat format;
  private final BytePointer extension;
  private final IntPointer params;
  private final Rect roiRect = new Rect();
  private byte[] bytes = new byte[256 * 1024];
  private ByteBuffer output = ByteBuffer.wrap(bytes);
  private String lastError;

  /**
   * @param format JPEG or PNG
   * @param jpegQuality 1 to 100, used for JPEG
   */
  public FrameEncoder(ImageFormat format, int jpegQuality) {
    this(format, jpegQuality, true);
  }

  /**
   * @param format JPEG or PNG
   * @param jpegQuality 1 to 100, used for JPEG
   * @param optimizeHuffman JPEG only: Huffman tables computed for each image (a second pass over
   *     its coefficients, lossless) instead of the standard ones
   */
  public FrameEncoder(ImageFormat format, int jpegQuality, boolean optimizeHuffman) {
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality must be in [1, 100], was " + jpegQuality);
    }
    this.format = format;
    this.extension = new BytePointer(format.extension());
    this.params = format == ImageFormat.JPEG
        ? new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality, IMWRITE_JPEG_OPTIMIZE,
            optimizeHuffman ? 1 : 0)
        : new IntPointer(IMWRITE_PNG_COMPRESSION, 1, IMWRITE_PNG_FILTER, IMWRITE_PNG_FILTER_SUB);
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
    roiRect.x(x).y(y).width(w).height(h);
    try (Mat roi = bgr.apply(roiRect)) {
      return encodeMat(roi);
    }
  }

  private int encodeMat(Mat image) {
    try (BytePointer encoded = new BytePointer()) {
      if (!imencode(extension, image, encoded, params)) {
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
    roiRect.close();
  }
}

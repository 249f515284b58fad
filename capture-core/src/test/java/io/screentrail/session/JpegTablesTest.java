package io.screentrail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import io.screentrail.ImageFormat;
import io.screentrail.encode.FrameEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Images stored without the session's JPEG tables come back as the encoder's bytes exactly, and
 * decode to the same pixels; images with other tables are left as they are.
 */
class JpegTablesTest {

  /** A terminal-like image: light text on a dark background. */
  private static Mat text(int w, int h) {
    Mat m = new Mat(h, w, CV_8UC3, new Scalar(40, 30, 20, 0));
    for (int y = 14; y < h; y += 16) {
      try (Point at = new Point(2, y); Scalar ink = new Scalar(230, 230, 230, 0)) {
        putText(m, "ls -la /var/log 0x" + Integer.toHexString(y * 7919), at,
            FONT_HERSHEY_SIMPLEX, 0.45, ink);
      }
    }
    return m;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  private static JpegTables tablesOf(FrameEncoder encoder) {
    assertThat(encoder.encodeTablesProbe()).isEqualTo(FrameEncoder.ENCODED);
    return JpegTables.of(encoder.output());
  }

  private static byte[] decodedPixels(byte[] jpeg) {
    try (BytePointer p = new BytePointer(jpeg);
        Mat encoded = new Mat(1, jpeg.length, CV_8UC1, p);
        Mat decoded = imdecode(encoded, IMREAD_COLOR)) {
      assertThat(decoded.empty()).isFalse();
      byte[] px = new byte[(int) (decoded.total() * decoded.channels())];
      decoded.data().get(px);
      return px;
    }
  }

  @ParameterizedTest(name = "{0}x{1} at quality {2}")
  @CsvSource({
      "40, 30, 80",    // computed Huffman tables: only the DQT is shared
      "64, 64, 80",
      "300, 120, 80",  // standard Huffman tables: DQT and DHT are shared
      "1280, 720, 80",
      "200, 60, 35",
      "200, 60, 100"})
  void anAbbreviatedImageRestoredIsTheEncodersOutputByteForByte(int w, int h, int quality) {
    try (FrameEncoder encoder = new FrameEncoder(ImageFormat.JPEG, quality);
        Mat image = text(w, h)) {
      JpegTables tables = tablesOf(encoder);
      assertThat(encoder.encode(image)).isEqualTo(FrameEncoder.ENCODED);
      byte[] original = bytes(encoder.output());
      boolean standardHuffman = (long) w * h > FrameEncoder.DEFAULT_OPTIMIZE_MAX_PIXELS;

      JpegTables.Layout layout = new JpegTables.Layout();
      byte[] stored = new byte[original.length];
      int n = tables.abbreviate(ByteBuffer.wrap(original), stored, layout);
      int removed = tables.dqt().length + (standardHuffman ? tables.dht().length : 0);
      assertThat(n).as("stored length").isEqualTo(original.length - removed);
      assertThat(tables.dqt().length).as("two 8-bit tables and their markers").isEqualTo(138);

      ByteBuffer storedBuffer = ByteBuffer.wrap(stored, 0, n);
      byte[] back = new byte[tables.restoredLength(storedBuffer, layout)];
      int m = tables.restore(storedBuffer, back, layout);
      assertThat(m).isEqualTo(original.length);
      assertThat(back).isEqualTo(original);
      assertThat(decodedPixels(back)).isEqualTo(decodedPixels(original));
    }
  }

  @Test
  void theSharedTablesAreTheSameForEveryImageOfOneQualityAndDifferForAnother() {
    try (FrameEncoder q80 = new FrameEncoder(ImageFormat.JPEG, 80);
        FrameEncoder q80b = new FrameEncoder(ImageFormat.JPEG, 80);
        FrameEncoder q60 = new FrameEncoder(ImageFormat.JPEG, 60)) {
      JpegTables t80 = tablesOf(q80);
      assertThat(tablesOf(q80b)).isEqualTo(t80);
      JpegTables t60 = tablesOf(q60);
      assertThat(t60.dqt()).isNotEqualTo(t80.dqt());
      assertThat(t60.dht()).as("the standard Huffman tables").isEqualTo(t80.dht());
      assertThat(JpegTables.fromRecord(t80.dqtBase64(), t80.dhtBase64())).isEqualTo(t80);
    }
  }

  @Test
  void anotherQualitysTablesStayInTheImageAndItStillRestoresExactly() {
    try (FrameEncoder session = new FrameEncoder(ImageFormat.JPEG, 80);
        FrameEncoder other = new FrameEncoder(ImageFormat.JPEG, 60);
        Mat small = text(40, 30);
        Mat large = text(300, 120)) {
      JpegTables tables = tablesOf(session);
      JpegTables.Layout layout = new JpegTables.Layout();
      other.encode(small);
      byte[] computed = bytes(other.output());
      // Another DQT and computed Huffman tables: nothing in common, stored whole.
      assertThat(tables.abbreviate(ByteBuffer.wrap(computed), new byte[computed.length], layout))
          .isEqualTo(-1);
      other.encode(large);
      byte[] standard = bytes(other.output());
      // Another DQT but the standard Huffman tables: only those are left out.
      byte[] stored = new byte[standard.length];
      int n = tables.abbreviate(ByteBuffer.wrap(standard), stored, layout);
      assertThat(n).isEqualTo(standard.length - tables.dht().length);
      ByteBuffer s = ByteBuffer.wrap(stored, 0, n);
      byte[] back = new byte[tables.restoredLength(s, layout)];
      tables.restore(s, back, layout);
      assertThat(back).isEqualTo(standard);
    }
  }

  @Test
  void pngAndDamagedBytesAreLeftAsTheyAre() {
    try (FrameEncoder png = new FrameEncoder(ImageFormat.PNG, 80);
        FrameEncoder jpeg = new FrameEncoder(ImageFormat.JPEG, 80);
        Mat image = text(100, 40)) {
      JpegTables tables = tablesOf(jpeg);
      JpegTables.Layout layout = new JpegTables.Layout();
      png.encode(image);
      byte[] p = bytes(png.output());
      assertThat(tables.abbreviate(ByteBuffer.wrap(p), new byte[p.length], layout)).isEqualTo(-1);
      byte[] back = new byte[tables.restoredLength(ByteBuffer.wrap(p), layout)];
      tables.restore(ByteBuffer.wrap(p), back, layout);
      assertThat(back).isEqualTo(p);
      jpeg.encode(image);
      byte[] cut = Arrays.copyOf(bytes(jpeg.output()), 100); // ends inside the tables
      assertThat(tables.abbreviate(ByteBuffer.wrap(cut), new byte[cut.length], layout))
          .isEqualTo(-1);
      assertThatThrownBy(() -> JpegTables.of(ByteBuffer.wrap(p)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> JpegTables.fromRecord(tables.dhtBase64(), tables.dhtBase64()))
          .hasMessageContaining("jpegTables");
    }
  }
}

package io.screentrail.bench.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.screentrail.ImageFormat;
import io.screentrail.encode.FrameEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What JPEG quality costs in bytes and gives back in pixels: encodes each lossless screen with the
 * engine's encoder ({@link FrameEncoder}, Huffman tables per image) at each quality, prints the
 * bytes, and writes the decoded image as lossless PNG beside it, {@code NAME-qQQ.png}, for OCR to
 * compare with the original ({@code benchmarks/run-jpeg-quality.sh} runs tesseract on both).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.encode.JpegQualityProbe OUT_DIR Q1,Q2,... SCREEN.png...
 * </pre>
 */
public final class JpegQualityProbe {

  private JpegQualityProbe() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: JpegQualityProbe OUT_DIR Q1,Q2,... SCREEN.png...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    String[] qualities = args[1].split(",");
    System.out.println("screen\tquality\tbytes");
    for (int s = 2; s < args.length; s++) {
      String name = Path.of(args[s]).getFileName().toString().replaceFirst("\\.png$", "");
      try (Mat screen = imread(args[s], IMREAD_COLOR)) {
        if (screen.empty()) {
          System.err.println("cannot read " + args[s]);
          System.exit(1);
        }
        for (String q : qualities) {
          int quality = Integer.parseInt(q.trim());
          try (FrameEncoder encoder = new FrameEncoder(ImageFormat.JPEG, quality)) {
            if (encoder.encode(screen) != FrameEncoder.ENCODED) {
              throw new IllegalStateException(encoder.lastError());
            }
            ByteBuffer bytes = encoder.output();
            int n = bytes.remaining();
            byte[] copy = new byte[n];
            bytes.get(copy);
            try (BytePointer p = new BytePointer(copy);
                Mat encoded = new Mat(1, n, org.bytedeco.opencv.global.opencv_core.CV_8UC1, p);
                Mat decoded = imdecode(encoded, IMREAD_COLOR)) {
              imwrite(out.resolve(name + "-q" + quality + ".png").toString(), decoded);
            }
            System.out.println(name + "\t" + quality + "\t" + n);
          }
        }
      }
    }
  }
}

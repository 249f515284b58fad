package io.screentrail.bench.redact;

import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.ochafik.lang.jnaerator.runtime.NativeSize;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.PointerByReference;
import io.screentrail.internal.RectList;
import io.screentrail.internal.ocr.TesseractNatives;
import io.screentrail.redact.TextLineFinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Where a line's OCR time goes, and what Tesseract settings change it: finds the lines of one
 * screen, prepares each about as {@code LineReader} does (grey, inverted when dark, enlarged x2
 * below 20 px and x3 below 10, one white pixel around; no border trimming) and reads them on one
 * thread with each setting in turn, twice, reporting the second pass: the thread's CPU for our
 * preparation and for Tesseract, and how many words read are words of the text files given (a
 * legibility proxy). "layout" runs Tesseract's thresholding and segmentation alone (AnalyseLayout).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.redact.OcrSettingsProbe \
 *     SCREEN.png base,layout,nodict,noupscale,psm13 TRUTH.txt...
 * </pre>
 */
public final class OcrSettingsProbe {

  private static final TessAPI API = TessAPI.INSTANCE;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private OcrSettingsProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: OcrSettingsProbe SCREEN.png SETTING,... [TRUTH.txt...]");
      System.exit(2);
    }
    Set<String> truth = new HashSet<>();
    for (int i = 2; i < args.length; i++) {
      for (String word : Files.readString(Path.of(args[i])).split("\\s+")) {
        truth.add(word);
      }
    }
    Mat bgr = opencv_imgcodecs.imread(args[0]);
    RectList lines = new RectList(512);
    try (TextLineFinder finder = new TextLineFinder()) {
      finder.find(bgr, 0, 0, bgr.cols(), bgr.rows(), lines);
    }
    for (String setting : args[1].split(",")) {
      measure(setting, bgr, lines, truth);
    }
  }

  private static void measure(String setting, Mat bgr, RectList lines, Set<String> truth) {
    Path tessdata = TesseractNatives.load();
    ITessAPI.TessBaseAPI h = API.TessBaseAPICreate();
    int rc;
    if (setting.equals("nodict")) {
      PointerByReference names = new PointerByReference();
      names.setPointer(new StringArray(new String[] {"load_system_dawg", "load_freq_dawg"}));
      PointerByReference values = new PointerByReference();
      values.setPointer(new StringArray(new String[] {"0", "0"}));
      rc = API.TessBaseAPIInit4(h, tessdata.toString(), "eng",
          ITessAPI.TessOcrEngineMode.OEM_DEFAULT, null, 0, names, values, new NativeSize(2),
          ITessAPI.FALSE);
    } else {
      rc = API.TessBaseAPIInit3(h, tessdata.toString(), "eng");
    }
    if (rc != 0) {
      throw new IllegalStateException("Tesseract did not start for " + setting);
    }
    API.TessBaseAPISetPageSegMode(h, setting.equals("psm13")
        ? ITessAPI.TessPageSegMode.PSM_RAW_LINE : ITessAPI.TessPageSegMode.PSM_SINGLE_LINE);
    API.TessBaseAPISetVariable(h, "tessedit_do_invert", "0");
    API.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
    int maxScale = setting.equals("noupscale") ? 1 : 3;
    long prepNs = 0;
    long ocrNs = 0;
    int words = 0;
    int known = 0;
    for (int pass = 0; pass < 2; pass++) {
      prepNs = 0;
      ocrNs = 0;
      words = 0;
      known = 0;
      for (int i = 0; i < lines.size(); i++) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        int scale = Math.min(maxScale, lines.height(i) >= 20 ? 1 : lines.height(i) >= 10 ? 2 : 3);
        int[] size = new int[2];
        ByteBuffer pixels = prepare(bgr, lines.x(i), lines.y(i), lines.width(i),
            lines.height(i), scale, size);
        long c1 = THREADS.getCurrentThreadCpuTime();
        API.TessBaseAPISetImage(h, pixels, size[0], size[1], 1, size[0]);
        String text = "";
        if (setting.equals("layout")) {
          ITessAPI.TessPageIterator it = API.TessBaseAPIAnalyseLayout(h);
          if (it != null) {
            API.TessPageIteratorDelete(it);
          }
        } else {
          API.TessBaseAPIRecognize(h, null);
          Pointer t = API.TessBaseAPIGetUTF8Text(h);
          if (t != null) {
            text = t.getString(0, StandardCharsets.UTF_8.name()).strip();
            API.TessDeleteText(t);
          }
        }
        API.TessBaseAPIClear(h);
        ocrNs += THREADS.getCurrentThreadCpuTime() - c1;
        prepNs += c1 - c0;
        for (String w : text.split("\\s+")) {
          if (!w.isEmpty()) {
            words++;
            known += truth.contains(w) ? 1 : 0;
          }
        }
      }
    }
    System.out.printf("%-10s %d lines: ours %.0f ms, Tesseract %.0f ms (%.1f ms a line);"
        + " %d words, %d of them in the truth files (%.1f %%)%n", setting, lines.size(),
        prepNs / 1e6, ocrNs / 1e6, ocrNs / 1e6 / lines.size(), words, known,
        words == 0 ? 0.0 : 100.0 * known / words);
    API.TessBaseAPIEnd(h);
    API.TessBaseAPIDelete(h);
  }

  /** The line as LineReader prepares it; {@code size} receives its width and height. */
  private static ByteBuffer prepare(Mat bgr, int x, int y, int w, int h, int scale,
      int[] size) {
    try (Rect roi = new Rect(x, y, w, h);
        Mat region = bgr.apply(roi);
        Mat gray = new Mat();
        Mat big = new Mat()) {
      cvtColor(region, gray, COLOR_BGR2GRAY);
      if (mean(gray).get(0) < 128) {
        bitwise_not(gray, gray);
      }
      Mat src = gray;
      if (scale > 1) {
        try (Size s = new Size(w * scale, h * scale)) {
          resize(gray, big, s, 0, 0, INTER_CUBIC);
        }
        src = big;
      }
      size[0] = src.cols() + 2;
      size[1] = src.rows() + 2;
      ByteBuffer out = ByteBuffer.allocateDirect(size[0] * size[1]);
      byte[] white = new byte[size[0]];
      java.util.Arrays.fill(white, (byte) 0xFF);
      out.put(white);
      byte[] row = new byte[src.cols()];
      for (int r = 0; r < src.rows(); r++) {
        src.ptr(r).get(row);
        out.put((byte) 0xFF).put(row).put((byte) 0xFF);
      }
      return out.put(white).flip();
    }
  }
}

package io.screentrail.redact;

import com.sun.jna.Pointer;
import io.screentrail.internal.ocr.TesseractNatives;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;

/**
 * One Tesseract engine reading single text lines (page segmentation mode 7), through Tess4J's
 * low-level API on the JavaCPP natives. Starting one costs about 0.4 s and 40 MB; keep one per
 * worker thread and reuse it.
 *
 * <p>Not thread-safe: Tesseract's engine is single-threaded; one thread owns an instance.
 */
public final class OcrEngine implements LineOcr {

  private static final int RIL_WORD = ITessAPI.TessPageIteratorLevel.RIL_WORD;

  private final TessAPI api = TessAPI.INSTANCE;
  private final ITessAPI.TessBaseAPI handle;
  private final IntBuffer left = IntBuffer.allocate(1);
  private final IntBuffer top = IntBuffer.allocate(1);
  private final IntBuffer right = IntBuffer.allocate(1);
  private final IntBuffer bottom = IntBuffer.allocate(1);
  private boolean closed;

  private OcrEngine(ITessAPI.TessBaseAPI handle) {
    this.handle = handle;
  }

  /**
   * Starts an engine with the English model.
   *
   * @throws IllegalStateException when Tesseract cannot be loaded or initialized
   */
  public static OcrEngine start() {
    Path tessdata = TesseractNatives.load();
    TessAPI api = TessAPI.INSTANCE;
    ITessAPI.TessBaseAPI h = api.TessBaseAPICreate();
    if (api.TessBaseAPIInit3(h, tessdata.toString(), "eng") != 0) {
      api.TessBaseAPIDelete(h);
      throw new IllegalStateException("Tesseract could not load its English model from "
          + tessdata);
    }
    api.TessBaseAPISetPageSegMode(h, ITessAPI.TessPageSegMode.PSM_SINGLE_LINE);
    // Dark lines are inverted before OCR; Tesseract's own retry on inverted text costs time.
    api.TessBaseAPISetVariable(h, "tessedit_do_invert", "0");
    api.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
    return new OcrEngine(h);
  }

  /**
   * Reads one line from an 8-bit grey image (dark text on a light background).
   *
   * @param gray direct buffer, {@code stride} bytes a row
   */
  @Override
  public OcrLine read(ByteBuffer gray, int width, int height, int stride) {
    api.TessBaseAPISetImage(handle, gray, width, height, 1, stride);
    if (api.TessBaseAPIRecognize(handle, null) != 0) {
      api.TessBaseAPIClear(handle);
      throw new IllegalStateException("Tesseract failed to recognize a " + width + "x" + height
          + " line");
    }
    ITessAPI.TessResultIterator it = api.TessBaseAPIGetIterator(handle);
    StringBuilder text = new StringBuilder();
    int[] boxes = new int[32];
    int[] ranges = new int[16];
    float[] conf = new float[8];
    int n = 0;
    float confSum = 0;
    if (it != null) {
      try {
        ITessAPI.TessPageIterator page = api.TessResultIteratorGetPageIterator(it);
        do {
          Pointer p = api.TessResultIteratorGetUTF8Text(it, RIL_WORD);
          if (p == null) {
            continue;
          }
          String word = p.getString(0, StandardCharsets.UTF_8.name());
          api.TessDeleteText(p);
          if (word.isBlank()) {
            continue;
          }
          if (n == conf.length) {
            boxes = java.util.Arrays.copyOf(boxes, boxes.length * 2);
            ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
            conf = java.util.Arrays.copyOf(conf, conf.length * 2);
          }
          api.TessPageIteratorBoundingBox(page, RIL_WORD, left, top, right, bottom);
          if (text.length() > 0) {
            text.append(' ');
          }
          ranges[n * 2] = text.length();
          text.append(word);
          ranges[n * 2 + 1] = text.length();
          boxes[n * 4] = left.get(0);
          boxes[n * 4 + 1] = top.get(0);
          boxes[n * 4 + 2] = right.get(0) - left.get(0);
          boxes[n * 4 + 3] = bottom.get(0) - top.get(0);
          conf[n] = api.TessResultIteratorConfidence(it, RIL_WORD);
          confSum += conf[n];
          n++;
        } while (api.TessResultIteratorNext(it, RIL_WORD) != 0);
      } finally {
        api.TessResultIteratorDelete(it);
      }
    }
    api.TessBaseAPIClear(handle);
    if (n == 0) {
      return OcrLine.EMPTY;
    }
    return new OcrLine(text.toString(), confSum / n, java.util.Arrays.copyOf(boxes, n * 4),
        java.util.Arrays.copyOf(ranges, n * 2), java.util.Arrays.copyOf(conf, n));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      api.TessBaseAPIEnd(handle);
      api.TessBaseAPIDelete(handle);
    }
  }
}

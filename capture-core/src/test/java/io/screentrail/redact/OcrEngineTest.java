package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.internal.RectList;
import io.screentrail.internal.ocr.TesseractNatives;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Real Tesseract (the JavaCPP build through Tess4J) and real OpenCV line finding. */
class OcrEngineTest {

  @Test
  void theJavaCppTesseractIsTheOneLoaded() throws Exception {
    assertThat(TesseractNatives.version()).startsWith("5.5.2");
    List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
    List<String> tess = maps.stream().filter(l -> l.contains("libtesseract")).toList();
    assertThat(tess).isNotEmpty().allMatch(l -> l.contains("javacpp"), "from the JavaCPP cache");
    assertThat(maps).noneMatch(l -> l.contains("/usr/lib") && l.contains("libtesseract"));
    assertThat(maps).noneMatch(l -> l.contains("/usr/lib") && l.contains("libleptonica"));
  }

  @Test
  void linesAreFoundAndReadDarkAndLightAlike() throws Exception {
    String[] text = {"Invoice number 2024 for Example Industries",
        "Please contact billing@example.com today", "Total amount due 1,250.00 EUR"};
    for (boolean dark : new boolean[] {false, true}) {
      Color fg = dark ? new Color(230, 230, 230) : Color.BLACK;
      Color bg = dark ? new Color(30, 30, 30) : Color.WHITE;
      try (Mat img = TextImages.render(900, 160, "DejaVu Sans", 16, fg, bg, text);
          TextLineFinder finder = new TextLineFinder();
          LineReader reader = new LineReader(2, 1000)) {
        RectList lines = new RectList(8);
        finder.find(img, 0, 0, img.cols(), img.rows(), lines);
        assertThat(lines.size()).as("lines found, dark=%s", dark).isEqualTo(3);
        OcrLine[] out = new OcrLine[lines.size()];
        LineReader.Counts c = reader.read(img, lines, out, System.nanoTime() + 30_000_000_000L);
        assertThat(c.unread).isZero();
        String all = String.join("\n", java.util.Arrays.stream(out).map(OcrLine::text).toList());
        assertThat(all).contains("Invoice", "billing@example.com", "1,250.00");
        for (OcrLine l : out) {
          assertThat(l.confidence()).isGreaterThan(60);
          assertThat(l.wordX(0)).isBetween(15, 30);
        }
        // The same pixels again are served from the cache.
        LineReader.Counts again = reader.read(img, lines, out, System.nanoTime() + 1_000_000_000L);
        assertThat(again.cacheHits).isEqualTo(3);
        assertThat(again.ocrLines).isZero();
      }
    }
  }

  @Test
  void aCachedLineIsFoundByItsPixelsWhereverItMovesAndAnyChangedPixelIsReadAgain()
      throws Exception {
    try (Mat img = TextImages.render(700, 60, "DejaVu Sans", 16, Color.BLACK, Color.WHITE,
            "Please contact billing@example.com today");
        Mat moved = new Mat(300, 900, img.type(), new org.bytedeco.opencv.opencv_core.Scalar(
            255, 255, 255, 0));
        TextLineFinder finder = new TextLineFinder();
        LineReader reader = new LineReader(1, 100)) {
      RectList lines = new RectList(4);
      finder.find(img, 0, 0, img.cols(), img.rows(), lines);
      assertThat(lines.size()).isEqualTo(1);
      OcrLine[] out = new OcrLine[1];
      long deadline = System.nanoTime() + 30_000_000_000L;
      assertThat(reader.read(img, lines, out, deadline).ocrLines).isEqualTo(1);
      OcrLine first = out[0];

      // The same pixels 120 px lower and 150 px to the right (a scroll, a moved window).
      try (org.bytedeco.opencv.opencv_core.Rect at =
              new org.bytedeco.opencv.opencv_core.Rect(150, 120, img.cols(), img.rows());
          Mat dst = moved.apply(at)) {
        img.copyTo(dst);
      }
      RectList movedLines = new RectList(1);
      movedLines.add(lines.x(0) + 150, lines.y(0) + 120, lines.width(0), lines.height(0));
      LineReader.Counts hit = reader.read(moved, movedLines, out, deadline);
      assertThat(hit.cacheHits).isEqualTo(1);
      assertThat(out[0].text()).isEqualTo(first.text());
      assertThat(out[0].wordX(0)).isEqualTo(first.wordX(0) + 150);
      assertThat(out[0].wordY(0)).isEqualTo(first.wordY(0) + 120);

      // One pixel of the line changed: not the same line any more, so it is read again.
      int x = movedLines.x(0) + movedLines.width(0) / 2;
      int y = movedLines.y(0) + movedLines.height(0) / 2;
      moved.ptr(y, x).put((byte) 0, (byte) 0, (byte) 255);
      LineReader.Counts miss = reader.read(moved, movedLines, out, deadline);
      assertThat(miss.cacheHits).isZero();
      assertThat(miss.ocrLines).isEqualTo(1);
    }
  }
}

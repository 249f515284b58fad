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
}

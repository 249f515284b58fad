package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.ImageFormat;
import io.screentrail.internal.RectList;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail addresses in xterm's 6x13 font: Tesseract reads many of them with the {@code @} as
 * {@code G} or {@code B} and the dots as commas ({@code jane,doe60Gexample,com}), which no
 * pattern for a well-formed address matches. Every one must still be hidden whole.
 */
class SmallFontAddressesTest {

  @TempDir Path tmp;

  @Test
  void everyAddressIsHiddenWholeAndTheWordsAroundThemStayLegible() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    try (XvfbServer x = XvfbServer.start(700, 560)) {
      // Numbers whose addresses Tesseract misread in this font: the @ read as G, B or b, or
      // dropped.
      x.client(2000, "xterm", "-fn", "6x13", "-geometry", "110x40+0+0", "-e", "bash", "--norc",
          "--noprofile", "-c", "for i in $(seq 40 57) $(seq 1640 1657); do echo \"user$i pays with card"
              + " mail jane.doe$i@example.com ok\"; done; sleep 120");
      Thread.sleep(1500); // the lines printed
      Path dir = tmp.resolve("session");
      CountDownLatch first = new CountDownLatch(1);
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .display(x.display()).fps(1).format(ImageFormat.PNG)
          .frameListener(f -> first.countDown()).build()) {
        engine.start();
        assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
      }
      Path png = tmp.resolve("frame.png");
      List<Path> frames = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.replay(f -> {
          if (frames.isEmpty()) {
            f.writeImage(png, ImageFormat.PNG);
            frames.add(png);
          }
        }, new ArrayList<>());
      }
      assertThat(frames).hasSize(1);
      String text;
      try (TextLineFinder finder = new TextLineFinder();
          LineReader ocr = new LineReader(1, 1000);
          Mat img = opencv_imgcodecs.imread(png.toString())) {
        RectList lines = new RectList(64);
        finder.find(img, 0, 0, img.cols(), img.rows(), lines);
        OcrLine[] out = new OcrLine[lines.size()];
        ocr.read(img, lines, out, System.nanoTime() + 120_000_000_000L);
        StringBuilder b = new StringBuilder();
        for (OcrLine l : out) {
          b.append(l == null ? "" : l.text()).append('\n');
        }
        text = b.toString();
      }
      // Neither the address nor any piece of it, as OCR reads it, is left.
      assertThat(text).doesNotContain("example").doesNotContain("jane").doesNotContain("doe");
      assertThat(text.split("pays with card", -1).length - 1)
          .as("lines whose ordinary words stay legible").isGreaterThan(25);
    }
  }
}

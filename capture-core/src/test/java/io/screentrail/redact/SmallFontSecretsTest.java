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
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sensitive values in xterm's 6x13 font, the default of many terminals: Tesseract reads many
 * addresses with the {@code @} as {@code G} or {@code B} and the dots as commas ({@code
 * jane,doe60Gexample,com}), cards with extra digits ({@code 41411 114141 11141 11411}), and puts
 * spaces inside keys and passwords, which no pattern for a well-formed value matches. Every one
 * must still be hidden whole.
 */
class SmallFontSecretsTest {

  @TempDir Path tmp;

  @Test
  void everyAddressAndCardIsHiddenWholeAndTheWordsAroundThemStayLegible() throws Exception {
    // Numbers whose addresses Tesseract misread in this font: the @ read as G, B or b, or
    // dropped.
    String text = storedText("6x13", "for i in $(seq 40 57) $(seq 1640 1657); do echo \"user$i pays with"
        + " card 4111 1111 1111 1111 mail jane.doe$i@example.com ok\"; done");
    // Neither the address nor any piece of it, as OCR reads it, is left.
    assertThat(text).doesNotContain("example").doesNotContain("jane").doesNotContain("doe");
    assertThat(text).as("card digits").doesNotContainPattern("(?m)card.*[0-9Il]{3}");
    assertThat(text.split("pays with card", -1).length - 1)
        .as("lines whose ordinary words stay legible").isGreaterThan(25);
  }

  /**
   * Other values in this and two other common bitmap fonts, and in DejaVu Sans Mono at 7 and 8
   * pt, each on three lines: an Amex group read a digit too long, a {@code 7} read as {@code /}
   * in an AWS key, passwords, keys and tokens that OCR split with a space, whose second part was
   * left legible, URL credentials whose {@code ://} or colon OCR garbled, whose user name was
   * left legible, and an address whose {@code 0} came back as a second {@code @}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"6x13", "7x13", "9x15", "DejaVu Sans Mono:7", "DejaVu Sans Mono:8"})
  void keysTokensPasswordsAndCardsAreHiddenWhole(String font) throws Exception {
    String text = storedText(font, "for v in 'card 3782-822463-10005' 'card 5555 5555 5555 4444'"
        + " 'aws AKIAIOSFODNN7EXAMPLE'"
        + " 'secret aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'"
        + " 'token ghp_R4nd0mT0k3nV4lu3Xy2AbCdEfGhIjKlMnOp' 'token xoxb-2048-4096-AbCdEfGhIjKlMnOpQrSt'"
        + " 'pass password=Hunter2!Zebra' 'ssn 078-05-1120' 'phone +44 20 7946 0958'"
        + " 'url postgres://admin:Tr0ub4dor@db.internal:5432/app'"
        + " 'url redis://deploy:S3cr3tPass@cache.prod:6379/0' 'mail jane.doe0@example.com'; do"
        + " for k in 1 2 3; do echo \"row $v end\"; done; done");
    assertThat(text.toLowerCase(Locale.ROOT))
        .as("pieces of values")
        .doesNotContain("3782").doesNotContain("5555").doesNotContain("akia")
        .doesNotContain("example").doesNotContain("mdeng").doesNotContain("r4nd")
        .doesNotContain("mnop").doesNotContain("xoxb").doesNotContain("hunter")
        .doesNotContain("zebra").doesNotContain("1120").doesNotContain("7946")
        .doesNotContain("admin").doesNotContain("troub").doesNotContain("tr0ub")
        .doesNotContain("deploy").doesNotContain("s3cr3t").doesNotContain("jane");
    assertThat(text.split("row ", -1).length - 1)
        .as("lines whose first word stays legible").isGreaterThan(20);
  }

  /**
   * Runs {@code script} in an xterm with {@code font} (a bitmap font, or {@code family:points}
   * for a scalable one), records one frame with redaction on, and returns what OCR reads on the
   * stored frame, one line per text line.
   */
  private String storedText(String font, String script) throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    int colon = font.indexOf(':');
    List<String> fontArgs = colon < 0 ? List.of("-fn", font)
        : List.of("-fa", font.substring(0, colon), "-fs", font.substring(colon + 1));
    try (XvfbServer x = XvfbServer.start(700, 560)) {
      List<String> xterm = new ArrayList<>(List.of("xterm"));
      xterm.addAll(fontArgs);
      xterm.addAll(List.of("-geometry", "110x40+0+0", "-e", "bash", "--norc", "--noprofile",
          "-c", script + "; sleep 120"));
      x.client(2000, xterm.toArray(String[]::new));
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
        return b.toString();
      }
    }
  }
}

package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.ImageFormat;
import io.screentrail.internal.RectList;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scroll copies with redaction on: secrets printed in a real xterm are hidden when they appear,
 * then scroll up line by line; the copies that move them take the stored, hidden pixels, so no
 * rebuilt frame ever reads back as a secret.
 */
class ScrolledSecretsTest {

  /** Prints the secrets, waits for {@code GO} to exist (the first frame is stored), scrolls. */
  private static String script(Path go) {
    return "printf '%s\\n' 'Deploy notes for the billing service'"
        + " 'contact: ops.lead@example.com' 'card on file 5555 5555 5555 4444'"
        + " 'export STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc';"
        + " while [ ! -e '" + go + "' ]; do sleep 0.1; done;"
        + " for i in $(seq 1 30); do echo \"build step $i finished in $i seconds\"; sleep 0.8;"
        + " done; sleep 120";
  }

  @TempDir Path tmp;

  @Test
  void aHiddenSecretStaysHiddenInEveryFrameAsItScrolls() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    try (XvfbServer x = XvfbServer.start(900, 300)) {
      Path go = tmp.resolve("go");
      x.client(2000, "xterm", "-geometry", "90x8+0+0", "-fa", "DejaVu Sans Mono", "-fs", "12",
          "-bg", "white", "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
          script(go));
      Path dir = tmp.resolve("redacted");
      CaptureStats stats;
      java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .display(x.display()).fps(2).format(ImageFormat.PNG)
          .frameListener(f -> first.countDown()).build()) {
        engine.start();
        assertThat(first.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.nio.file.Files.createFile(go);
        Thread.sleep(7000); // about 8 lines: the secrets scroll up and out
        engine.close();
        stats = engine.stats();
      }
      assertThat(stats.framesRedacted()).isPositive();
      // The secrets' lines moved up by copies of what was stored: hidden pixels, moved.
      assertThat(stats.regionsCopied()).isPositive();
      List<String> firstFrameHid = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.scan(r -> {
          if (r.type().equals("frame") && r.body().getLong("seq") == 0) {
            r.body().getObjectList("redactions")
                .forEach(b -> firstFrameHid.add(b.optString("category", "UNREAD")));
          }
        });
      }
      // The secrets were on screen, hidden, before anything scrolled.
      assertThat(firstFrameHid).contains("EMAIL", "PAYMENT_CARD");
      // A box that only moved with the scroll is carried by copies, not encoded again: the
      // redacted rows equal the stored ones at the copies' shift. (Some are encoded again for a
      // good reason: a box's padding reaches into the next line, which may have changed.)
      int[] moved = new int[2]; // boxes moved from the frame before; of them, met by an image
      try (SessionReader reader = SessionReader.open(dir)) {
        List<int[]> before = new ArrayList<>();
        reader.scan(r -> {
          if (!r.type().equals("frame")) {
            return;
          }
          List<int[]> now = new ArrayList<>();
          r.body().getObjectList("redactions").forEach(b -> now.add(rect(b)));
          for (int[] box : now) {
            boolean movedBox = before.stream().anyMatch(p -> p[0] == box[0] && p[2] == box[2]
                && p[3] == box[3] && p[1] != box[1]);
            if (!movedBox || r.body().getBoolean("key")) {
              continue;
            }
            moved[0]++;
            if (r.body().getObjectList("regions").stream()
                .anyMatch(g -> g.has("off") && overlap(rect(g), box))) {
              moved[1]++;
            }
          }
          before.clear();
          before.addAll(now);
        });
      }
      assertThat(moved[0]).as("boxes that moved with the scroll").isPositive();
      assertThat(moved[1] * 2).as("of %d moved boxes, encoded again %d", moved[0], moved[1])
          .isLessThan(moved[0]);
      List<Path> frames = replayToPngs(dir, tmp);
      assertThat(frames).hasSizeGreaterThan(4);
      boolean sawBuildSteps = false;
      try (TextLineFinder finder = new TextLineFinder();
          LineReader ocr = new LineReader(1, 1000)) {
        for (Path png : frames) {
          String text = read(png, finder, ocr);
          String squeezed = text.replace(" ", "");
          assertThat(text).as("%s", png.getFileName()).doesNotContain("ops.lead@");
          assertThat(squeezed).as("%s", png.getFileName()).doesNotContain("55555555")
              .doesNotContain("4eC39Hq");
          sawBuildSteps |= text.contains("build step");
        }
      }
      assertThat(sawBuildSteps).as("the frames are readable where nothing is secret").isTrue();
    }
  }

  private static int[] rect(io.screentrail.internal.json.JsonObject o) {
    return new int[] {(int) o.getLong("x"), (int) o.getLong("y"), (int) o.getLong("w"),
        (int) o.getLong("h")};
  }

  private static boolean overlap(int[] a, int[] b) {
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  }

  /** Replays the session in {@code dir} and writes each rebuilt frame into {@code out} as PNG. */
  static List<Path> replayToPngs(Path dir, Path out) throws Exception {
    List<Path> frames = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.replay(f -> {
        Path png = out.resolve(String.format("frame-%03d.png", f.sequence()));
        f.writeImage(png, ImageFormat.PNG);
        frames.add(png);
      }, new ArrayList<>());
    }
    return frames;
  }

  /** Every line of the image, read by OCR, one per line. */
  static String read(Path png, TextLineFinder finder, LineReader ocr) {
    try (Mat img = opencv_imgcodecs.imread(png.toString())) {
      RectList lines = new RectList(16);
      finder.find(img, 0, 0, img.cols(), img.rows(), lines);
      OcrLine[] out = new OcrLine[lines.size()];
      ocr.read(img, lines, out, System.nanoTime() + 60_000_000_000L);
      return String.join("\n", Arrays.stream(out).map(l -> l == null ? "" : l.text()).toList());
    }
  }
}

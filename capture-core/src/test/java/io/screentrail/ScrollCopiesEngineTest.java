package io.screentrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.session.SessionReader;
import io.screentrail.testing.Screens;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real xterm scrolling build output, recorded with scroll copies: every screen it showed comes
 * back pixel for pixel from the session (PNG), and the scrolled lines were stored as copies.
 */
class ScrollCopiesEngineTest {

  /**
   * Fills the 12-row terminal, then prints a numbered build line every 0.7 s, so that it scrolls
   * a line each time.
   */
  private static final String SCRIPT = "seq -f 'warming up %g' 1 12;"
      + " for i in $(seq 1 40); do echo \"[INFO] step $i:"
      + " compiling module-$i ($((i * 37 % 101)) files) ok\"; sleep 0.7; done; sleep 120";

  @TempDir Path tmp;

  /** Mean absolute difference per channel between two {@code 0xRRGGBB} images. */
  private static double meanError(int[] a, int[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        sum += Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff));
      }
    }
    return sum / (a.length * 3.0);
  }

  @Test
  void aJpegSessionWithCopiesEndsAsCloseToTheScreenAsOneWithout() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    try (XvfbServer x = XvfbServer.start(640, 300)) {
      // Scrolls 20 times, then stays: the last frame of each session shows the same screen.
      x.client(1500, "xterm", "-geometry", "80x12+0+0", "-bg", "white", "-fg", "black", "-e",
          "bash", "--norc", "--noprofile", "-c", "seq -f 'warming up %g' 1 12; for i in"
              + " $(seq 1 20); do echo \"[INFO] step $i: linking target-$i.so\"; sleep 0.3;"
              + " done; sleep 120");
      Path withCopies = tmp.resolve("jpeg-copies");
      Path without = tmp.resolve("jpeg-images");
      try (CaptureEngine a = CaptureEngine.builder().sessionDirectory(withCopies)
          .redaction(RedactionMode.OFF).display(x.display()).fps(4).build();
          CaptureEngine b = CaptureEngine.builder().sessionDirectory(without)
              .redaction(RedactionMode.OFF).display(x.display()).fps(4).scrollCopies(false)
              .build()) {
        a.start();
        b.start();
        Thread.sleep(9000);
        a.close();
        b.close();
        assertThat(a.stats().regionsCopied()).isPositive();
        assertThat(b.stats().regionsCopied()).isZero();
      }
      int[] screen = Screens.grabRgb(x.display());
      List<String> problems = new ArrayList<>();
      int[] lastWithCopies = Screens.lastReplayedRgb(withCopies, new ArrayList<>(), problems);
      int[] lastWithout = Screens.lastReplayedRgb(without, new ArrayList<>(), problems);
      assertThat(problems).isEmpty();
      double errorWithCopies = meanError(lastWithCopies, screen);
      double errorWithout = meanError(lastWithout, screen);
      // Copies move decoded pixels: 20 scrolls later the error is still one JPEG generation's.
      assertThat(errorWithCopies).isLessThan(3.0).isLessThan(errorWithout * 1.5 + 0.5);
      assertThat(java.nio.file.Files.size(withCopies.resolve("frames.bin")))
          .isLessThan(java.nio.file.Files.size(without.resolve("frames.bin")));
    }
  }

  @Test
  void aScrollingXtermRebuildsEveryScreenItShowedFromCopiesAndNewRows() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    try (XvfbServer x = XvfbServer.start(640, 300)) {
      x.client(1500, "xterm", "-geometry", "80x12+0+0", "-bg", "white", "-fg", "black", "-e",
          "bash", "--norc", "--noprofile", "-c", SCRIPT);
      Path dir = tmp.resolve("copies");
      List<int[]> shown = new ArrayList<>();
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(8).format(ImageFormat.PNG)
          .build()) {
        engine.start();
        // Screens that stayed put for a moment: the recorder, at 8 fps, must have stored each.
        for (int i = 0; i < 16; i++) {
          int[] a = Screens.grabRgb(x.display());
          Thread.sleep(60);
          int[] b = Screens.grabRgb(x.display());
          if (Arrays.equals(a, b)) {
            shown.add(b);
          }
          Thread.sleep(350);
        }
        Thread.sleep(300);
        engine.close();
        stats = engine.stats();
      }
      assertThat(shown).hasSizeGreaterThan(8);
      List<int[]> rebuilt = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.replay(f -> {
          int[] rgb = new int[f.width() * f.height()];
          for (int y = 0; y < f.height(); y++) {
            for (int xx = 0; xx < f.width(); xx++) {
              rgb[y * f.width() + xx] = f.rgb(xx, y);
            }
          }
          rebuilt.add(rgb);
        }, problems);
        assertThat(reader.check().ok()).isTrue();
      }
      assertThat(problems).isEmpty();
      for (int i = 0; i < shown.size(); i++) {
        int[] screen = shown.get(i);
        assertThat(rebuilt.stream().anyMatch(f -> Arrays.equals(f, screen)))
            .as("screen %d of %d is one of the %d rebuilt frames", i, shown.size(),
                rebuilt.size())
            .isTrue();
      }
      // The terminal scrolled about 9 times: its old lines came from copies, not new images.
      assertThat(stats.regionsCopied()).isGreaterThanOrEqualTo(5);
      assertThat(stats.pixelsCopied()).isGreaterThan(5L * 400 * 100);
      assertThat(stats.keyframes()).isEqualTo(1);
    }
  }

  /**
   * Regression: the scroll finder works in 64-pixel column strips, and in a terminal printing
   * build output some rows of a strip match rows elsewhere (the common prefixes, blank glyph rows),
   * so the new lines came out as one small JPEG per strip and row run, each with about 600 bytes
   * of headers: 5.1 images a delta frame here. Merged: 1.7-3.4.
   */
  @Test
  void newTerminalLinesAreAFewImagesNotOneAStrip() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    try (XvfbServer x = XvfbServer.start(800, 620)) {
      x.client(1500, "xterm", "-geometry", "120x45+0+0", "-e", "bash", "--norc", "--noprofile",
          // RANDOM seeded: the same lines every run, so only the timing varies.
          "-c", "RANDOM=7; v=(Compiling Running Testing Linking); i=0; while :; do i=$((i + 1));"
              + " printf '[INFO] %s %d source files to mod-%d/target/classes (pkg%d) %d%%\\n'"
              + " ${v[RANDOM % 4]} $((RANDOM % 120 + 1)) $((RANDOM % 9)) $((RANDOM % 11))"
              + " $((i % 101)); sleep 0.25; done");
      Path dir = tmp.resolve("merged");
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(1).build()) {
        engine.start();
        Thread.sleep(16_000);
      }
      int deltas = 0;
      int images = 0;
      try (SessionReader reader = SessionReader.open(dir)) {
        List<io.screentrail.session.TimelineRecord> frames = new ArrayList<>();
        reader.scan(r -> {
          if ("frame".equals(r.type()) && !r.body().getBoolean("key")) {
            frames.add(r);
          }
        });
        for (io.screentrail.session.TimelineRecord r : frames) {
          deltas++;
          images += (int) r.body().getObjectList("regions").stream()
              .filter(g -> g.has("off")).count();
        }
      }
      assertThat(deltas).isGreaterThanOrEqualTo(8);
      System.out.printf("image regions per delta frame: %d / %d%n", images, deltas);
      assertThat((double) images / deltas).as("image regions per delta frame").isLessThan(4.5);
    }
  }
}

package io.screentrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.ImageFormat;
import io.screentrail.RedactionMode;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window mask on the second of two monitors, recorded alone ({@code screen(1)}): window
 * geometry is in desktop pixels and the frame starts at the monitor's origin, so the designated
 * xterm must stay where it is and the other xterm beside it must be black.
 */
class SecondMonitorPolicyTest {

  @TempDir Path tmp;

  @Test
  void onlyTheDesignatedWindowOfTheRecordedMonitorIsShown() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    List<BufferedImage> frames = new ArrayList<>();
    CaptureStats stats;
    try (XvfbServer x = XvfbServer.start("-screen", "0", "1280x480x24")) {
      x.addMonitor("left", 0, 0, 640, 480);
      x.addMonitor("right", 640, 0, 640, 480);
      // Designated at desktop x 660 (frame x 20), the other at desktop x 960 (frame x 320).
      x.client(0, "xterm", "-class", "DesignatedTerm", "-geometry", "40x10+660+20", "-bg",
          "white", "-e", "sleep", "60");
      x.client(1500, "xterm", "-geometry", "40x10+960+20", "-bg", "white", "-e", "sleep",
          "60");
      Path dir = tmp.resolve("session");
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .display(x.display()).screen(1).fps(4).format(ImageFormat.PNG)
          .redaction(RedactionMode.OFF)
          .policy(Policy.builder().allow("DesignatedTerm").build()).build()) {
        engine.start();
        assertThat(engine.geometry().x()).isEqualTo(640);
        Thread.sleep(1500);
        engine.close();
        stats = engine.stats();
      }
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.replay(f -> frames.add(f.toBufferedImage()), new ArrayList<>());
      }
    }
    assertThat(stats.framesStored()).isPositive();
    assertThat(frames).isNotEmpty();
    for (BufferedImage img : frames) {
      assertThat(img.getWidth()).isEqualTo(640);
      assertThat(count(img, 30, 30, 200, 100, 0xffffff)).as("the designated xterm")
          .isEqualTo(200 * 100);
      assertThat(countNot(img, 320, 0, 320, 480, 0)).as("the other xterm").isZero();
      assertThat(countNot(img, 0, 300, 640, 180, 0)).as("the bare root").isZero();
    }
  }

  private static long count(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
    long n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  private static long countNot(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
    return (long) w * h - count(img, x0, y0, w, h, rgb);
  }
}

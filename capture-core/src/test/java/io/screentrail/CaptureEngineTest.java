package io.screentrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.internal.x11.XInputDriver;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.Screens;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline against a real X server with real clients. */
class CaptureEngineTest {

  @TempDir Path tmp;

  private static XvfbServer xvfb(int w, int h) throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    return XvfbServer.start(w, h);
  }

  @Test
  void aChangingClockIsStoredAndUnchangedFramesAreSkipped() throws Exception {
    assumeTrue(XvfbServer.onPath("xclock"), "xclock (x11-apps) is not installed");
    try (XvfbServer x = xvfb(640, 480)) {
      // A seconds hand that moves once a second, sampled at 4 fps: most frames are unchanged.
      x.client(700, "xclock", "-update", "1", "-geometry", "200x200+20+20");
      List<StoredFrame> seen = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      Path dir = tmp.resolve("clock");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(4).frameListener(f -> {
            seen.add(f);
            threads.add(Thread.currentThread().getName());
          }).build()) {
        engine.start();
        assertThat(engine.sourceName()).isEqualTo("xshm");
        assertThat(engine.geometry().width()).isEqualTo(640);
        Thread.sleep(4500);
        engine.close();
        stats = engine.stats();
      }
      assertThat(stats.framesStored()).isBetween(3L, 8L);
      assertThat(stats.framesSkippedUnchanged()).isGreaterThan(stats.framesStored());
      assertThat(stats.framesCaptured()).isEqualTo(stats.framesStored()
          + stats.framesSkippedUnchanged() + stats.framesDropped() + stats.framesInFlight());
      assertThat(stats.framesInFlight()).isZero();
      assertThat(stats.keyframes()).isEqualTo(1);
      assertThat(stats.bytesWritten()).isPositive();
      assertThat(seen).hasSize((int) stats.framesStored());
      assertThat(threads).containsOnly("screentrail-encoder");
      assertThat(seen.get(0).keyframe()).isTrue();
      // Later frames hold only the clock's changed hands, far smaller than the screen.
      assertThat(seen.get(seen.size() - 1).changedPixels()).isLessThan(200L * 200);

      try (SessionReader reader = SessionReader.open(dir)) {
        SessionCheck check = reader.check();
        assertThat(check.ok()).isTrue();
        assertThat(check.tornTail()).isFalse();
        assertThat(check.endedCleanly()).isTrue();
        assertThat(check.framesStored()).isEqualTo(stats.framesStored());
        assertThat(check.framesSkippedUnchanged()).isEqualTo(stats.framesSkippedUnchanged());
        assertThat(reader.manifest().getObject("geometry").getInt("width")).isEqualTo(640);
        assertThat(reader.manifest().getString("source")).isEqualTo("xshm");
      }
    }
  }

  @Test
  void aStaticScreenStoresOnlyItsFirstFrame() throws Exception {
    try (XvfbServer x = xvfb(320, 240)) {
      Path dir = tmp.resolve("static");
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(10).maxDuration(Duration.ofMillis(1500)).build()) {
        engine.start();
        assertThat(engine.awaitStop(Duration.ofSeconds(10))).isTrue();
        CaptureStats stats = engine.stats();
        assertThat(stats.framesStored()).isEqualTo(1);
        assertThat(stats.framesSkippedUnchanged()).isGreaterThanOrEqualTo(8);
      }
      try (SessionReader reader = SessionReader.open(dir)) {
        SessionCheck check = reader.check();
        assertThat(check.framesStored()).isEqualTo(1);
        assertThat(check.endReason()).isEqualTo("duration");
        assertThat(check.durationSeconds()).isBetween(1.0, 3.0);
      }
    }
  }

  @Test
  void storedDeltasRebuildTheScreenPixelForPixel() throws Exception {
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = xvfb(640, 400)) {
      x.client(1500, "xterm", "-geometry", "60x15+10+10", "-bg", "white", "-fg", "black");
      Path dir = tmp.resolve("png");
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(8).format(ImageFormat.PNG).build();
          XInputDriver input = XInputDriver.open(x.display())) {
        engine.start();
        input.moveTo(200, 100);
        for (String line : List.of("echo one two three", "seq 1 12", "ls -la /", "clear")) {
          input.typeText(line + "\n");
          Thread.sleep(600);
        }
        input.typeText("echo done");
        Thread.sleep(1200);
        engine.close();
        assertThat(engine.stats().framesStored()).isGreaterThan(3);
      }
      int[] expected = Screens.grabRgb(x.display());
      List<String> problems = new ArrayList<>();
      List<Boolean> keys = new ArrayList<>();
      int[] last = Screens.lastReplayedRgb(dir, keys, problems);
      assertThat(problems).isEmpty();
      assertThat(keys.subList(1, keys.size())).as("typing stores deltas").contains(false);
      assertThat(last).isEqualTo(expected);
    }
  }

  @Test
  void noDisplayAndBadScreenGetMessagesThatSayWhatToDo() throws Exception {
    CaptureEngine bad = CaptureEngine.builder().sessionDirectory(tmp.resolve("x"))
        .source(SourceKind.XSHM).display(":4242").build();
    assertThatThrownBy(bad::start).hasMessageContaining(":4242");
    try (XvfbServer x = xvfb(320, 240)) {
      CaptureEngine wrongScreen = CaptureEngine.builder().sessionDirectory(tmp.resolve("y"))
          .display(x.display()).screen(3).build();
      assertThatThrownBy(wrongScreen::start).hasMessageContaining("3");
    }
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> CaptureEngine.builder().fps(90))
        .hasMessage("fps must be in (0, 60], was 90.0");
    assertThatThrownBy(() -> CaptureEngine.builder().jpegQuality(0))
        .hasMessage("jpegQuality must be in [1, 100], was 0");
    assertThatThrownBy(() -> CaptureEngine.builder().queueCapacity(100))
        .hasMessage("queueCapacity must be in [1, 64], was 100");
    assertThatThrownBy(() -> CaptureEngine.builder().screen(-2))
        .hasMessageContaining("was -2");
    assertThatThrownBy(() -> CaptureEngine.builder().build())
        .hasMessage("sessionDirectory is required");
    assertThatThrownBy(() -> CaptureEngine.builder().opencvThreads(0))
        .hasMessage("opencvThreads must be -1 (leave OpenCV's setting) or at least 1, was 0");
  }

  @Test
  void openCvThreadsAreLeftAloneUnlessAsked() throws Exception {
    int before = org.bytedeco.opencv.global.opencv_core.getNumThreads();
    try (XvfbServer x = xvfb(320, 240)) {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(2);
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(tmp.resolve("default"))
          .redaction(RedactionMode.OFF).display(x.display()).build()) {
        engine.start();
        assertThat(org.bytedeco.opencv.global.opencv_core.getNumThreads()).isEqualTo(2);
      }
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(tmp.resolve("one"))
          .redaction(RedactionMode.OFF).display(x.display()).opencvThreads(1).build()) {
        engine.start();
        assertThat(org.bytedeco.opencv.global.opencv_core.getNumThreads()).isEqualTo(1);
      }
    } finally {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(before);
    }
  }
}

package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureConfig;
import io.screentrail.CaptureEngine;
import io.screentrail.diff.TileChangeDetector;
import io.screentrail.source.DamageTracker;
import io.screentrail.source.ScreenGeometry;
import io.screentrail.source.ScreenSource;
import io.screentrail.source.XShmScreenSource;
import io.screentrail.testing.XvfbServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture thread with damage hints against a program that draws between the damage poll and
 * the grab, made certain: the source runs {@code xsetroot} (the whole root window, one colour to
 * another) just before it grabs the damaged rows. A grab of those rows alone would show the new
 * colour in them and the old one below: a frame that was never on the screen (how a terminal's
 * new bottom line came out cut at a tile row, legible and unreadable to OCR). The grab must be
 * redone whole, and the frame handed on must be one colour. The same when the damaged rows are
 * all of them but only some columns: the grab is one moment then, but hashing (and handing on)
 * only the marked tiles would mix the new colour in them with the old one beside them.
 */
class TornGrabTest {

  @TempDir Path tmp;

  @Test
  void aScreenDrawnOnDuringTheGrabOfItsDamagedRowsIsGrabbedWhole() throws Exception {
    // A small window in the top rows.
    assertHandedOnWhole("8x2+0+0");
  }

  @Test
  void aScreenDrawnOnDuringTheGrabOfAllRowsOfSomeColumnsIsHashedWhole() throws Exception {
    // A narrow window taller than the screen: its damage is every row of the left columns.
    assertHandedOnWhole("8x40+0+0");
  }

  private void assertHandedOnWhole(String xtermGeometry) throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xsetroot")
        && XvfbServer.onPath("xterm"), "needs Xvfb, xsetroot and xterm");
    try (XvfbServer x = XvfbServer.start(320, 240)) {
      setRoot(x, "#000000");
      Process small = new ProcessBuilder("xterm", "-display", x.display(), "-geometry",
          xtermGeometry, "-e", "sleep", "600").start();
      try (XShmScreenSource real = XShmScreenSource.open(x.display(), -1);
          DamageTracker damage = DamageTracker.open(x.display(), real.geometry())) {
        XvfbServer.sleep(1500);
        AtomicBoolean armed = new AtomicBoolean();
        ScreenSource racing = new Racing(real, armed, () -> setRoot(x, "#00ff00"));
        CaptureConfig config = CaptureEngine.builder().sessionDirectory(tmp.resolve("s"))
            .display(x.display()).fps(10).buildConfig();
        ScreenGeometry g = real.geometry();
        TileChangeDetector detector = new TileChangeDetector(g.width(), g.height(),
            config.tileSize());
        BlockingQueue<FrameSlot> free = new LinkedBlockingDeque<>(3);
        BlockingQueue<FrameSlot> ready = new ArrayBlockingQueue<>(3);
        for (int i = 0; i < 3; i++) {
          free.add(new FrameSlot(g.width(), g.height(), detector.tileCount()));
        }
        EngineCounters counters = new EngineCounters();
        CaptureLoop loop = new CaptureLoop(config, racing, detector, free, ready,
            new BytePointer(real.pixels()), counters, new AtomicBoolean(), new CaptureHistory(),
            new ArrayBlockingQueue<>(16), new ArrayBlockingQueue<>(64), (stage, e) -> { });
        loop.useHints(damage, null);
        Thread t = new Thread(loop, "torn-grab-test");
        t.start();
        try {
          // The first frames (whole), until the screen is still: every slot goes back.
          FrameSlot s;
          while ((s = ready.poll(1500, TimeUnit.MILLISECONDS)) != null) {
            free.add(s);
          }
          armed.set(true);
          // The window goes: the root is painted where it was, the poll reports that area, and
          // the source paints the whole root green before it grabs.
          small.destroy();
          FrameSlot after = ready.poll(10, TimeUnit.SECONDS);
          assertThat(after).as("a frame after the window went").isNotNull();
          assertThat(armed.get()).as("the source drew during a grab of the damaged rows")
              .isFalse();
          int top = pixel(after, 10, 5);
          int bottom = pixel(after, 300, 230);
          assertThat(Integer.toHexString(bottom)).as("far from the damaged area")
              .isEqualTo(Integer.toHexString(top));
          assertThat(Integer.toHexString(top)).isEqualTo("ff00");
          // What the encoder stores is the changed tiles: the far one must be among them.
          int tile = config.tileSize();
          int far = (230 / tile) * ((g.width() + tile - 1) / tile) + 300 / tile;
          assertThat(after.changedTiles[far]).as("the far tile handed on as changed").isTrue();
          assertThat(counters.grabsRedone.get()).isPositive();
        } finally {
          loop.stop();
          t.join(5000);
        }
      } finally {
        small.destroyForcibly();
      }
    }
  }

  /** The slot's BGR pixel at ({@code x}, {@code y}) as 0xRRGGBB. */
  private static int pixel(FrameSlot slot, int x, int y) {
    UByteIndexer px = slot.pixels.createIndexer();
    try {
      return (px.get(y, x, 2) << 16) | (px.get(y, x, 1) << 8) | px.get(y, x, 0);
    } finally {
      px.close();
    }
  }

  private static void setRoot(XvfbServer x, String colour) {
    try {
      Process p = new ProcessBuilder("xsetroot", "-display", x.display(), "-solid", colour)
          .start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } catch (Exception e) {
      throw new IllegalStateException("xsetroot " + colour, e);
    }
  }

  /** A source that, once armed, runs {@code draw} (to its end) before its next grab of rows. */
  private record Racing(XShmScreenSource real, AtomicBoolean armed, Runnable draw)
      implements ScreenSource {
    @Override
    public int grabRows(int y, int rows) {
      if (armed.compareAndSet(true, false)) {
        draw.run();
      }
      return real.grabRows(y, rows);
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public ScreenGeometry geometry() {
      return real.geometry();
    }

    @Override
    public int grab() {
      return real.grab();
    }

    @Override
    public ByteBuffer pixels() {
      return real.pixels();
    }

    @Override
    public int stride() {
      return real.stride();
    }

    @Override
    public String lastError() {
      return real.lastError();
    }

    @Override
    public void close() {}
  }
}

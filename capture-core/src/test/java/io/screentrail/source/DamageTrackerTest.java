package io.screentrail.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.diff.TileChangeDetector;
import io.screentrail.internal.x11.XInputDriver;
import io.screentrail.testing.XvfbServer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Damage hints against a real Xvfb with real clients. */
class DamageTrackerTest {

  /** A private X server of {@code w} x {@code h} with an idle xterm at {@code geometry}. */
  private static XvfbServer withXterm(int w, int h, String geometry) throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    XvfbServer x = XvfbServer.start(w, h);
    try {
      x.client(1500, "xterm", "-geometry", geometry, "-e", "bash", "--norc", "--noprofile");
      return x;
    } catch (Exception | Error e) {
      x.close();
      throw e;
    }
  }

  /** Polls until the damage of start-up (windows mapping, first draws) has been taken. */
  private static void drain(DamageTracker t) {
    for (int i = 0; i < 50; i++) {
      XvfbServer.sleep(100);
      if (t.poll() == DamageTracker.NONE) {
        return;
      }
    }
  }

  @Test
  void anUnchangedScreenReportsNoDamage() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    try (XvfbServer x = XvfbServer.start(320, 240);
        XShmScreenSource src = XShmScreenSource.open(x.display(), -1);
        DamageTracker t = DamageTracker.open(x.display(), src.geometry())) {
      drain(t);
      for (int i = 0; i < 10; i++) {
        XvfbServer.sleep(50);
        assertThat(src.grab()).isZero(); // our own grabs draw nothing
        assertThat(t.poll()).isEqualTo(DamageTracker.NONE);
        assertThat(t.rects().size()).isZero();
      }
    }
  }

  @Test
  void typingInAnXtermDamagesExactlyTheTilesFullHashingFindsChanged() throws Exception {
    try (XvfbServer x = withXterm(800, 600, "70x20+30+40")) {
      try (XShmScreenSource whole = XShmScreenSource.open(x.display(), -1);
          XShmScreenSource banded = XShmScreenSource.open(x.display(), -1);
          DamageTracker t = DamageTracker.open(x.display(), whole.geometry());
          XInputDriver input = XInputDriver.open(x.display())) {
        input.moveTo(300, 200);
        XvfbServer.sleep(300);
        TileChangeDetector full = new TileChangeDetector(800, 600, 64);
        TileChangeDetector hinted = new TileChangeDetector(800, 600, 64);
        drain(t);
        assertThat(whole.grab()).isZero();
        assertThat(banded.grab()).isZero();
        full.detect(whole.pixels(), whole.stride());
        full.commit();
        hinted.detectMarked(banded.pixels(), banded.stride());
        hinted.commit();
        int changedTotal = 0;
        for (String text : new String[] {"echo abc", "\n", "seq 1 5\n", "x", "clear\n"}) {
          input.typeText(text);
          XvfbServer.sleep(400);
          assertThat(t.poll()).isEqualTo(DamageTracker.DAMAGED);
          assertThat(t.rects().size()).isPositive();
          for (int i = 0; i < t.rects().size(); i++) {
            hinted.markDamaged(t.rects().x(i), t.rects().y(i), t.rects().width(i),
                t.rects().height(i));
          }
          assertThat(whole.grab()).isZero();
          assertThat(banded.grabRows(hinted.markedTop(),
              hinted.markedBottom() - hinted.markedTop())).isZero();
          int byFull = full.detect(whole.pixels(), whole.stride());
          int byHints = hinted.detectMarked(banded.pixels(), banded.stride());
          assertThat(byFull).as("typing '%s' changed the screen", text).isPositive();
          assertThat(byHints).isEqualTo(byFull);
          for (int ty = 0; ty < full.tilesY(); ty++) {
            for (int tx = 0; tx < full.tilesX(); tx++) {
              assertThat(hinted.isChanged(tx, ty)).as("tile %d,%d", tx, ty)
                  .isEqualTo(full.isChanged(tx, ty));
            }
          }
          // Grabbing only the damaged rows left the buffer equal to a whole grab.
          assertThat(sameColours(banded.pixels(), whole.pixels())).isTrue();
          full.commit();
          hinted.commit();
          changedTotal += byFull;
        }
        assertThat(changedTotal).isGreaterThan(5);
      }
    }
  }

  /**
   * What the capture thread asks after a grab of the damaged rows: whether anything was drawn
   * since the poll (then the rows grabbed may be newer than the rows kept, and the grab is redone
   * whole). The answer must not lose the damage: the next poll still reports where.
   */
  @Test
  void aDrawingSinceThePollIsSeenAfterARoundTripAndKeptForTheNextPoll() throws Exception {
    try (XvfbServer x = withXterm(640, 480, "60x15+20+20")) {
      try (XShmScreenSource src = XShmScreenSource.open(x.display(), -1);
          DamageTracker t = DamageTracker.open(x.display(), src.geometry());
          XInputDriver input = XInputDriver.open(x.display())) {
        input.moveTo(200, 100);
        XvfbServer.sleep(300);
        drain(t);
        assertThat(t.redrawnSincePoll()).as("nothing drawn since the poll").isFalse();
        input.typeText("echo torn\n");
        XvfbServer.sleep(400);
        assertThat(src.grab()).isZero();
        assertThat(t.redrawnSincePoll()).as("typed after the poll").isTrue();
        assertThat(t.redrawnSincePoll()).as("asked again: still since the poll").isTrue();
        assertThat(t.poll()).as("the damage was kept for the poll")
            .isEqualTo(DamageTracker.DAMAGED);
        assertThat(t.rects().size()).isPositive();
        assertThat(t.redrawnSincePoll()).isFalse();
        assertThat(t.poll()).isEqualTo(DamageTracker.NONE);
      }
    }
  }

  @Test
  void aServerWithoutTheExtensionIsNamedInTheError() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    try (XvfbServer x = XvfbServer.start("-screen", "0", "320x240x24", "-extension", "DAMAGE");
        XShmScreenSource src = XShmScreenSource.open(x.display(), -1)) {
      assertThatThrownBy(() -> DamageTracker.open(x.display(), src.geometry()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no DAMAGE extension");
    }
  }

  private static boolean sameColours(ByteBuffer a, ByteBuffer b) {
    for (int i = 0; i < a.capacity(); i += 4) {
      if ((a.getInt(i) & 0xFFFFFF) != (b.getInt(i) & 0xFFFFFF)) {
        return false;
      }
    }
    return true;
  }
}

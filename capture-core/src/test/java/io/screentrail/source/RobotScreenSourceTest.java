package io.screentrail.source;

import static io.screentrail.source.XShmScreenSourceTest.await;
import static io.screentrail.source.XShmScreenSourceTest.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.testing.XvfbServer;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics;
import java.awt.Window;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RobotScreenSource} on the build's shared test display (AWT reads {@code DISPLAY} once per
 * JVM), checked against a known pattern drawn by an AWT window and against {@link
 * XShmScreenSource} on the same display.
 */
class RobotScreenSourceTest {

  /** Colour bars, each {@link #BAR} pixels wide, drawn at {@link #PATTERN_X}, {@link #PATTERN_Y}. */
  private static final int[] BARS = {
    0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000, 0xffff00, 0x00ffff, 0xff00ff, 0x123456,
    0x808080
  };
  private static final int BAR = 20;
  private static final int PATTERN_X = 300;
  private static final int PATTERN_Y = 200;
  private static final int PATTERN_HEIGHT = 40;

  private static XvfbServer server;
  private static Window pattern;

  @BeforeAll
  static void showPattern() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    server = XvfbServer.shared();
    EventQueue.invokeAndWait(
        () -> {
          pattern = new Window(null) {
            @Override
            public void paint(Graphics g) {
              for (int i = 0; i < BARS.length; i++) {
                g.setColor(new Color(BARS[i]));
                g.fillRect(i * BAR, 0, BAR, PATTERN_HEIGHT);
              }
            }
          };
          pattern.setBounds(PATTERN_X, PATTERN_Y, BARS.length * BAR, PATTERN_HEIGHT);
          pattern.setVisible(true);
        });
  }

  @AfterAll
  static void hidePattern() throws Exception {
    if (pattern != null) {
      EventQueue.invokeAndWait(pattern::dispose);
    }
  }

  @Test
  void bothSourcesSeeTheKnownPattern() {
    try (RobotScreenSource robot = RobotScreenSource.open(-1);
        XShmScreenSource xshm = XShmScreenSource.open(server.display(), -1)) {
      for (ScreenSource source : new ScreenSource[] {xshm, robot}) {
        await(() -> source.grab() == ScreenSource.GRAB_OK && showsPattern(source),
            source.name() + " to show the colour bars");
      }
    }
  }

  @Test
  void robotGrabEqualsXShmGrabIgnoringTheFourthByte() {
    try (RobotScreenSource robot = RobotScreenSource.open(-1);
        XShmScreenSource xshm = XShmScreenSource.open(server.display(), -1)) {
      assertThat(robot.geometry().width()).isEqualTo(xshm.geometry().width());
      assertThat(robot.geometry().height()).isEqualTo(xshm.geometry().height());
      await(() -> xshm.grab() == ScreenSource.GRAB_OK && showsPattern(xshm), "the colour bars");
      for (int attempt = 0; ; attempt++) {
        assertThat(xshm.grab()).isEqualTo(ScreenSource.GRAB_OK);
        byte[] before = rgbBytes(xshm);
        assertThat(robot.grab()).isEqualTo(ScreenSource.GRAB_OK);
        assertThat(robot.lastError()).isNull();
        assertThat(xshm.grab()).isEqualTo(ScreenSource.GRAB_OK);
        if (java.util.Arrays.equals(before, rgbBytes(xshm))) {
          // The screen held still around the Robot grab: it must have seen the same pixels.
          assertThat(rgbBytes(robot)).isEqualTo(before);
          return;
        }
        assertThat(attempt).as("the screen never held still for three grabs").isLessThan(20);
        XvfbServer.sleep(100);
      }
    }
  }

  @Test
  void geometryMatchesTheDisplay() {
    try (RobotScreenSource robot = RobotScreenSource.open(-1);
        XShmScreenSource xshm = XShmScreenSource.open(server.display(), -1)) {
      ScreenGeometry r = robot.geometry();
      ScreenGeometry x = xshm.geometry();
      assertThat(robot.name()).isEqualTo("robot");
      assertThat(r.screens()).isEqualTo(x.screens());
      assertThat(r.desktopWidth()).isEqualTo(x.desktopWidth());
      assertThat(r.desktopHeight()).isEqualTo(x.desktopHeight());
      assertThat(r.screenIndex()).isEqualTo(-1);
      assertThat(r.dpi()).isPositive();
      assertThat(robot.stride()).isEqualTo(4 * r.width());
      ByteBuffer pixels = robot.pixels();
      assertThat(pixels.isDirect()).isTrue();
      assertThat(pixels.capacity()).isEqualTo(robot.stride() * r.height());
      assertThat(robot.grab()).isEqualTo(ScreenSource.GRAB_OK);
      assertThat(robot.pixels()).isSameAs(pixels);
      assertThat(pixels.position()).isZero();
    }
    try (RobotScreenSource first = RobotScreenSource.open(0)) {
      assertThat(first.geometry().screenIndex()).isZero();
      assertThat(first.grab()).isEqualTo(ScreenSource.GRAB_OK);
    }
  }

  @Test
  void screenIndexOutOfRangeNamesTheValidRange() {
    assertThatThrownBy(() -> RobotScreenSource.open(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("screen index 5 is out of range")
        .hasMessageContaining("or -1 for the whole desktop");
  }

  @Test
  void closeIsIdempotentAndAClosedSourceFailsToGrab() {
    RobotScreenSource robot = RobotScreenSource.open(-1);
    robot.close();
    robot.close();
    assertThat(robot.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
    assertThat(robot.lastError()).contains("closed");
  }

  @Test
  void missingDisplayVariableIsExplained() throws Exception {
    String out = XShmScreenSourceTest.runWithoutDisplay(OpenWithoutDisplay.class);
    assertThat(out)
        .startsWith("IllegalStateException: No X display: DISPLAY is not set")
        .contains("Set DISPLAY");
  }

  /** Run in a child JVM without {@code DISPLAY}. */
  static final class OpenWithoutDisplay {
    public static void main(String[] args) {
      try {
        RobotScreenSource.open(-1).close();
        System.out.print("opened");
      } catch (RuntimeException e) {
        System.out.print(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  private static boolean showsPattern(ScreenSource source) {
    ScreenGeometry g = source.geometry();
    for (int i = 0; i < BARS.length; i++) {
      for (int y = PATTERN_Y + 2; y < PATTERN_Y + PATTERN_HEIGHT - 2; y += 6) {
        for (int x = PATTERN_X + i * BAR + 2; x < PATTERN_X + (i + 1) * BAR - 2; x += 5) {
          if (rgb(source, x - g.x(), y - g.y()) != BARS[i]) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The whole frame with the undefined fourth byte of every pixel zeroed. */
  private static byte[] rgbBytes(ScreenSource source) {
    ScreenGeometry g = source.geometry();
    byte[] out = new byte[4 * g.width() * g.height()];
    ByteBuffer pixels = source.pixels();
    int i = 0;
    for (int y = 0; y < g.height(); y++) {
      for (int x = 0; x < g.width(); x++) {
        int p = y * source.stride() + 4 * x;
        out[i++] = pixels.get(p);
        out[i++] = pixels.get(p + 1);
        out[i++] = pixels.get(p + 2);
        out[i++] = 0;
      }
    }
    return out;
  }
}

package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The visible designated area: overlaps, denied windows on top, clipping, origin, blanking. */
class DesignatedAreaTest {

  @Test
  void aWindowAboveADesignatedOneCutsItsRectangleOut() {
    DesignatedArea a = new DesignatedArea(100, 100, 0, 0);
    a.addWindow(0, 0, 60, 60, true);
    a.addWindow(40, 40, 40, 40, false); // above, overlapping the corner
    assertThat(a.compute()).isPositive();
    assertThat(covered(a, 10, 10)).isTrue();
    assertThat(covered(a, 50, 50)).isFalse();
    assertThat(covered(a, 59, 30)).isTrue();
    assertThat(covered(a, 70, 70)).isFalse();
    assertThat(area(a)).isEqualTo(60 * 60 - 20 * 20);
  }

  @Test
  void aDesignatedWindowAboveAnotherOneStaysWhole() {
    DesignatedArea a = new DesignatedArea(100, 100, 0, 0);
    a.addWindow(0, 0, 50, 50, false);
    a.addWindow(20, 20, 50, 50, true);
    a.compute();
    assertThat(covered(a, 25, 25)).isTrue();
    assertThat(covered(a, 10, 10)).isFalse();
  }

  @Test
  void aWindowCoveringTheDesignatedOneLeavesNothing() {
    DesignatedArea a = new DesignatedArea(100, 100, 0, 0);
    a.addWindow(10, 10, 20, 20, true);
    a.addWindow(0, 0, 100, 100, false);
    assertThat(a.compute()).isZero();
  }

  @Test
  void windowsAreClippedToTheFrameAndShiftedByItsOrigin() {
    // The frame is the second monitor, at desktop x 1000.
    DesignatedArea a = new DesignatedArea(200, 100, 1000, 0);
    a.addWindow(950, 0, 100, 50, true); // straddles the monitors
    a.addWindow(10, 10, 50, 50, true); // on the first monitor only
    assertThat(a.compute()).isEqualTo(1);
    RectList v = a.visible();
    assertThat(new int[] {v.x(0), v.y(0), v.width(0), v.height(0)})
        .containsExactly(0, 0, 50, 50);
  }

  @Test
  void blankingKeepsExactlyTheVisiblePixels() {
    int w = 64;
    int h = 48;
    int stride = w * 4 + 16; // padded rows
    DesignatedArea a = new DesignatedArea(w, h, 0, 0);
    a.addWindow(5, 5, 30, 20, true);
    a.addWindow(20, 10, 30, 30, true);
    a.addWindow(25, 0, 5, 48, false);
    a.compute();
    ByteBuffer pixels = ByteBuffer.allocate(stride * h);
    for (int i = 0; i < pixels.capacity(); i++) {
      pixels.put(i, (byte) 0x7f);
    }
    a.blank(pixels, stride, 4);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean inside = (inRect(x, y, 5, 5, 30, 20) || inRect(x, y, 20, 10, 30, 30))
            && !inRect(x, y, 25, 0, 5, 48);
        int v = pixels.getInt(y * stride + x * 4);
        assertThat(v).as("pixel %d,%d", x, y).isEqualTo(inside ? 0x7f7f7f7f : 0);
      }
      // Row padding is not the frame's: left alone.
      assertThat(pixels.get(y * stride + w * 4)).isEqualTo((byte) 0x7f);
    }
  }

  private static boolean inRect(int x, int y, int rx, int ry, int rw, int rh) {
    return x >= rx && x < rx + rw && y >= ry && y < ry + rh;
  }

  private static boolean covered(DesignatedArea a, int x, int y) {
    RectList v = a.visible();
    for (int i = 0; i < v.size(); i++) {
      if (inRect(x, y, v.x(i), v.y(i), v.width(i), v.height(i))) {
        return true;
      }
    }
    return false;
  }

  private static long area(DesignatedArea a) {
    return a.visible().area();
  }
}

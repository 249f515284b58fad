package io.screentrail.internal.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.internal.DesignatedArea;
import io.screentrail.internal.RectList;
import io.screentrail.policy.Policy;
import io.screentrail.testing.XvfbServer;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window stack of a real X server: two xterms overlapping, the later one on top, read with
 * their classes and turned into the visible designated area; unmapped windows do not count.
 * Prints what a query and the blanking cost.
 */
class WindowStackTest {

  private static XvfbServer x;

  @BeforeAll
  static void windows() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm"), "needs Xvfb and xterm");
    x = XvfbServer.start(1280, 800);
    x.client(1200, "xterm", "-class", "DesignatedTerm", "-geometry", "40x10+0+0");
    x.client(1200, "xterm", "-class", "OtherTerm", "-geometry", "40x10+100+50"); // on top
  }

  @AfterAll
  static void stop() {
    if (x != null) {
      x.close();
    }
  }

  @Test
  void theOtherWindowOnTopIsCutOutOfTheDesignatedOne() {
    try (WindowStack stack = WindowStack.open(x.display())) {
      DesignatedArea area = new DesignatedArea(1280, 800, 0, 0);
      assertThat(stack.query(Policy.builder().allow("DesignatedTerm").build(), area)).isTrue();
      assertThat(area.compute()).isPositive();
      assertThat(covered(area.visible(), 10, 10)).isTrue();
      assertThat(covered(area.visible(), 150, 100)).as("under the other xterm").isFalse();
      assertThat(covered(area.visible(), 600, 400)).as("the bare root").isFalse();
    }
  }

  @Test
  void aDeniedClassLosesAgainstAllowEverything() {
    try (WindowStack stack = WindowStack.open(x.display())) {
      DesignatedArea area = new DesignatedArea(1280, 800, 0, 0);
      Policy p = Policy.builder().allow("*").deny("OtherTerm").build();
      assertThat(stack.query(p, area)).isTrue();
      area.compute();
      assertThat(covered(area.visible(), 10, 10)).isTrue();
      assertThat(covered(area.visible(), 150, 100)).isFalse();
      Policy titles = Policy.builder().allow("DesignatedTerm:^nomatch$").build();
      assertThat(stack.query(titles, area)).isTrue();
      assertThat(area.compute()).as("a title rule that matches no title").isZero();
    }
  }

  @Test
  void printsWhatAQueryAndTheBlankingCost() {
    try (WindowStack stack = WindowStack.open(x.display())) {
      DesignatedArea area = new DesignatedArea(1280, 800, 0, 0);
      Policy p = Policy.builder().allow("DesignatedTerm").build();
      ByteBuffer pixels = ByteBuffer.allocateDirect(1280 * 800 * 4);
      int n = 200;
      for (int i = 0; i < 20; i++) { // warm-up
        stack.query(p, area);
        area.compute();
        area.blank(pixels, 1280 * 4, 4);
      }
      long query = 0;
      long blank = 0;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        assertThat(stack.query(p, area)).isTrue();
        area.compute();
        long t1 = System.nanoTime();
        area.blank(pixels, 1280 * 4, 4);
        long t2 = System.nanoTime();
        query += t1 - t0;
        blank += t2 - t1;
      }
      System.out.println(String.format(Locale.ROOT, "window query %.0f us, blank 1280x800 %.0f us"
          + " (mean of %d, 2 xterms)", query / 1e3 / n, blank / 1e3 / n, n));
    }
  }

  private static boolean covered(RectList v, int px, int py) {
    for (int i = 0; i < v.size(); i++) {
      if (px >= v.x(i) && px < v.x(i) + v.width(i) && py >= v.y(i) && py < v.y(i) + v.height(i)) {
        return true;
      }
    }
    return false;
  }
}

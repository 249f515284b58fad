package io.screentrail.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.testing.HeadlessChromium;

/**
 * Checks on a screenshot of the viewer: where a frame panel landed (from the page's own
 * {@code data-*-stage} report, cross-checked against the pixels), and colours at frame points
 * scaled into it.
 */
final class PageAssertions {

  /** The click marker's colour in the page's style. */
  static final int MARKER = 0xFF00FF;
  /** The redaction outline's colour. */
  static final int REDACT = 0xFFD400;

  private final HeadlessChromium.Page page;
  private final int frameWidth;

  PageAssertions(HeadlessChromium.Page page, int frameWidth) {
    this.page = page;
    this.frameWidth = frameWidth;
  }

  /** {@code left, top, width, height} of a panel, such as {@code data-before-stage}. */
  double[] stage(String attribute) {
    String v = page.bodyAttribute(attribute);
    assertThat(v).as(attribute + " in\n" + page.dom()).isNotBlank();
    String[] p = v.split(",");
    double[] r = new double[4];
    for (int i = 0; i < 4; i++) {
      r[i] = Double.parseDouble(p[i]);
    }
    assertThat(r[2]).as("panel width").isGreaterThan(200);
    return r;
  }

  /** The screenshot's pixel at frame point ({@code x}, {@code y}) of a panel. */
  int at(double[] stage, double x, double y) {
    double scale = stage[2] / frameWidth;
    return page.rgb((int) Math.round(stage[0] + x * scale), (int) Math.round(stage[1] + y
        * scale));
  }

  /** Whether some pixel within {@code radius} of frame point (x, y) of a panel is near rgb. */
  boolean anyNear(double[] stage, double x, double y, int radius, int rgb, int tolerance) {
    double scale = stage[2] / frameWidth;
    int cx = (int) Math.round(stage[0] + x * scale);
    int cy = (int) Math.round(stage[1] + y * scale);
    for (int dy = -radius; dy <= radius; dy++) {
      for (int dx = -radius; dx <= radius; dx++) {
        if (near(page.rgb(cx + dx, cy + dy), rgb, tolerance)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean near(int a, int b, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  static String hex(int rgb) {
    return String.format("#%06x", rgb);
  }
}

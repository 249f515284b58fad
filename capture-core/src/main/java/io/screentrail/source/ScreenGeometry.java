package io.screentrail.source;

import java.util.List;

/**
 * The captured area and the screens of the desktop it lies in, all in one coordinate space: the
 * virtual desktop in physical pixels, origin at the top-left of the desktop's bounding box, x to
 * the right, y down. Input events use the same space.
 *
 * @param x left edge of the captured area on the desktop
 * @param y top edge of the captured area on the desktop
 * @param width width of the captured area in pixels
 * @param height height of the captured area in pixels
 * @param desktopWidth width of the whole virtual desktop
 * @param desktopHeight height of the whole virtual desktop
 * @param screens every screen of the desktop, in the order the windowing system lists them
 * @param screenIndex the captured screen's index in {@code screens}, or -1 for the whole desktop
 * @param dpi the horizontal resolution the windowing system reports, or 0 when unknown
 */
public record ScreenGeometry(
    int x,
    int y,
    int width,
    int height,
    int desktopWidth,
    int desktopHeight,
    List<Screen> screens,
    int screenIndex,
    double dpi) {

  /**
   * One physical screen (monitor) on the desktop.
   *
   * @param index position in the windowing system's list
   * @param x left edge on the desktop
   * @param y top edge on the desktop
   * @param width width in pixels
   * @param height height in pixels
   */
  public record Screen(int index, int x, int y, int width, int height) {}

  public ScreenGeometry {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("capture area must not be empty, was " + width + "x" + height);
    }
    screens = List.copyOf(screens);
  }
}

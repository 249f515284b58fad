package io.screentrail.internal;

import io.screentrail.internal.x11.WindowStack;
import io.screentrail.policy.Policy;
import java.nio.ByteBuffer;

/**
 * The designated-application filter, applied by the capture thread to the grabbed pixels before
 * any other stage sees them: reads the window stack, keeps what designated windows show and
 * blanks the rest. Fails closed: when the window list cannot be read, or no designated window is
 * visible, the frame must not go on.
 */
public final class PolicyMask implements AutoCloseable {

  private final Policy policy;
  private final WindowStack windows;
  private final DesignatedArea area;
  private final EngineCounters counters;
  private final CaptureLoop.ErrorReporter errors;
  private final RectList previous = new RectList(16);
  private boolean areaChanged;

  /**
   * @param originX desktop x of the captured area
   * @param originY desktop y of the captured area
   */
  public PolicyMask(Policy policy, WindowStack windows, int width, int height, int originX,
      int originY, EngineCounters counters, CaptureLoop.ErrorReporter errors) {
    this.policy = policy;
    this.windows = windows;
    this.area = new DesignatedArea(width, height, originX, originY);
    this.counters = counters;
    this.errors = errors;
  }

  /**
   * Blanks every pixel that no designated window shows.
   *
   * @param pixels the grabbed frame, 4 bytes per pixel
   * @return whether the frame may be stored: some designated window is visible and the window
   *     list was read
   */
  public boolean apply(ByteBuffer pixels, int stride) {
    long t0 = System.nanoTime();
    try {
      if (!windows.query(policy, area)) {
        errors.report("policy", new IllegalStateException("the window list could not be read,"
            + " frames are not stored until it can: " + windows.lastError()));
        return false;
      }
      if (area.compute() == 0) {
        return false;
      }
      areaChanged = !same(area.visible(), previous);
      if (areaChanged) {
        previous.copyFrom(area.visible());
      }
      area.blank(pixels, stride, 4);
      return true;
    } finally {
      counters.maskTime.record(System.nanoTime() - t0);
    }
  }

  /**
   * Whether the last {@link #apply} shows other windows or window parts than the one before:
   * pixels then became shown or blanked that the X server may never report as redrawn.
   */
  public boolean areaChanged() {
    return areaChanged;
  }

  private static boolean same(RectList a, RectList b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.x(i) != b.x(i) || a.y(i) != b.y(i) || a.width(i) != b.width(i)
          || a.height(i) != b.height(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    windows.close();
  }
}

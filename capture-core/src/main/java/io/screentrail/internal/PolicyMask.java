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
      area.blank(pixels, stride, 4);
      return true;
    } finally {
      counters.maskTime.record(System.nanoTime() - t0);
    }
  }

  @Override
  public void close() {
    windows.close();
  }
}

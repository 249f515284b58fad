package io.screentrail.testing;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Waits on a live engine and screen by what they show, not by sleeping a guessed time: a test
 * that steps a screen from one still state to the next knows which pictures the engine can
 * have grabbed, however loaded the machine is. Each wait has a generous limit that only a hang
 * reaches; it fails with what it waited for.
 */
public final class EngineWaits {

  private static final long LIMIT_NANOS = 120_000_000_000L;

  private EngineWaits() {}

  /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} at the limit. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + LIMIT_NANOS / 1_000_000_000L + " s for " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * The screen of {@code display} once it differs from {@code before} (null: any screen) and two
   * grabs 300 ms apart are equal: a client has finished drawing.
   */
  public static int[] stillScreen(String display, int[] before) throws InterruptedException {
    int[][] last = {Screens.grabRgb(display)};
    until("the screen to change and then stay still", () -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
      int[] now = Screens.grabRgb(display);
      boolean still = Arrays.equals(now, last[0]) && !Arrays.equals(now, before);
      last[0] = now;
      return still;
    });
    return last[0];
  }

  /**
   * Waits until the engine has grabbed twice more since it had grabbed {@code capturedBefore}
   * frames, and every frame it grabbed is stored, skipped as unchanged or dropped (none in
   * flight): called once the screen is still, every picture of it the engine took has then been
   * through redaction.
   */
  public static void grabbedTwiceAndSettled(CaptureEngine engine, long capturedBefore)
      throws InterruptedException {
    until("two more grabs and no frame in flight", () -> {
      CaptureStats s = engine.stats();
      return s.framesCaptured() >= capturedBefore + 2 && s.framesInFlight() == 0;
    });
  }
}

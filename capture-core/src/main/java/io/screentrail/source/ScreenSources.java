package io.screentrail.source;

import io.screentrail.SourceKind;
import java.util.Locale;

/** Opens the screen source a configuration asks for. */
public final class ScreenSources {

  private ScreenSources() {}

  /**
   * Opens a source.
   *
   * <p>Robot can only grab the display the JVM's AWT connected to ({@code DISPLAY} at start-up),
   * so a request for another display never falls back to it: {@link SourceKind#AUTO} then takes
   * shared memory or fails with its reason, and {@link SourceKind#ROBOT} is refused. This keeps a
   * recording of a private display from silently recording the user's desktop instead.
   *
   * @param kind {@link SourceKind#AUTO} takes X11 shared memory when the display offers it
   * @param display X display name, or {@code null} for {@code DISPLAY}
   * @param screen screen index, or -1 for the whole desktop
   * @throws IllegalStateException when the display is missing or unusable, saying what to do
   * @throws IllegalArgumentException when the screen index or the source/display pair is wrong
   */
  public static ScreenSource open(SourceKind kind, String display, int screen) {
    boolean otherDisplay = display != null && !display.equals(System.getenv("DISPLAY"));
    return switch (kind) {
      case XSHM -> XShmScreenSource.open(display, screen);
      case ROBOT -> {
        if (otherDisplay) {
          throw new IllegalArgumentException("the robot source records the display Java started"
              + " with (" + describeJvmDisplay() + "), not " + display + ": start with DISPLAY="
              + display + " instead, or use the xshm source");
        }
        yield RobotScreenSource.open(screen);
      }
      case AUTO -> {
        if (otherDisplay) {
          yield XShmScreenSource.open(display, screen);
        }
        if (isX11()) {
          try {
            // Opening is the only reliable probe (a remote display fails only when attaching).
            yield XShmScreenSource.open(display, screen);
          } catch (IllegalStateException e) {
            // No shared memory here: Robot grabs the same display.
          }
        }
        yield RobotScreenSource.open(screen);
      }
    };
  }

  private static String describeJvmDisplay() {
    String d = System.getenv("DISPLAY");
    return d == null ? "none: DISPLAY is not set" : "DISPLAY=" + d;
  }

  private static boolean isX11() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return !os.contains("win") && !os.contains("mac") && System.getenv("DISPLAY") != null;
  }
}

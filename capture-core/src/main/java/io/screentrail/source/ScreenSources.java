package io.screentrail.source;

import io.screentrail.SourceKind;

/** Opens the screen source a configuration asks for. */
public final class ScreenSources {

  private ScreenSources() {}

  /**
   * Opens a source.
   *
   * @param kind {@link SourceKind#AUTO} takes X11 shared memory when the display offers it
   * @param display X display name, or {@code null} for {@code DISPLAY}
   * @param screen screen index, or -1 for the whole desktop
   * @throws IllegalStateException with a message that says what is missing and what to do
   */
  public static ScreenSource open(SourceKind kind, String display, int screen) {
    return switch (kind) {
      case XSHM -> XShmScreenSource.open(display, screen);
      case ROBOT -> RobotScreenSource.open(screen);
      case AUTO -> {
        if (isX11(display) && XShmScreenSource.isUsable(display)) {
          yield XShmScreenSource.open(display, screen);
        }
        yield RobotScreenSource.open(screen);
      }
    };
  }

  private static boolean isX11(String display) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    boolean unix = !os.contains("win") && !os.contains("mac");
    return unix && (display != null || System.getenv("DISPLAY") != null);
  }
}

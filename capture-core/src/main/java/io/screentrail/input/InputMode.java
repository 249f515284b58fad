package io.screentrail.input;

/** Whether the engine installs the global input hook. */
public enum InputMode {
  /** No global hook; events come only through {@code engine.input()} (the default). */
  API_ONLY,
  /** Install the global hook; if it cannot be installed, {@code start()} fails and says why. */
  GLOBAL,
  /**
   * Try the global hook; if it cannot be installed, record without global input and note the
   * reason in the session manifest.
   */
  GLOBAL_IF_AVAILABLE;

  /** Parses {@code api}, {@code global} or {@code optional} (the command line's names). */
  public static InputMode parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "api", "off", "none" -> API_ONLY;
      case "global" -> GLOBAL;
      case "optional" -> GLOBAL_IF_AVAILABLE;
      default -> throw new IllegalArgumentException(
          "input must be global, optional or off, was '" + s + "'");
    };
  }
}

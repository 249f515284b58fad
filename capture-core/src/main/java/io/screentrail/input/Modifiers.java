package io.screentrail.input;

/**
 * Modifier key bits for {@link InputSink#keyPressed}. Combine with {@code |}. SHIFT alone does not
 * make a hotkey: shifted characters are text.
 */
public final class Modifiers {

  public static final int SHIFT = 1;
  public static final int CTRL = 2;
  public static final int ALT = 4;
  /** The Super / Windows / Command key. */
  public static final int META = 8;

  /** The modifiers that turn a key into a shortcut. */
  public static final int COMMAND_MASK = CTRL | ALT | META;

  private Modifiers() {}

  /** Appends the names of the set modifiers, each followed by {@code +}, in a fixed order. */
  public static void appendNames(int modifiers, StringBuilder out) {
    if ((modifiers & CTRL) != 0) {
      out.append("ctrl+");
    }
    if ((modifiers & ALT) != 0) {
      out.append("alt+");
    }
    if ((modifiers & SHIFT) != 0) {
      out.append("shift+");
    }
    if ((modifiers & META) != 0) {
      out.append("meta+");
    }
  }

  /** The modifier bit of a key name such as {@code "ctrl"}, or 0 for other keys. */
  public static int bitOf(String key) {
    return switch (key) {
      case "shift" -> SHIFT;
      case "ctrl" -> CTRL;
      case "alt" -> ALT;
      case "meta" -> META;
      default -> 0;
    };
  }
}

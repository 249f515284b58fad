package io.screentrail.input;

/**
 * The kinds of action the engine recognizes, named as the session format and trajectory export
 * name them ({@link #id()}); {@code docs/FORMAT.md} maps them to the OpenAI and Anthropic
 * computer-use actions and to pyautogui verbs.
 */
public enum ActionType {
  CLICK("click"),
  DOUBLE_CLICK("double_click"),
  TRIPLE_CLICK("triple_click"),
  RIGHT_CLICK("right_click"),
  MIDDLE_CLICK("middle_click"),
  DRAG("drag"),
  SCROLL("scroll"),
  TYPE("type"),
  KEY("key"),
  HOTKEY("hotkey"),
  FOCUS("focus");

  private final String id;

  ActionType(String id) {
    this.id = id;
  }

  /** The name in the session format. */
  public String id() {
    return id;
  }

  /** The type with {@link #id()}, or null. */
  public static ActionType fromId(String id) {
    for (ActionType t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    return null;
  }
}

package io.screentrail.input;

/** A mouse button, as input events and actions name it. */
public enum MouseButton {
  LEFT("left"),
  MIDDLE("middle"),
  RIGHT("right"),
  BACK("back"),
  FORWARD("forward");

  private final String id;

  MouseButton(String id) {
    this.id = id;
  }

  /** The name used in the session format and exports. */
  public String id() {
    return id;
  }

  /** The button with X11's number (1 left, 2 middle, 3 right, 8 back, 9 forward), or null. */
  public static MouseButton fromX11(int button) {
    return switch (button) {
      case 1 -> LEFT;
      case 2 -> MIDDLE;
      case 3 -> RIGHT;
      case 8 -> BACK;
      case 9 -> FORWARD;
      default -> null;
    };
  }
}

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
}

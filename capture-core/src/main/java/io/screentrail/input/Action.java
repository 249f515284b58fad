package io.screentrail.input;

import java.util.List;

/**
 * One human action, recognized from input events: what it was, where, and when it started and
 * ended. Coordinates are desktop pixels. Fields that do not apply to the type are 0 or null.
 *
 * @param id index among the session's actions, from 0
 * @param type what kind of action
 * @param startMonoNanos when the first event of the action happened (engine clock)
 * @param endMonoNanos when its last event happened
 * @param startWallMillis wall-clock time of the first event
 * @param x pointer x at the start (clicks, drags, scrolls)
 * @param y pointer y at the start
 * @param endX pointer x at the end (drags)
 * @param endY pointer y at the end (drags)
 * @param button the button (clicks, drags), or null
 * @param clickCount 1, 2 or 3 for clicks
 * @param scrollX notches scrolled right (negative: left), summed over the gesture
 * @param scrollY notches scrolled down (negative: up), summed over the gesture
 * @param text the text typed (type), or null
 * @param keys the keys of a key or hotkey action, modifiers first, such as {@code [ctrl, l]}
 * @param path sampled pointer positions of a drag as {@code x, y, milliseconds since start}
 *     triples, at most 64 of them
 * @param app the focused application's class (X11 {@code WM_CLASS}), or null when unknown
 * @param title the focused window's title, or null when unknown
 * @param maskedLength for a masked run of typing (a password, or a policy that masks all typing):
 *     how many characters it left, while {@code text} is null; 0 for every other action
 */
public record Action(
    long id,
    ActionType type,
    long startMonoNanos,
    long endMonoNanos,
    long startWallMillis,
    int x,
    int y,
    int endX,
    int endY,
    MouseButton button,
    int clickCount,
    int scrollX,
    int scrollY,
    String text,
    List<String> keys,
    int[] path,
    String app,
    String title,
    int maskedLength) {

  public Action {
    keys = keys == null ? null : List.copyOf(keys);
    path = path == null ? null : path.clone();
  }

  /** An action that is not a masked run of typing. */
  public Action(long id, ActionType type, long startMonoNanos, long endMonoNanos,
      long startWallMillis, int x, int y, int endX, int endY, MouseButton button, int clickCount,
      int scrollX, int scrollY, String text, List<String> keys, int[] path, String app,
      String title) {
    this(id, type, startMonoNanos, endMonoNanos, startWallMillis, x, y, endX, endY, button,
        clickCount, scrollX, scrollY, text, keys, path, app, title, 0);
  }

  /** Whether this is a typing run stored masked: its length and timing only. */
  public boolean masked() {
    return maskedLength > 0;
  }
}

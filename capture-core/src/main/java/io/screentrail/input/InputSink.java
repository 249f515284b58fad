package io.screentrail.input;

/**
 * Where input events enter the engine: the global hook uses it, and an embedding agent with hooks
 * of its own calls it directly ({@code engine.input()}).
 *
 * <p>Every method is non-blocking, allocation-free and safe to call from any thread, including an
 * OS input hook's callback. Events are timestamped on entry with the engine's clock. Coordinates
 * are desktop pixels (see the session's coordinate space). Pointer moves are coalesced: only the
 * newest position is kept until the input thread samples it. Other events go to a bounded queue;
 * when it is full the event is dropped and counted, never waited for.
 *
 * <p>Key names follow pyautogui: {@code a}..{@code z}, {@code 0}..{@code 9}, {@code enter},
 * {@code tab}, {@code escape}, {@code backspace}, {@code delete}, {@code space}, {@code up},
 * {@code down}, {@code left}, {@code right}, {@code home}, {@code end}, {@code pageup}, {@code
 * pagedown}, {@code insert}, {@code f1}..{@code f24}, {@code shift}, {@code ctrl}, {@code alt},
 * {@code meta}, and punctuation by its character.
 */
public interface InputSink {

  /** The event was queued. */
  int OFFERED = 0;

  /** The queue was full: the event was dropped and counted. */
  int DROPPED = 1;

  /** A pointer move replaced an earlier one that was not sampled yet (counted). */
  int COALESCED = 2;

  /** The pointer moved to ({@code x}, {@code y}). */
  int pointerMoved(int x, int y);

  /** A mouse button went down at ({@code x}, {@code y}). */
  int buttonPressed(MouseButton button, int x, int y);

  /** A mouse button went up at ({@code x}, {@code y}). */
  int buttonReleased(MouseButton button, int x, int y);

  /**
   * The wheel turned with the pointer at ({@code x}, {@code y}): {@code dy} notches down
   * (negative: up), {@code dx} notches right (negative: left).
   */
  int wheel(int dx, int dy, int x, int y);

  /** A key went down; {@code modifiers} are the {@link Modifiers} held, this key excluded. */
  int keyPressed(String key, int modifiers);

  /** A key press produced the character {@code codePoint} (text typed). */
  int keyTyped(int codePoint);

  /** A key went up. */
  int keyReleased(String key, int modifiers);
}

package io.screentrail.input;

import io.screentrail.internal.EventRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns raw input events into actions: clicks (double and triple by timing and distance), drags
 * with a sampled path, scroll gestures summed until the wheel rests, runs of typed text ended by
 * a pause or by any other action, special keys, hotkeys, and focus changes.
 *
 * <p>Runs on the engine's input thread only: events arrive in order through {@link #onEvent},
 * pointer samples through {@link #onPointer}, and {@link #tick} ends gestures whose quiet time has
 * passed. Completed actions go to the {@link Output}. Allocates per action (human rate), not per
 * event.
 */
public final class ActionRecognizer {

  /** Receives completed actions, in the order they completed. */
  @FunctionalInterface
  public interface Output {
    void action(Action action);
  }

  /** Tells the recognizer which window has focus when an action starts. */
  @FunctionalInterface
  public interface FocusProbe {
    /** Called at the start of each action; may call {@link #focusChanged} first. */
    void refresh(long monoNanos, long wallMillis);
  }

  /** Keys that are actions by themselves rather than text. */
  private static final Set<String> SPECIAL_KEYS = Set.of("enter", "tab", "escape", "backspace",
      "delete", "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "insert",
      "menu", "printscreen", "pause", "capslock", "numlock", "scrolllock", "f1", "f2", "f3", "f4",
      "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18",
      "f19", "f20", "f21", "f22", "f23", "f24");

  private static final int MAX_PATH_POINTS = 64;

  private final Output output;
  private final FocusProbe focusProbe;
  private final long multiClickNanos;
  private final long typingPauseNanos;
  private final long scrollEndNanos;
  private final int dragThreshold;
  private long nextId;
  private String app;
  private String title;
  private int heldModifiers;

  // Button state.
  private MouseButton pressed;
  private int pressX;
  private int pressY;
  private long pressMono;
  private long pressWall;
  private boolean dragging;
  private final int[] path = new int[MAX_PATH_POINTS * 3];
  private int pathPoints;
  private int pathStride = 1;
  private int pathSkipped;
  private int lastX;
  private int lastY;

  // A click waiting to see whether it becomes a double or triple click.
  private boolean clickPending;
  private MouseButton clickButton;
  private int clickX;
  private int clickY;
  private int clickCount;
  private long clickStart;
  private long clickEnd;
  private long clickWall;
  private String clickApp;
  private String clickTitle;

  // Scroll gesture.
  private boolean scrolling;
  private int scrollX;
  private int scrollY;
  private int scrollAtX;
  private int scrollAtY;
  private long scrollStart;
  private long scrollLast;
  private long scrollWall;
  private String scrollApp;
  private String scrollTitle;

  // Typing run.
  private final StringBuilder text = new StringBuilder();
  private boolean typing;
  private long typingStart;
  private long typingLast;
  private long typingWall;
  private String typingApp;
  private String typingTitle;
  private boolean typingMasked;
  private boolean maskNext;

  /**
   * @param output where completed actions go
   * @param focusProbe asked for the focused window at the start of each action
   * @param multiClickMillis a second click within this long, near the first, counts as double
   * @param typingPauseMillis a typing run ends after this long without a key
   * @param scrollEndMillis a scroll gesture ends after this long without the wheel
   * @param dragThresholdPixels a press that moves farther than this before release is a drag
   */
  public ActionRecognizer(Output output, FocusProbe focusProbe, long multiClickMillis,
      long typingPauseMillis, long scrollEndMillis, int dragThresholdPixels) {
    this.output = output;
    this.focusProbe = focusProbe;
    this.multiClickNanos = multiClickMillis * 1_000_000L;
    this.typingPauseNanos = typingPauseMillis * 1_000_000L;
    this.scrollEndNanos = scrollEndMillis * 1_000_000L;
    this.dragThreshold = dragThresholdPixels;
  }

  /** The focused window changed: ends pending gestures and emits a focus action. */
  public void focusChanged(String newApp, String newTitle, long monoNanos, long wallMillis) {
    flushTyping();
    flushClick();
    flushScroll();
    app = newApp;
    title = newTitle;
    emit(ActionType.FOCUS, monoNanos, monoNanos, wallMillis, lastX, lastY, lastX, lastY, null, 0,
        0, 0, null, null, null, newApp, newTitle);
  }

  /** The focused window's title changed without a change of window: remembered, no action. */
  public void titleChanged(String newTitle) {
    title = newTitle;
  }

  /**
   * The next typed character is a secret: the typing run it belongs to is emitted masked (its
   * length and timing, no text).
   */
  public void maskNextTyped() {
    maskNext = true;
  }

  /** Whether {@code key} (a pyautogui name) is a key action by itself rather than text. */
  public static boolean isSpecialKey(String key) {
    return SPECIAL_KEYS.contains(key) || Modifiers.bitOf(key) != 0;
  }

  /** One event from the queue, in order. */
  public void onEvent(EventRing.Slot e) {
    switch (e.kind) {
      case EventRing.BUTTON_DOWN -> buttonDown(e);
      case EventRing.BUTTON_UP -> buttonUp(e);
      case EventRing.WHEEL -> wheel(e);
      case EventRing.KEY_DOWN -> keyDown(e);
      case EventRing.KEY_TYPED -> keyTyped(e);
      case EventRing.KEY_UP -> {
        heldModifiers &= ~Modifiers.bitOf(e.key);
      }
      default -> { }
    }
  }

  /** A sampled pointer position. */
  public void onPointer(int x, int y, long monoNanos) {
    lastX = x;
    lastY = y;
    if (pressed == null) {
      return;
    }
    if (!dragging && (Math.abs(x - pressX) > dragThreshold || Math.abs(y - pressY) > dragThreshold)) {
      dragging = true;
    }
    addPathPoint(x, y, monoNanos);
  }

  private void addPathPoint(int x, int y, long monoNanos) {
    if (pathSkipped + 1 < pathStride) {
      pathSkipped++;
      return;
    }
    pathSkipped = 0;
    if (pathPoints == MAX_PATH_POINTS) {
      // Keep every other point and sample half as often: the path stays evenly spread.
      for (int i = 0; i < MAX_PATH_POINTS / 2; i++) {
        System.arraycopy(path, i * 2 * 3, path, i * 3, 3);
      }
      pathPoints = MAX_PATH_POINTS / 2;
      pathStride *= 2;
    }
    int at = pathPoints * 3;
    path[at] = x;
    path[at + 1] = y;
    path[at + 2] = (int) ((monoNanos - pressMono) / 1_000_000L);
    pathPoints++;
  }

  /** Ends gestures whose quiet time has passed by {@code nowNanos}. */
  public void tick(long nowNanos) {
    if (clickPending && nowNanos - clickEnd >= multiClickNanos) {
      flushClick();
    }
    if (scrolling && nowNanos - scrollLast >= scrollEndNanos) {
      flushScroll();
    }
    if (typing && nowNanos - typingLast >= typingPauseNanos) {
      flushTyping();
    }
  }

  /**
   * When {@link #tick} would next end a gesture: the earliest quiet-time deadline of the pending
   * click, scroll and typing run, or {@link Long#MAX_VALUE} when none is pending (nothing to wake
   * up for).
   */
  public long nextDeadline() {
    long next = Long.MAX_VALUE;
    if (clickPending) {
      next = Math.min(next, clickEnd + multiClickNanos);
    }
    if (scrolling) {
      next = Math.min(next, scrollLast + scrollEndNanos);
    }
    if (typing) {
      next = Math.min(next, typingLast + typingPauseNanos);
    }
    return next;
  }

  /** Ends every pending gesture now (at close). */
  public void flushAll() {
    flushTyping();
    flushClick();
    flushScroll();
  }

  private void buttonDown(EventRing.Slot e) {
    MouseButton b = MouseButton.values()[e.button];
    flushTyping();
    flushScroll();
    if (clickPending && (b != clickButton || e.monoNanos - clickEnd > multiClickNanos
        || far(e.x, e.y, clickX, clickY))) {
      flushClick();
    }
    focusProbe.refresh(e.monoNanos, e.wallMillis);
    pressed = b;
    pressX = e.x;
    pressY = e.y;
    lastX = e.x;
    lastY = e.y;
    pressMono = e.monoNanos;
    pressWall = e.wallMillis;
    dragging = false;
    pathPoints = 0;
    pathStride = 1;
    pathSkipped = 0;
    addPathPoint(e.x, e.y, e.monoNanos);
  }

  private void buttonUp(EventRing.Slot e) {
    MouseButton b = MouseButton.values()[e.button];
    if (pressed != b) {
      return; // a release whose press was not seen (recording started mid-click)
    }
    pressed = null;
    lastX = e.x;
    lastY = e.y;
    if (dragging || far(e.x, e.y, pressX, pressY)) {
      flushClick();
      addPathPoint(e.x, e.y, e.monoNanos);
      emit(ActionType.DRAG, pressMono, e.monoNanos, pressWall, pressX, pressY, e.x, e.y, b, 0, 0,
          0, null, null, Arrays.copyOf(path, pathPoints * 3), app, title);
      return;
    }
    if (b != MouseButton.LEFT) {
      flushClick();
      ActionType t = switch (b) {
        case RIGHT -> ActionType.RIGHT_CLICK;
        case MIDDLE -> ActionType.MIDDLE_CLICK;
        default -> ActionType.CLICK;
      };
      emit(t, pressMono, e.monoNanos, pressWall, pressX, pressY, e.x, e.y, b, 1, 0, 0, null,
          null, null, app, title);
      return;
    }
    if (clickPending) {
      clickCount++;
      clickEnd = e.monoNanos;
      if (clickCount == 3) {
        flushClick();
      }
      return;
    }
    clickPending = true;
    clickButton = b;
    clickX = pressX;
    clickY = pressY;
    clickCount = 1;
    clickStart = pressMono;
    clickEnd = e.monoNanos;
    clickWall = pressWall;
    clickApp = app;
    clickTitle = title;
  }

  private void wheel(EventRing.Slot e) {
    flushTyping();
    flushClick();
    if (scrolling && e.monoNanos - scrollLast >= scrollEndNanos) {
      flushScroll();
    }
    if (!scrolling) {
      focusProbe.refresh(e.monoNanos, e.wallMillis);
      scrolling = true;
      scrollX = 0;
      scrollY = 0;
      scrollAtX = e.x;
      scrollAtY = e.y;
      scrollStart = e.monoNanos;
      scrollWall = e.wallMillis;
      scrollApp = app;
      scrollTitle = title;
    }
    scrollX += e.dx;
    scrollY += e.dy;
    scrollLast = e.monoNanos;
  }

  private void keyDown(EventRing.Slot e) {
    int bit = Modifiers.bitOf(e.key);
    if (bit != 0) {
      heldModifiers |= bit;
      return;
    }
    int mods = e.modifiers | heldModifiers;
    boolean command = (mods & Modifiers.COMMAND_MASK) != 0;
    if (!command && typing && e.key.equals("backspace")) {
      int n = text.length();
      if (n > 0) {
        text.setLength(n - Character.charCount(text.codePointBefore(n)));
      }
      typingLast = e.monoNanos;
      return;
    }
    if (command || SPECIAL_KEYS.contains(e.key)) {
      flushTyping();
      flushClick();
      flushScroll();
      focusProbe.refresh(e.monoNanos, e.wallMillis);
      List<String> keys = new ArrayList<>(4);
      for (String m : new String[] {"ctrl", "alt", "shift", "meta"}) {
        if ((mods & Modifiers.bitOf(m)) != 0) {
          keys.add(m);
        }
      }
      keys.add(e.key);
      emit(command ? ActionType.HOTKEY : ActionType.KEY, e.monoNanos, e.monoNanos, e.wallMillis,
          lastX, lastY, lastX, lastY, null, 0, 0, 0, null, keys, null, app, title);
    }
    // Other keys produce text, which arrives as a typed character.
  }

  private void keyTyped(EventRing.Slot e) {
    int cp = e.codePoint;
    boolean mask = maskNext;
    maskNext = false;
    if (cp < 0x20 || cp == 0x7f || (heldModifiers & Modifiers.COMMAND_MASK) != 0) {
      return; // control characters come with a key action of their own
    }
    flushClick();
    flushScroll();
    if (!typing) {
      focusProbe.refresh(e.monoNanos, e.wallMillis);
      typing = true;
      text.setLength(0);
      typingStart = e.monoNanos;
      typingWall = e.wallMillis;
      typingApp = app;
      typingTitle = title;
      typingMasked = false;
    }
    typingMasked |= mask;
    text.appendCodePoint(cp);
    typingLast = e.monoNanos;
  }

  private void flushClick() {
    if (!clickPending) {
      return;
    }
    clickPending = false;
    ActionType t = switch (clickCount) {
      case 1 -> ActionType.CLICK;
      case 2 -> ActionType.DOUBLE_CLICK;
      default -> ActionType.TRIPLE_CLICK;
    };
    emit(t, clickStart, clickEnd, clickWall, clickX, clickY, clickX, clickY, clickButton,
        clickCount, 0, 0, null, null, null, clickApp, clickTitle);
  }

  private void flushScroll() {
    if (!scrolling) {
      return;
    }
    scrolling = false;
    emit(ActionType.SCROLL, scrollStart, scrollLast, scrollWall, scrollAtX, scrollAtY, scrollAtX,
        scrollAtY, null, 0, scrollX, scrollY, null, null, null, scrollApp, scrollTitle);
  }

  private void flushTyping() {
    if (!typing) {
      return;
    }
    typing = false;
    if (text.length() == 0) {
      return; // everything typed was erased again
    }
    if (typingMasked) {
      // Only the length and timing of a secret leave the recognizer; the text is wiped.
      int length = text.codePointCount(0, text.length());
      for (int i = 0; i < text.length(); i++) {
        text.setCharAt(i, '\0');
      }
      text.setLength(0);
      output.action(new Action(nextId++, ActionType.TYPE, typingStart, typingLast, typingWall,
          lastX, lastY, lastX, lastY, null, 0, 0, 0, null, null, null, typingApp, typingTitle,
          length));
      return;
    }
    emit(ActionType.TYPE, typingStart, typingLast, typingWall, lastX, lastY, lastX, lastY, null,
        0, 0, 0, text.toString(), null, null, typingApp, typingTitle);
  }

  private boolean far(int x0, int y0, int x1, int y1) {
    return Math.abs(x0 - x1) > dragThreshold || Math.abs(y0 - y1) > dragThreshold;
  }

  private void emit(ActionType type, long start, long end, long wall, int x, int y, int endX,
      int endY, MouseButton button, int count, int sx, int sy, String typed, List<String> keys,
      int[] pathTriples, String actionApp, String actionTitle) {
    output.action(new Action(nextId++, type, start, end, wall, x, y, endX, endY, button, count,
        sx, sy, typed, keys, pathTriples, actionApp, actionTitle));
  }
}

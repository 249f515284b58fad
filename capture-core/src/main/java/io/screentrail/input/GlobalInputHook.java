package io.screentrail.input;

import static com.github.kwhat.jnativehook.keyboard.NativeKeyEvent.*;

import com.github.kwhat.jnativehook.GlobalScreen;
import com.github.kwhat.jnativehook.NativeHookException;
import com.github.kwhat.jnativehook.NativeInputEvent;
import com.github.kwhat.jnativehook.dispatcher.VoidDispatchService;
import com.github.kwhat.jnativehook.keyboard.NativeKeyEvent;
import com.github.kwhat.jnativehook.keyboard.NativeKeyListener;
import com.github.kwhat.jnativehook.mouse.NativeMouseEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseInputListener;
import com.github.kwhat.jnativehook.mouse.NativeMouseWheelEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseWheelListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The global mouse and keyboard hook, through jnativehook (on X11 the RECORD extension). Its
 * callbacks run on jnativehook's hook thread and only hand each event to an {@link InputSink}:
 * no waiting, no logging (jnativehook's own logger is silenced so no key is ever printed), and no
 * allocation beyond the event objects jnativehook itself creates.
 *
 * <p>One per process: jnativehook's hook is global.
 */
public final class GlobalInputHook implements AutoCloseable {

  private static final String[] NAMES = new String[65536];

  static {
    name("escape", VC_ESCAPE);
    name("enter", VC_ENTER);
    name("tab", VC_TAB);
    name("backspace", VC_BACKSPACE);
    name("space", VC_SPACE);
    name("delete", VC_DELETE);
    name("insert", VC_INSERT);
    name("home", VC_HOME);
    name("end", VC_END);
    name("pageup", VC_PAGE_UP);
    name("pagedown", VC_PAGE_DOWN);
    name("up", VC_UP);
    name("down", VC_DOWN);
    name("left", VC_LEFT);
    name("right", VC_RIGHT);
    name("shift", VC_SHIFT);
    name("ctrl", VC_CONTROL);
    name("alt", VC_ALT);
    name("meta", VC_META);
    name("menu", VC_CONTEXT_MENU);
    name("capslock", VC_CAPS_LOCK);
    name("numlock", VC_NUM_LOCK);
    name("scrolllock", VC_SCROLL_LOCK);
    name("printscreen", VC_PRINTSCREEN);
    name("pause", VC_PAUSE);
    int[] f = {VC_F1, VC_F2, VC_F3, VC_F4, VC_F5, VC_F6, VC_F7, VC_F8, VC_F9, VC_F10, VC_F11,
        VC_F12, VC_F13, VC_F14, VC_F15, VC_F16, VC_F17, VC_F18, VC_F19, VC_F20, VC_F21, VC_F22,
        VC_F23, VC_F24};
    for (int i = 0; i < f.length; i++) {
      name("f" + (i + 1), f[i]);
    }
    int[] letters = {VC_A, VC_B, VC_C, VC_D, VC_E, VC_F, VC_G, VC_H, VC_I, VC_J, VC_K, VC_L, VC_M,
        VC_N, VC_O, VC_P, VC_Q, VC_R, VC_S, VC_T, VC_U, VC_V, VC_W, VC_X, VC_Y, VC_Z};
    for (int i = 0; i < letters.length; i++) {
      name(String.valueOf((char) ('a' + i)), letters[i]);
    }
    int[] digits = {VC_0, VC_1, VC_2, VC_3, VC_4, VC_5, VC_6, VC_7, VC_8, VC_9};
    for (int i = 0; i < digits.length; i++) {
      name(String.valueOf((char) ('0' + i)), digits[i]);
    }
    name("`", VC_BACKQUOTE);
    name("-", VC_MINUS);
    name("=", VC_EQUALS);
    name("[", VC_OPEN_BRACKET);
    name("]", VC_CLOSE_BRACKET);
    name("\\", VC_BACK_SLASH);
    name(";", VC_SEMICOLON);
    name("'", VC_QUOTE);
    name(",", VC_COMMA);
    name(".", VC_PERIOD);
    name("/", VC_SLASH);
  }

  private static void name(String name, int code) {
    NAMES[code] = name;
  }

  /** The pyautogui-style name of a jnativehook key code, or {@code "unknown"}. */
  static String keyName(int code) {
    String n = code >= 0 && code < NAMES.length ? NAMES[code] : null;
    return n == null ? "unknown" : n;
  }

  private static GlobalInputHook active;

  private final Listener listener;

  private GlobalInputHook(Listener listener) {
    this.listener = listener;
  }

  /**
   * Registers the hook and starts feeding {@code sink}.
   *
   * @throws InputUnavailableException when the hook cannot be installed (no X display, no RECORD
   *     extension, or another hook in this process), with what to do
   */
  public static synchronized GlobalInputHook start(InputSink sink)
      throws InputUnavailableException {
    if (active != null) {
      throw new InputUnavailableException("the global input hook is already in use in this"
          + " process: one recording at a time can capture global input");
    }
    Logger log = Logger.getLogger(GlobalScreen.class.getPackage().getName());
    log.setLevel(Level.OFF);
    log.setUseParentHandlers(false);
    GlobalScreen.setEventDispatcher(new VoidDispatchService());
    try {
      GlobalScreen.registerNativeHook();
    } catch (NativeHookException | UnsatisfiedLinkError e) {
      String why = String.valueOf(e.getMessage()).replaceAll("[.\\s]+$", "");
      throw new InputUnavailableException("global input capture is unavailable: " + why
          + ". On X11 it needs the RECORD extension (Xorg and Xvfb enable it by"
          + " default; check 'xdpyinfo -queryExtensions | grep RECORD').", e);
    }
    Listener l = new Listener(sink);
    GlobalScreen.addNativeKeyListener(l);
    GlobalScreen.addNativeMouseListener(l);
    GlobalScreen.addNativeMouseMotionListener(l);
    GlobalScreen.addNativeMouseWheelListener(l);
    active = new GlobalInputHook(l);
    return active;
  }

  /** Removes the hook. Idempotent. */
  @Override
  public void close() {
    synchronized (GlobalInputHook.class) {
      if (active != this) {
        return;
      }
      active = null;
      GlobalScreen.removeNativeKeyListener(listener);
      GlobalScreen.removeNativeMouseListener(listener);
      GlobalScreen.removeNativeMouseMotionListener(listener);
      GlobalScreen.removeNativeMouseWheelListener(listener);
      try {
        GlobalScreen.unregisterNativeHook();
      } catch (NativeHookException e) {
        // The hook thread is gone either way once the process ends.
      }
    }
  }

  /** Runs on jnativehook's hook thread: translate and hand over, nothing else. */
  private static final class Listener
      implements NativeKeyListener, NativeMouseInputListener, NativeMouseWheelListener {

    private final InputSink sink;

    Listener(InputSink sink) {
      this.sink = sink;
    }

    private static int modifiers(NativeInputEvent e) {
      int m = e.getModifiers();
      int out = 0;
      if ((m & NativeInputEvent.SHIFT_MASK) != 0) {
        out |= Modifiers.SHIFT;
      }
      if ((m & NativeInputEvent.CTRL_MASK) != 0) {
        out |= Modifiers.CTRL;
      }
      if ((m & NativeInputEvent.ALT_MASK) != 0) {
        out |= Modifiers.ALT;
      }
      if ((m & NativeInputEvent.META_MASK) != 0) {
        out |= Modifiers.META;
      }
      return out;
    }

    /** jnativehook numbers buttons as AWT does: 1 left, 2 right, 3 middle (X11: 3 is right). */
    private static MouseButton button(int b) {
      return switch (b) {
        case NativeMouseEvent.BUTTON1 -> MouseButton.LEFT;
        case NativeMouseEvent.BUTTON2 -> MouseButton.RIGHT;
        case NativeMouseEvent.BUTTON3 -> MouseButton.MIDDLE;
        case NativeMouseEvent.BUTTON4 -> MouseButton.BACK;
        case NativeMouseEvent.BUTTON5 -> MouseButton.FORWARD;
        default -> null;
      };
    }

    @Override
    public void nativeKeyPressed(NativeKeyEvent e) {
      String key = keyName(e.getKeyCode());
      sink.keyPressed(key, modifiers(e) & ~Modifiers.bitOf(key));
    }

    @Override
    public void nativeKeyReleased(NativeKeyEvent e) {
      String key = keyName(e.getKeyCode());
      sink.keyReleased(key, modifiers(e) & ~Modifiers.bitOf(key));
    }

    @Override
    public void nativeKeyTyped(NativeKeyEvent e) {
      char c = e.getKeyChar();
      if (c != NativeKeyEvent.CHAR_UNDEFINED) {
        sink.keyTyped(c);
      }
    }

    @Override
    public void nativeMousePressed(NativeMouseEvent e) {
      MouseButton b = button(e.getButton());
      if (b != null) {
        sink.buttonPressed(b, e.getX(), e.getY());
      }
    }

    @Override
    public void nativeMouseReleased(NativeMouseEvent e) {
      MouseButton b = button(e.getButton());
      if (b != null) {
        sink.buttonReleased(b, e.getX(), e.getY());
      }
    }

    @Override
    public void nativeMouseClicked(NativeMouseEvent e) {
      // Clicks are recognized from presses and releases.
    }

    @Override
    public void nativeMouseMoved(NativeMouseEvent e) {
      sink.pointerMoved(e.getX(), e.getY());
    }

    @Override
    public void nativeMouseDragged(NativeMouseEvent e) {
      sink.pointerMoved(e.getX(), e.getY());
    }

    @Override
    public void nativeMouseWheelMoved(NativeMouseWheelEvent e) {
      int amount = e.getWheelRotation();
      if (e.getWheelDirection() == NativeMouseWheelEvent.WHEEL_HORIZONTAL_DIRECTION) {
        sink.wheel(amount, 0, e.getX(), e.getY());
      } else {
        sink.wheel(0, amount, e.getX(), e.getY());
      }
    }
  }
}

package io.screentrail.internal.x11;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Drives real X clients with synthetic pointer and keyboard input through the XTEST extension, the
 * way {@code xdotool} does, so that demos and tests need no external tool. Events go to whatever
 * window has the focus; without a window manager that is the window under the pointer, so move the
 * pointer onto the target window first.
 *
 * <p>Each call returns once the X server has processed the events ({@code XSync}). One thread at a
 * time; the driver owns its own display connection.
 */
public final class XInputDriver implements AutoCloseable {

  private static final NativeLong CURRENT_TIME = new NativeLong(0);
  private static final long XK_RETURN = 0xff0d;
  private static final long XK_TAB = 0xff09;
  private static final long XK_BACKSPACE = 0xff08;
  private static final long XK_SHIFT_L = 0xffe1;

  private final XTest xtest;
  private final String displayName;
  private final X11Errors.Slot errors;
  private Pointer display;

  private XInputDriver(XTest xtest, String displayName, Pointer display, X11Errors.Slot errors) {
    this.xtest = xtest;
    this.displayName = displayName;
    this.display = display;
    this.errors = errors;
  }

  /**
   * Connects to {@code displayName} ({@code null} for {@code DISPLAY}).
   *
   * @throws IllegalStateException when the display cannot be opened, or it or this system lacks
   *     XTEST
   */
  public static XInputDriver open(String displayName) {
    String name = displayName != null ? displayName : System.getenv("DISPLAY");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "No X display: DISPLAY is not set; set it or pass the display name");
    }
    Xlib.requireLoaded();
    XTest xtest = XTest.instance();
    if (xtest == null) {
      throw new IllegalStateException("libXtst cannot be loaded: install libxtst6");
    }
    Pointer display = Xlib.XOpenDisplay(name);
    if (display == null) {
      throw new IllegalStateException(
          "Cannot open X display '" + name + "' (check the display number and XAUTHORITY)");
    }
    X11Errors.Slot errors = X11Errors.register(display);
    IntByReference ignored = new IntByReference();
    if (xtest.XTestQueryExtension(display, ignored, ignored, ignored, ignored) == Xlib.FALSE) {
      X11Errors.close(errors);
      throw new IllegalStateException("The X server on '" + name + "' has no XTEST extension");
    }
    return new XInputDriver(xtest, name, display, errors);
  }

  /** Moves the pointer to {@code x, y} on the screen it is on. */
  public void moveTo(int x, int y) {
    Pointer d = live();
    xtest.XTestFakeMotionEvent(d, -1, x, y, CURRENT_TIME);
    sync(d);
  }

  /** Presses and releases mouse button {@code button} (1 left, 2 middle, 3 right). */
  public void click(int button) {
    Pointer d = live();
    xtest.XTestFakeButtonEvent(d, button, Xlib.TRUE, CURRENT_TIME);
    xtest.XTestFakeButtonEvent(d, button, Xlib.FALSE, CURRENT_TIME);
    sync(d);
  }

  /**
   * Types ASCII text with the current keyboard map, holding Shift where the map needs it; {@code
   * '\n'} is Return, {@code '\t'} Tab and {@code '\b'} BackSpace.
   *
   * @throws IllegalArgumentException for a character outside ASCII or missing from the keyboard map
   */
  public void typeText(String text) {
    Pointer d = live();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      long keysym;
      if (c == '\n') {
        keysym = XK_RETURN;
      } else if (c == '\t') {
        keysym = XK_TAB;
      } else if (c == '\b') {
        keysym = XK_BACKSPACE;
      } else if (c >= 0x20 && c < 0x7f) {
        keysym = c; // printable Latin-1 keysyms equal their code points
      } else {
        throw new IllegalArgumentException(
            "cannot type character U+" + Integer.toHexString(c) + " at index " + i
                + ": only printable ASCII, '\\n', '\\t' and '\\b' are supported");
      }
      press(d, keysym, String.valueOf(c));
    }
    sync(d);
  }

  /**
   * Presses and releases the key of one keysym, by its X name such as {@code "Return"}, {@code
   * "Escape"}, {@code "F1"} or {@code "a"}.
   *
   * @throws IllegalArgumentException for an unknown name or a keysym missing from the keyboard map
   */
  public void key(String keysymName) {
    Pointer d = live();
    NativeLong keysym = Xlib.XStringToKeysym(keysymName);
    if (keysym.longValue() == Xlib.NO_SYMBOL) {
      throw new IllegalArgumentException("unknown keysym name '" + keysymName + "'");
    }
    press(d, keysym.longValue(), keysymName);
    sync(d);
  }

  private void press(Pointer d, long keysym, String what) {
    NativeLong sym = new NativeLong(keysym);
    int keycode = Xlib.XKeysymToKeycode(d, sym) & 0xff;
    if (keycode == 0) {
      throw new IllegalArgumentException(
          "no key of the keyboard map of '" + displayName + "' produces '" + what + "'");
    }
    // Shift when the keysym sits in the key's second column, as for 'A' or '!' on a US map.
    boolean shift =
        Xlib.XKeycodeToKeysym(d, keycode, 0).longValue() != keysym
            && Xlib.XKeycodeToKeysym(d, keycode, 1).longValue() == keysym;
    int shiftCode = shift ? Xlib.XKeysymToKeycode(d, new NativeLong(XK_SHIFT_L)) & 0xff : 0;
    if (shiftCode != 0) {
      xtest.XTestFakeKeyEvent(d, shiftCode, Xlib.TRUE, CURRENT_TIME);
    }
    xtest.XTestFakeKeyEvent(d, keycode, Xlib.TRUE, CURRENT_TIME);
    xtest.XTestFakeKeyEvent(d, keycode, Xlib.FALSE, CURRENT_TIME);
    if (shiftCode != 0) {
      xtest.XTestFakeKeyEvent(d, shiftCode, Xlib.FALSE, CURRENT_TIME);
    }
  }

  private Pointer live() {
    Pointer d = display;
    if (d == null) {
      throw new IllegalStateException("the input driver is closed");
    }
    return d;
  }

  private void sync(Pointer d) {
    errors.clear();
    Xlib.XSync(d, Xlib.FALSE);
    if (errors.failed()) {
      throw new IllegalStateException(
          "X error while injecting input on '" + displayName + "': " + errors.describe());
    }
  }

  /** Closes the connection; later calls to this method do nothing. */
  @Override
  public void close() {
    if (display == null) {
      return;
    }
    display = null;
    X11Errors.close(errors);
  }
}

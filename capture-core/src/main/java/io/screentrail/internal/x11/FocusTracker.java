package io.screentrail.internal.x11;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * Finds the window that has the keyboard focus and its application: {@code _NET_ACTIVE_WINDOW}
 * when a window manager publishes it, else the input-focus window walked up to the first
 * ancestor with a {@code WM_CLASS} (the pointer's window as a last resort, since without a window
 * manager focus usually follows the pointer). The title comes from {@code _NET_WM_NAME} (UTF-8),
 * else {@code WM_NAME}.
 *
 * <p>Uses its own display connection, from one thread (the engine's input thread). Each query
 * makes a few round trips to the X server, about a millisecond; results are strings, allocated
 * per query, at human rate.
 */
public final class FocusTracker implements AutoCloseable {

  private static final int MAX_WALK = 32;

  private final Pointer display;
  private final X11Errors.Slot errors;
  private final NativeLong root;
  private final NativeLong netActiveWindow;
  private final WindowProperties properties;
  private final NativeLongByReference longRef = new NativeLongByReference();
  private final NativeLongByReference longRef2 = new NativeLongByReference();
  private final IntByReference intRef = new IntByReference();
  private final IntByReference intRef2 = new IntByReference();
  private final IntByReference intRef3 = new IntByReference();
  private final IntByReference intRef4 = new IntByReference();
  private final IntByReference intRef5 = new IntByReference();
  private final PointerByReference pointerRef = new PointerByReference();
  private String app;
  private String title;
  private String instance;
  private long window;
  private final Memory attributes = new Memory(256); // XWindowAttributes: 136 bytes on LP64
  private boolean closed;

  private FocusTracker(Pointer display) {
    this.display = display;
    this.errors = X11Errors.register(display);
    this.root = Xlib.XRootWindow(display, Xlib.XDefaultScreen(display));
    this.netActiveWindow = XWindows.XInternAtom(display, "_NET_ACTIVE_WINDOW", Xlib.FALSE);
    this.properties = new WindowProperties(display, errors);
  }

  /**
   * Opens a connection for focus queries.
   *
   * @param displayName X display, or {@code null} for {@code DISPLAY}
   * @return the tracker, or {@code null} when the display cannot be opened
   */
  public static FocusTracker open(String displayName) {
    try {
      Xlib.requireLoaded();
      Pointer d = Xlib.XOpenDisplay(displayName);
      return d == null ? null : new FocusTracker(d);
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return null;
    }
  }

  /**
   * Queries the focused window again.
   *
   * @return whether the focused window (not only its title) changed since the last call
   */
  public boolean refresh() {
    errors.clear();
    long w = activeWindow();
    String[] cls = new String[2];
    long top = w == 0 ? 0 : withClass(w, cls);
    if (top == 0) {
      long under = pointerWindow();
      top = under == 0 ? 0 : withClass(under, cls);
    }
    String newTitle = top == 0 ? null : properties.title(top);
    boolean changed = top != window;
    window = top;
    app = cls[0];
    instance = cls[1];
    title = newTitle;
    return changed;
  }

  /** The focused application's window (the one with {@code WM_CLASS}) as of the last refresh, or 0. */
  public long window() {
    return window;
  }

  /** The focused application's class ({@code WM_CLASS} class part), or {@code null}. */
  public String app() {
    return app;
  }

  /** The focused application's instance name ({@code WM_CLASS} instance part), or {@code null}. */
  public String instance() {
    return instance;
  }

  /**
   * The focused window's outer rectangle on the desktop, as of the last {@link #refresh()}.
   *
   * @param xywh receives x, y, width and height
   * @return false when there is no focused window or it could not be queried
   */
  public boolean bounds(int[] xywh) {
    if (window == 0) {
      return false;
    }
    errors.clear();
    NativeLong w = new NativeLong(window);
    if (XWindows.XGetWindowAttributes(display, w, attributes) == 0 || errors.failed()
        || XWindows.XTranslateCoordinates(display, w, root, 0, 0, intRef, intRef2, longRef) == 0
        || errors.failed()) {
      errors.clear();
      return false;
    }
    xywh[0] = intRef.getValue();
    xywh[1] = intRef2.getValue();
    xywh[2] = attributes.getInt(8);
    xywh[3] = attributes.getInt(12);
    return true;
  }

  /** The focused window's title, or {@code null}. */
  public String title() {
    return title;
  }

  private long activeWindow() {
    Pointer data = properties.read(root, netActiveWindow, new NativeLong(33)); // XA_WINDOW
    if (data != null) {
      long w = data.getNativeLong(0).longValue();
      XWindows.XFree(data);
      if (w != 0) {
        return w;
      }
    }
    XWindows.XGetInputFocus(display, longRef, intRef);
    long focus = longRef.getValue().longValue();
    return focus <= 1 ? 0 : focus; // None (0) or PointerRoot (1)
  }

  private long pointerWindow() {
    long w = root.longValue();
    // Descend from the root to the deepest window under the pointer.
    for (int i = 0; i < MAX_WALK; i++) {
      if (XWindows.XQueryPointer(display, new NativeLong(w), longRef, longRef2, intRef, intRef2,
          intRef3, intRef4, intRef5) == 0) {
        return 0;
      }
      long child = longRef2.getValue().longValue();
      if (child == 0) {
        return w == root.longValue() ? 0 : w;
      }
      w = child;
    }
    return w;
  }

  /** Walks from {@code w} up to the first window with {@code WM_CLASS}; returns it or 0. */
  private long withClass(long w, String[] cls) {
    long cur = w;
    for (int i = 0; i < MAX_WALK && cur != 0 && cur != root.longValue(); i++) {
      XWindows.XClassHint hint = new XWindows.XClassHint();
      if (XWindows.XGetClassHint(display, new NativeLong(cur), hint) != 0 && !errors.failed()) {
        hint.read();
        cls[0] = hint.resClass == null ? null : hint.resClass.getString(0);
        cls[1] = hint.resName == null ? null : hint.resName.getString(0);
        if (hint.resName != null) {
          XWindows.XFree(hint.resName);
        }
        if (hint.resClass != null) {
          XWindows.XFree(hint.resClass);
        }
        return cur;
      }
      if (XWindows.XQueryTree(display, new NativeLong(cur), longRef, longRef2, pointerRef, intRef)
          == 0 || errors.failed()) {
        return 0;
      }
      if (pointerRef.getValue() != null) {
        XWindows.XFree(pointerRef.getValue());
      }
      cur = longRef2.getValue().longValue();
    }
    return 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      X11Errors.close(errors);
      attributes.close();
    }
  }
}

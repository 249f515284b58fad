package io.screentrail.internal.x11;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.screentrail.internal.DesignatedArea;
import io.screentrail.policy.Policy;
import java.util.HashMap;

/**
 * The desktop's top-level windows in stacking order, with their geometry and application, for
 * the designated-area mask: {@code XQueryTree} of the root lists them bottom to top; each viewable
 * one's {@code WM_CLASS} and title come from the window itself or, under a window manager, from
 * the client window inside its frame (the descendant with {@code WM_STATE}).
 *
 * <p>Uses its own display connection, from the capture thread only. One query costs a round trip
 * for the tree plus one per window (attributes), and for a window not seen before its class
 * (cached by window id); titles are read every time, and only when a rule looks at titles.
 */
public final class WindowStack implements AutoCloseable {

  /** {@code map_state} of a window that is mapped and whose ancestors all are. */
  private static final int IS_VIEWABLE = 2;
  private static final int MAP_STATE_OFFSET = 92;
  private static final int MAX_DEPTH = 4;

  private final Pointer display;
  private final X11Errors.Slot errors;
  private final NativeLong root;
  private final NativeLong wmState;
  private final WindowProperties properties;
  private final Memory attributes = new Memory(256) /* XWindowAttributes is 136 bytes on LP64 */;
  private final NativeLongByReference rootRef = new NativeLongByReference();
  private final NativeLongByReference parentRef = new NativeLongByReference();
  private final PointerByReference childrenRef = new PointerByReference();
  private final IntByReference countRef = new IntByReference();
  private final XWindows.XClassHint hint = new XWindows.XClassHint();
  /** Top-level window id to its client's {@code {instance, class}}; rebuilt every query. */
  private HashMap<Long, String[]> classes = new HashMap<>();
  private HashMap<Long, String[]> seen = new HashMap<>();
  private String lastError;
  private boolean closed;

  private WindowStack(Pointer display) {
    this.display = display;
    this.errors = X11Errors.register(display);
    this.root = Xlib.XRootWindow(display, Xlib.XDefaultScreen(display));
    this.wmState = XWindows.XInternAtom(display, "WM_STATE", Xlib.FALSE);
    this.properties = new WindowProperties(display, errors);
    if (Native.LONG_SIZE != 8) {
      throw new IllegalStateException("the window mask needs a 64-bit Linux (LP64) runtime");
    }
  }

  /**
   * Opens a connection for window queries.
   *
   * @param displayName X display, or {@code null} for {@code DISPLAY}
   * @throws IllegalStateException naming the display when it cannot be opened
   */
  public static WindowStack open(String displayName) {
    Xlib.requireLoaded();
    Pointer d = Xlib.XOpenDisplay(displayName);
    if (d == null) {
      throw new IllegalStateException("cannot open X display " + displayName
          + " for the window list the application policy needs");
    }
    return new WindowStack(d);
  }

  /**
   * Adds every viewable top-level window, bottom to top, to {@code area}, designated as {@code
   * policy} says.
   *
   * @return whether the query succeeded; when not, {@link #lastError()} says why and nothing may be
   *     shown (fail closed)
   */
  public boolean query(Policy policy, DesignatedArea area) {
    errors.clear();
    area.clear();
    if (XWindows.XQueryTree(display, root, rootRef, parentRef, childrenRef, countRef) == 0
        || errors.failed()) {
      return fail("XQueryTree of the root window failed: " + errors.describe());
    }
    Pointer children = childrenRef.getValue();
    int n = countRef.getValue();
    boolean titles = policy.usesTitles();
    HashMap<Long, String[]> swap = seen;
    seen = classes;
    classes = swap;
    classes.clear();
    try {
      for (int i = 0; i < n; i++) {
        long w = children.getNativeLong((long) i * Native.LONG_SIZE).longValue();
        NativeLong win = new NativeLong(w);
        if (XWindows.XGetWindowAttributes(display, win, attributes) == 0 || errors.failed()) {
          // A window that vanished since the tree was read: its pixels may be in the grab.
          return fail("a window could not be queried (it may have just closed): "
              + errors.describe());
        }
        if (attributes.getInt(MAP_STATE_OFFSET) != IS_VIEWABLE) {
          continue;
        }
        int x = attributes.getInt(0);
        int y = attributes.getInt(4);
        int border = attributes.getInt(16);
        int width = attributes.getInt(8) + 2 * border;
        int height = attributes.getInt(12) + 2 * border;
        String[] cls = seen.get(w);
        long client = 0;
        if (cls == null || titles) {
          client = clientOf(w, 0);
          if (errors.failed()) {
            return fail("a window's properties could not be read (it may have just closed): "
                + errors.describe());
          }
        }
        if (cls == null) {
          cls = client == 0 ? new String[2] : classOf(client);
        }
        classes.put(w, cls);
        String title = titles && client != 0 ? properties.title(client) : null;
        area.addWindow(x, y, width, height, policy.designated(cls[0], cls[1], title));
      }
    } finally {
      if (children != null) {
        XWindows.XFree(children);
      }
    }
    return true;
  }

  private boolean fail(String why) {
    lastError = why;
    errors.clear();
    return false;
  }

  /** Why the last query failed. */
  public String lastError() {
    return lastError;
  }

  /**
   * The window that carries the application's properties: {@code w} itself when it has {@code
   * WM_CLASS} (no window manager), else the descendant with {@code WM_STATE}; 0 when none.
   */
  private long clientOf(long w, int depth) {
    NativeLong win = new NativeLong(w);
    if (properties.has(win, wmState)) {
      return w;
    }
    if (depth >= MAX_DEPTH
        || XWindows.XQueryTree(display, win, rootRef, parentRef, childrenRef, countRef) == 0
        || errors.failed()) {
      return 0;
    }
    Pointer kids = childrenRef.getValue();
    int n = countRef.getValue();
    long found = 0;
    try {
      for (int i = n - 1; i >= 0 && found == 0; i--) {
        found = clientOf(kids.getNativeLong((long) i * Native.LONG_SIZE).longValue(), depth + 1);
      }
    } finally {
      if (kids != null) {
        XWindows.XFree(kids);
      }
    }
    return found == 0 && depth == 0 && hasClass(win) ? w : found;
  }

  private boolean hasClass(NativeLong win) {
    if (XWindows.XGetClassHint(display, win, hint) == 0) {
      return false;
    }
    hint.read();
    freeHint();
    return true;
  }

  private String[] classOf(long client) {
    String[] out = new String[2];
    if (XWindows.XGetClassHint(display, new NativeLong(client), hint) != 0) {
      hint.read();
      out[0] = hint.resName == null ? null : hint.resName.getString(0);
      out[1] = hint.resClass == null ? null : hint.resClass.getString(0);
      freeHint();
    }
    return out;
  }

  private void freeHint() {
    if (hint.resName != null) {
      XWindows.XFree(hint.resName);
    }
    if (hint.resClass != null) {
      XWindows.XFree(hint.resClass);
    }
    hint.resName = null;
    hint.resClass = null;
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

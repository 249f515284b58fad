package io.screentrail.internal.x11;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * Tells the input thread when the focused window may have changed, from X events instead of
 * polling: an idle desktop then costs the input thread no focus query at all. It listens, on its
 * own display connection and its own thread ({@code screentrail-focus-events}, blocked in {@code
 * poll(2)} while nothing happens), to:
 * <ul>
 *   <li>the root window: {@code _NET_ACTIVE_WINDOW} changes (a window manager's focus), focus
 *       moving to or from {@code PointerRoot}/{@code None}, and top-level windows created, mapped,
 *       unmapped, moved or destroyed (without a window manager the focus may follow the pointer
 *       onto whatever window appears under it);
 *   <li>each top-level window: focus entering or leaving it ({@code XSetInputFocus} between two
 *       top-levels sends nothing to the root);
 *   <li>the window the focus tracker last reported ({@link #watch}): its title and class.
 * </ul>
 * Each batch of such events bumps {@link #changes()} and runs the callback; the input thread then
 * queries {@link FocusTracker} as before. The watcher never decides what has the focus itself, so
 * a missed event can delay a focus action but never changes which window a key is attributed to:
 * the input thread still queries the focus at every key press.
 *
 * <p>Allocates its event buffer and poll descriptors once; events arrive at human rate.
 */
public final class FocusWatcher implements AutoCloseable {

  /** {@code POLLERR | POLLHUP | POLLNVAL}. */
  private static final int CONNECTION_GONE = 0x8 | 0x10 | 0x20;

  private final Pointer display;
  private final X11Errors.Slot errors;
  private final NativeLong root;
  private final long netActiveWindow;
  private final long netWmName;
  private final Runnable onChange;
  private final int wakeFd;
  private final Memory event = new Memory(XEvents.EVENT_SIZE);
  private final Memory pollFds = new Memory(16);
  private final Memory counter = new Memory(8);
  /** What {@link #wake()} writes: one, from whichever thread wakes the watcher. */
  private final Memory one = new Memory(8);
  private final NativeLongByReference longRef = new NativeLongByReference();
  private final NativeLongByReference longRef2 = new NativeLongByReference();
  private final PointerByReference pointerRef = new PointerByReference();
  private final IntByReference intRef = new IntByReference();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long watched;
  private volatile long changes;
  private long selected;

  private FocusWatcher(Pointer display, int wakeFd, Runnable onChange) {
    this.display = display;
    this.errors = X11Errors.register(display);
    this.root = Xlib.XRootWindow(display, Xlib.XDefaultScreen(display));
    this.netActiveWindow =
        XWindows.XInternAtom(display, "_NET_ACTIVE_WINDOW", Xlib.FALSE).longValue();
    this.netWmName = XWindows.XInternAtom(display, "_NET_WM_NAME", Xlib.FALSE).longValue();
    this.wakeFd = wakeFd;
    this.onChange = onChange;
    XEvents.XSelectInput(display, root, new NativeLong(XEvents.PROPERTY_CHANGE_MASK
        | XEvents.FOCUS_CHANGE_MASK | XEvents.SUBSTRUCTURE_NOTIFY_MASK));
    selectTopLevels();
    Xlib.XSync(display, Xlib.FALSE);
    errors.clear(); // a top-level may have gone between the query and the selection
    pollFds.setInt(0, XEvents.XConnectionNumber(display));
    pollFds.setShort(4, LibC.POLLIN);
    pollFds.setInt(8, wakeFd);
    pollFds.setShort(12, LibC.POLLIN);
    one.setLong(0, 1);
    this.thread = new Thread(this::run, "screentrail-focus-events");
    thread.setDaemon(true);
  }

  /**
   * Opens a connection and starts the watcher's thread.
   *
   * @param displayName X display, or {@code null} for {@code DISPLAY}
   * @param onChange run on the watcher's thread after each batch of focus-related events; must not
   *     block (the input loop's unpark)
   * @return the watcher, or {@code null} when the display, libX11 or an event descriptor is not
   *     available (the input thread then polls the focus as it did before)
   */
  public static FocusWatcher open(String displayName, Runnable onChange) {
    Pointer d;
    try {
      Xlib.requireLoaded();
      d = Xlib.XOpenDisplay(displayName);
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return null;
    }
    if (d == null) {
      return null;
    }
    int fd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
    if (fd < 0) {
      Xlib.XCloseDisplay(d);
      return null;
    }
    FocusWatcher w = new FocusWatcher(d, fd, onChange);
    w.thread.start();
    return w;
  }

  /** How many batches of focus-related events arrived; any thread. */
  public long changes() {
    return changes;
  }

  /**
   * Follows the title of {@code window} (the focused application's window, 0 for none) from now
   * on. Called by the input thread after a focus query that changed the window: a write to an
   * event descriptor, never a wait.
   */
  public void watch(long window) {
    if (window != watched) {
      watched = window;
      wake();
    }
  }

  private void wake() {
    LibC.write(wakeFd, one, new NativeLong(8));
  }

  private void run() {
    try {
      while (running && !errors.connectionLost()) {
        boolean relevant = false;
        while (XEvents.XPending(display) > 0) {
          XEvents.XNextEvent(display, event);
          relevant |= handle();
        }
        long w = watched;
        if (w != selected) {
          follow(w);
          continue; // the selection may already have brought events
        }
        if (relevant) {
          changes++;
          onChange.run();
        }
        pollFds.setShort(6, (short) 0);
        pollFds.setShort(14, (short) 0);
        LibC.poll(pollFds, new NativeLong(2), -1); // EINTR or a wake-up: look again either way
        if ((pollFds.getShort(6) & CONNECTION_GONE) != 0) {
          break; // the server went away: poll would return at once forever
        }
        if (pollFds.getShort(14) != 0) {
          LibC.read(wakeFd, counter, new NativeLong(8));
        }
      }
    } finally {
      X11Errors.close(errors);
    }
  }

  /** Whether the event in {@link #event} may mean another focused window, title or class. */
  private boolean handle() {
    int type = event.getInt(0);
    switch (type) {
      case XEvents.FOCUS_IN:
      case XEvents.FOCUS_OUT:
      case XEvents.DESTROY_NOTIFY:
      case XEvents.UNMAP_NOTIFY:
      case XEvents.MAP_NOTIFY:
      case XEvents.REPARENT_NOTIFY:
        return true;
      case XEvents.CONFIGURE_NOTIFY:
        // Only top-levels report here (root's substructure): a move or restack may put another
        // window under a pointer that the focus follows.
        return true;
      case XEvents.CREATE_NOTIFY:
        if (event.getNativeLong(XEvents.OFFSET_WINDOW).longValue() == root.longValue()) {
          select(event.getNativeLong(XEvents.OFFSET_SECOND_LONG).longValue(),
              XEvents.FOCUS_CHANGE_MASK);
        }
        return false; // it matters once mapped
      case XEvents.PROPERTY_NOTIFY:
        long atom = event.getNativeLong(XEvents.OFFSET_SECOND_LONG).longValue();
        long window = event.getNativeLong(XEvents.OFFSET_WINDOW).longValue();
        if (window == root.longValue()) {
          return atom == netActiveWindow;
        }
        return atom == 39 || atom == 67 || atom == netWmName; // WM_NAME, WM_CLASS, _NET_WM_NAME
      default:
        return false;
    }
  }

  /** Moves the title watch from the previously watched window to {@code w}. */
  private void follow(long w) {
    if (selected != 0) {
      // Back to what every top-level gets; an inner window only reports focus, which is harmless.
      select(selected, XEvents.FOCUS_CHANGE_MASK);
    }
    if (w != 0) {
      select(w, XEvents.FOCUS_CHANGE_MASK | XEvents.PROPERTY_CHANGE_MASK);
    }
    selected = w;
    Xlib.XSync(display, Xlib.FALSE);
    errors.clear(); // the window may already be gone: its events will not come, nothing else
  }

  private void select(long window, long mask) {
    XEvents.XSelectInput(display, new NativeLong(window), new NativeLong(mask));
  }

  private void selectTopLevels() {
    if (XWindows.XQueryTree(display, root, longRef, longRef2, pointerRef, intRef) == 0) {
      return;
    }
    Pointer children = pointerRef.getValue();
    int n = Math.min(intRef.getValue(), 1 << 16);
    for (int i = 0; i < n; i++) {
      select(children.getNativeLong((long) i * NativeLong.SIZE).longValue(),
          XEvents.FOCUS_CHANGE_MASK);
    }
    if (children != null) {
      XWindows.XFree(children);
    }
  }

  /** Stops the thread and closes the connection; later calls do nothing. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    wake();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      LibC.close(wakeFd);
    }
  }
}

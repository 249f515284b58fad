package io.screentrail.source;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.screentrail.internal.RectList;
import io.screentrail.internal.x11.X11Errors;
import io.screentrail.internal.x11.XDamage;
import io.screentrail.internal.x11.Xlib;

/**
 * Change hints from the X server's DAMAGE extension: which parts of the screen were redrawn since
 * the last {@link #poll()}. The server sends one event when the damage of the root window goes
 * from empty to non-empty; a poll that finds no such event costs no round trip, so an unchanged
 * screen needs neither a grab nor a hash. When an event came, the damage is moved into a
 * server-side region ({@code XDamageSubtract}) and its rectangles fetched, in one round trip.
 *
 * <p>Damage is taken before the grab that follows it: whatever is drawn after the subtraction
 * raises a new event and is seen on the next poll, so a change is never lost between the two. The
 * hints are a superset of the changed pixels (a window redrawn with the same pixels is damaged
 * too); the tile hash still decides what changed.
 *
 * <p>Threading: the capture thread only, on its own display connection. Allocates when opened,
 * nothing per poll.
 */
public final class DamageTracker implements AutoCloseable {

  /** {@link #poll()}: nothing was redrawn since the last poll. */
  public static final int NONE = 0;

  /** {@link #poll()}: something was redrawn; {@link #rects()} says where. */
  public static final int DAMAGED = 1;

  /** {@link #poll()}: the connection failed; treat the whole frame as damaged. */
  public static final int FAILED = 2;

  /** Rectangles kept per poll; more become their bounding box. */
  private static final int MAX_RECTS = 64;

  /** The X {@code None} resource id. */
  private static final long NONE_XID = 0;

  private final Pointer display;
  private final X11Errors.Slot errors;
  private final long damage;
  private final long region;
  private final int eventBase;
  private final int areaX;
  private final int areaY;
  private final int areaWidth;
  private final int areaHeight;
  private final Memory event = new Memory(XDamage.XEVENT_SIZE);
  private final Pointer fetched = new Pointer(0);
  private final int[] count = new int[1];
  private final RectList rects = new RectList(MAX_RECTS);
  private boolean closed;

  /** A damage event {@link #redrawnSincePoll()} took from the queue, for the next poll. */
  private boolean notifiedEarly;

  private DamageTracker(Pointer display, X11Errors.Slot errors, long damage, long region,
      int eventBase, ScreenGeometry area) {
    this.display = display;
    this.errors = errors;
    this.damage = damage;
    this.region = region;
    this.eventBase = eventBase;
    this.areaX = area.x();
    this.areaY = area.y();
    this.areaWidth = area.width();
    this.areaHeight = area.height();
  }

  /**
   * Starts tracking the damage of the whole root window of {@code displayName}, reporting it in
   * the coordinates of {@code area}.
   *
   * @param displayName an X display name, or {@code null} for {@code DISPLAY}
   * @throws IllegalStateException naming what is missing (display, library or extension)
   */
  public static DamageTracker open(String displayName, ScreenGeometry area) {
    String name = displayName != null ? displayName : System.getenv("DISPLAY");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("no X display for damage hints: DISPLAY is not set");
    }
    Xlib.requireLoaded();
    if (XDamage.loadError() != null) {
      throw new IllegalStateException("libXdamage or libXfixes cannot be loaded ("
          + XDamage.loadError() + "): install libxdamage1 and libxfixes3");
    }
    Pointer display = Xlib.XOpenDisplay(name);
    if (display == null) {
      throw new IllegalStateException("cannot open X display '" + name + "' for damage hints");
    }
    X11Errors.Slot errors = X11Errors.register(display);
    try {
      int[] base = new int[1];
      int[] errorBase = new int[1];
      int[] major = new int[1];
      int[] minor = new int[1];
      if (XDamage.Damage.XDamageQueryExtension(display, base, errorBase) == Xlib.FALSE) {
        throw new IllegalStateException("the X server on '" + name
            + "' has no DAMAGE extension");
      }
      int eventBase = base[0];
      if (XDamage.Fixes.XFixesQueryExtension(display, new int[1], errorBase) == Xlib.FALSE) {
        throw new IllegalStateException("the X server on '" + name
            + "' has no XFIXES extension");
      }
      // Both extensions answer BadRequest until the client told them its version.
      major[0] = 1;
      minor[0] = 1;
      XDamage.Damage.XDamageQueryVersion(display, major, minor);
      major[0] = 2;
      minor[0] = 0;
      XDamage.Fixes.XFixesQueryVersion(display, major, minor);
      errors.clear();
      long root = Xlib.XRootWindow(display, Xlib.XDefaultScreen(display)).longValue();
      long damage = XDamage.Damage.XDamageCreate(display, root, XDamage.REPORT_NON_EMPTY);
      long region = XDamage.Fixes.XFixesCreateRegion(display, null, 0);
      Xlib.XSync(display, Xlib.FALSE);
      if (errors.failed()) {
        throw new IllegalStateException("the X server on '" + name
            + "' refused a damage object: " + errors.describe());
      }
      return new DamageTracker(display, errors, damage, region, eventBase, area);
    } catch (RuntimeException e) {
      X11Errors.close(errors);
      throw e;
    }
  }

  /**
   * Drains the server's events and, when the screen was redrawn, fetches where.
   *
   * @return {@link #NONE}, {@link #DAMAGED} (see {@link #rects()}) or {@link #FAILED}
   */
  public int poll() {
    if (closed || errors.connectionLost()) {
      return FAILED;
    }
    boolean notified = drainEvents() | notifiedEarly;
    notifiedEarly = false;
    if (errors.connectionLost()) {
      return FAILED;
    }
    rects.clear();
    if (!notified) {
      return NONE;
    }
    errors.clear();
    XDamage.Damage.XDamageSubtract(display, damage, NONE_XID, region);
    long address = XDamage.Fixes.XFixesFetchRegion(display, region, count);
    if (errors.failed()) {
      if (address != 0) {
        XDamage.Events.XFree(address);
      }
      return FAILED;
    }
    if (address != 0) {
      Pointer.nativeValue(fetched, address);
      int n = count[0];
      // Past MAX_RECTS the region is fragmented: one bounding box serves as well.
      int x0 = Integer.MAX_VALUE;
      int y0 = Integer.MAX_VALUE;
      int x1 = Integer.MIN_VALUE;
      int y1 = Integer.MIN_VALUE;
      for (int i = 0; i < n; i++) {
        long o = (long) i * XDamage.XRECTANGLE_SIZE;
        int rx = fetched.getShort(o);
        int ry = fetched.getShort(o + 2);
        int rw = fetched.getShort(o + 4) & 0xffff;
        int rh = fetched.getShort(o + 6) & 0xffff;
        if (n <= MAX_RECTS) {
          add(rx, ry, rw, rh);
        } else {
          x0 = Math.min(x0, rx);
          y0 = Math.min(y0, ry);
          x1 = Math.max(x1, rx + rw);
          y1 = Math.max(y1, ry + rh);
        }
      }
      if (n > MAX_RECTS) {
        add(x0, y0, x1 - x0, y1 - y0);
      }
      XDamage.Events.XFree(address);
    }
    return DAMAGED;
  }

  /** Reads the queued events; returns whether one of them was a damage notification. */
  private boolean drainEvents() {
    boolean notified = false;
    while (XDamage.Events.XPending(display) > 0) {
      XDamage.Events.XNextEvent(display, event);
      if ((event.getInt(0) & 0x7f) == eventBase + XDamage.DAMAGE_NOTIFY) {
        notified = true;
      }
    }
    return notified;
  }

  /**
   * Whether anything was redrawn since the last {@link #poll()}, up to now: a round trip to the
   * server first, so that the notification of a drawing the server did before a grab that has
   * returned is here (it travels on this connection, the grab's reply on another). The damage
   * stays for the next poll. Called after a grab of the damaged rows only, which is torn when
   * something outside them was drawn between the poll and the grab: the grabbed rows then show the
   * screen after that drawing and the others from before it, a picture that was never on the
   * screen (a terminal's new bottom line cut in two at a tile row, legible to a person and
   * unreadable to OCR). Costs one round trip; true when the connection failed.
   */
  public boolean redrawnSincePoll() {
    if (closed || errors.connectionLost()) {
      return true;
    }
    Xlib.XSync(display, Xlib.FALSE);
    notifiedEarly |= drainEvents();
    return notifiedEarly || errors.connectionLost();
  }

  /** Clips a root-window rectangle to the area and keeps it in area pixels. */
  private void add(int rx, int ry, int rw, int rh) {
    int x0 = Math.max(rx - areaX, 0);
    int y0 = Math.max(ry - areaY, 0);
    int x1 = Math.min(rx + rw - areaX, areaWidth);
    int y1 = Math.min(ry + rh - areaY, areaHeight);
    if (x1 > x0 && y1 > y0) {
      rects.add(x0, y0, x1 - x0, y1 - y0);
    }
  }

  /**
   * The damaged rectangles the last {@link #poll()} found, in area pixels; owned by this tracker
   * and overwritten by the next poll.
   */
  public RectList rects() {
    return rects;
  }

  /** Destroys the damage object and closes the connection; later calls do nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!errors.connectionLost()) {
      XDamage.Damage.XDamageDestroy(display, damage);
      XDamage.Fixes.XFixesDestroyRegion(display, region);
      Xlib.XSync(display, Xlib.FALSE);
    }
    X11Errors.close(errors);
  }
}

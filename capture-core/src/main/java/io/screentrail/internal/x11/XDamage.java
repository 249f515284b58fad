package io.screentrail.internal.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The DAMAGE and XFIXES calls that tell which parts of the screen the X server redrew, bound by
 * direct mapping so that a call allocates nothing. libXdamage and libXfixes come with every Xorg
 * or Xvfb installation (Debian: libxdamage1, libxfixes3).
 *
 * <p>XIDs ({@code Damage}, {@code XserverRegion}, {@code Drawable}) are passed as Java {@code
 * long}, the size of C {@code unsigned long} on the 64-bit Linux this binding serves: a {@code
 * NativeLong} argument would box a {@code Long} on every call.
 *
 * <p>A missing library does not fail class loading: {@link #loadError()} reports it. Both
 * extensions refuse requests until their version was queried, so callers query it first.
 */
public final class XDamage {

  /** {@code XDamageReportNonEmpty}: one event when the damage goes from empty to non-empty. */
  public static final int REPORT_NON_EMPTY = 3;

  /** {@code XDamageNotify}, added to the extension's event base. */
  public static final int DAMAGE_NOTIFY = 0;

  /** {@code XEvent} is a union of at most 24 longs. */
  public static final int XEVENT_SIZE = 192;

  /** Size of {@code XRectangle}: short x, y; unsigned short width, height. */
  public static final int XRECTANGLE_SIZE = 8;

  private static final String LOAD_ERROR;

  static {
    String error = null;
    try {
      Native.register(Damage.class, Xlib.library("libXdamage.so.1", "Xdamage"));
      Native.register(Fixes.class, Xlib.library("libXfixes.so.3", "Xfixes"));
      Native.register(Events.class, Xlib.libX11());
    } catch (UnsatisfiedLinkError e) {
      error = e.getMessage();
    }
    LOAD_ERROR = error;
  }

  private XDamage() {}

  /** Why libXdamage or libXfixes could not be loaded, or {@code null}. */
  public static String loadError() {
    return LOAD_ERROR;
  }

  /** libXdamage. */
  public static final class Damage {
    private Damage() {}

    public static native int XDamageQueryExtension(Pointer display, int[] eventBase,
        int[] errorBase);

    public static native int XDamageQueryVersion(Pointer display, int[] major, int[] minor);

    /** Returns the {@code Damage} id. */
    public static native long XDamageCreate(Pointer display, long drawable, int level);

    public static native void XDamageDestroy(Pointer display, long damage);

    /** Moves the damage (all of it when {@code repair} is None) into {@code parts}. */
    public static native void XDamageSubtract(Pointer display, long damage, long repair,
        long parts);
  }

  /** libXfixes: the server-side regions that damage is subtracted into. */
  public static final class Fixes {
    private Fixes() {}

    public static native int XFixesQueryExtension(Pointer display, int[] eventBase,
        int[] errorBase);

    public static native int XFixesQueryVersion(Pointer display, int[] major, int[] minor);

    public static native long XFixesCreateRegion(Pointer display, Pointer rectangles, int count);

    public static native void XFixesDestroyRegion(Pointer display, long region);

    /**
     * The region's rectangles as a malloc'd {@code XRectangle*} to free with {@code XFree},
     * returned as a raw address so that the call allocates no {@link Pointer}.
     */
    public static native long XFixesFetchRegion(Pointer display, long region, int[] count);
  }

  /** The event calls of libX11 that draining damage events needs. */
  public static final class Events {
    private Events() {}

    /** Events already received or readable without blocking; flushes the output buffer. */
    public static native int XPending(Pointer display);

    public static native int XNextEvent(Pointer display, Pointer event);

    public static native int XFree(long data);
  }
}

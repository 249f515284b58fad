package io.screentrail.internal.x11;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The few libX11 calls the capture and input code needs, bound by JNA direct mapping so that a
 * call allocates nothing. X11 {@code Bool} is {@code int}; {@code Window}, {@code Drawable} and
 * {@code KeySym} are {@link NativeLong} (C {@code unsigned long}); {@code Display*} is a {@link
 * Pointer}.
 *
 * <p>A missing libX11 does not fail class loading: {@link #requireLoaded()} reports it.
 */
public final class Xlib {

  public static final int FALSE = 0;
  public static final int TRUE = 1;
  /** Image format whose pixels are packed, one after the other: what XShm grabs into. */
  public static final int Z_PIXMAP = 2;
  /** {@code XImage.byte_order} value for little-endian pixels. */
  public static final int LSB_FIRST = 0;
  /** {@code NoSymbol}: what {@link #XStringToKeysym} returns for an unknown name. */
  public static final long NO_SYMBOL = 0;

  private static final UnsatisfiedLinkError LOAD_ERROR;

  static {
    UnsatisfiedLinkError error = null;
    try {
      Native.register(Xlib.class, libX11());
    } catch (UnsatisfiedLinkError e) {
      error = e;
    }
    LOAD_ERROR = error;
  }

  private Xlib() {}

  /** Throws {@link IllegalStateException} naming the problem when libX11 could not be loaded. */
  public static void requireLoaded() {
    if (LOAD_ERROR != null) {
      throw new IllegalStateException(
          "libX11 cannot be loaded (" + LOAD_ERROR.getMessage() + "): install libx11-6", LOAD_ERROR);
    }
  }

  /** libX11 itself, for the optional symbols looked up one by one. */
  static NativeLibrary libX11() {
    return library("libX11.so.6", "X11");
  }

  /**
   * Loads the first library of {@code names} that the system has. The soname comes first because
   * the unversioned {@code libX11.so} link only exists where the -dev package is installed.
   */
  static NativeLibrary library(String... names) {
    UnsatisfiedLinkError first = null;
    for (String name : names) {
      try {
        return NativeLibrary.getInstance(name);
      } catch (UnsatisfiedLinkError e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  /** {@code int (*XErrorHandler)(Display*, XErrorEvent*)}. */
  public interface XErrorHandler extends Callback {
    int invoke(Pointer display, Pointer event);
  }

  /** {@code int (*XIOErrorHandler)(Display*)}. */
  public interface XIOErrorHandler extends Callback {
    int invoke(Pointer display);
  }

  /** {@code void (*XIOErrorExitHandler)(Display*, void*)}, libX11 1.7 and later. */
  public interface XIOErrorExitHandler extends Callback {
    void invoke(Pointer display, Pointer userData);
  }

  /** {@code XErrorEvent}, read in the error handler. */
  @FieldOrder({"type", "display", "resourceid", "serial", "error_code", "request_code", "minor_code"})
  public static final class XErrorEvent extends Structure {
    public int type;
    public Pointer display;
    public NativeLong resourceid;
    public NativeLong serial;
    public byte error_code;
    public byte request_code;
    public byte minor_code;

    /** Reads the event at {@code p}. */
    public XErrorEvent(Pointer p) {
      super(p);
      read();
    }
  }

  /**
   * {@code XImage}: read once after the image is created, to learn its layout. {@code f} is the
   * table of six function pointers that ends the C struct.
   */
  @FieldOrder({
    "width", "height", "xoffset", "format", "data", "byte_order", "bitmap_unit",
    "bitmap_bit_order", "bitmap_pad", "depth", "bytes_per_line", "bits_per_pixel", "red_mask",
    "green_mask", "blue_mask", "obdata", "f"
  })
  public static final class XImage extends Structure {
    public int width;
    public int height;
    public int xoffset;
    public int format;
    public Pointer data;
    public int byte_order;
    public int bitmap_unit;
    public int bitmap_bit_order;
    public int bitmap_pad;
    public int depth;
    public int bytes_per_line;
    public int bits_per_pixel;
    public NativeLong red_mask;
    public NativeLong green_mask;
    public NativeLong blue_mask;
    public Pointer obdata;
    public Pointer[] f = new Pointer[6];

    /** A view of the image at {@code p}, read now. */
    public XImage(Pointer p) {
      super(p);
      read();
    }
  }

  public static native Pointer XOpenDisplay(String name);

  public static native int XCloseDisplay(Pointer display);

  public static native int XDefaultScreen(Pointer display);

  public static native NativeLong XRootWindow(Pointer display, int screen);

  public static native int XDisplayWidth(Pointer display, int screen);

  public static native int XDisplayHeight(Pointer display, int screen);

  public static native int XDisplayWidthMM(Pointer display, int screen);

  public static native Pointer XDefaultVisual(Pointer display, int screen);

  public static native int XDefaultDepth(Pointer display, int screen);

  public static native int XSync(Pointer display, int discard);

  public static native int XFree(Pointer data);

  /** Returns the previous handler as a function pointer, so that it can be chained. */
  public static native Pointer XSetErrorHandler(XErrorHandler handler);

  /** Returns the previous handler as a function pointer, so that it can be chained. */
  public static native Pointer XSetIOErrorHandler(XIOErrorHandler handler);

  public static native int XGetErrorText(Pointer display, int code, byte[] buffer, int length);

  /** Returns a {@code KeyCode} (unsigned char): mask with 0xff; 0 when no key produces it. */
  public static native byte XKeysymToKeycode(Pointer display, NativeLong keysym);

  /** {@code keycode} is a {@code KeyCode} (0 to 255), passed zero-extended. */
  public static native NativeLong XKeycodeToKeysym(Pointer display, int keycode, int index);

  public static native NativeLong XStringToKeysym(String name);
}

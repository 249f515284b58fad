package io.screentrail.internal.x11;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;

/**
 * Reads window properties on one display connection, from one thread: any property, and a
 * window's title ({@code _NET_WM_NAME} in UTF-8, else {@code WM_NAME}). Reuses its out-parameters.
 */
final class WindowProperties {

  private static final NativeLong WM_NAME = new NativeLong(39);
  private static final NativeLong STRING = new NativeLong(31);

  private final Pointer display;
  private final X11Errors.Slot errors;
  private final NativeLong netWmName;
  private final NativeLong utf8String;
  private final NativeLongByReference type = new NativeLongByReference();
  private final IntByReference format = new IntByReference();
  private final NativeLongByReference items = new NativeLongByReference();
  private final NativeLongByReference after = new NativeLongByReference();
  private final PointerByReference data = new PointerByReference();

  WindowProperties(Pointer display, X11Errors.Slot errors) {
    this.display = display;
    this.errors = errors;
    this.netWmName = XWindows.XInternAtom(display, "_NET_WM_NAME", Xlib.FALSE);
    this.utf8String = XWindows.XInternAtom(display, "UTF8_STRING", Xlib.FALSE);
  }

  /**
   * Reads up to 4 KB of a property of type {@code type} (0: any type); {@link #items()} then
   * says how many items it holds. The caller frees the result with {@code XFree}.
   *
   * @return the data, or null when the property is missing, empty or unreadable (the error is
   *     cleared)
   */
  Pointer read(NativeLong window, NativeLong property, NativeLong propertyType) {
    int status = XWindows.XGetWindowProperty(display, window, property, new NativeLong(0),
        new NativeLong(1024), Xlib.FALSE, propertyType, type, format, items, after, data);
    Pointer d = data.getValue();
    if (status != 0 || errors.failed() || d == null || items.getValue().longValue() == 0) {
      if (d != null) {
        XWindows.XFree(d);
      }
      errors.clear();
      return null;
    }
    return d;
  }

  /** Items in the property last {@link #read}. */
  long items() {
    return items.getValue().longValue();
  }

  /** Whether the window has the property, of any type. */
  boolean has(NativeLong window, NativeLong property) {
    Pointer d = read(window, property, new NativeLong(0));
    if (d == null) {
      return false;
    }
    XWindows.XFree(d);
    return true;
  }

  /** The window's title, or null. */
  String title(long w) {
    NativeLong win = new NativeLong(w);
    Pointer d = read(win, netWmName, utf8String);
    if (d == null) {
      d = read(win, WM_NAME, STRING);
    }
    if (d == null) {
      return null;
    }
    String s = new String(d.getByteArray(0, (int) items()), StandardCharsets.UTF_8);
    XWindows.XFree(d);
    return s;
  }
}

package io.screentrail.internal.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/** The few libX11 window-query calls the focus tracker and the window stack need (direct JNA mapping). */
final class XWindows {

  static {
    Native.register(XWindows.class, Xlib.libX11());
  }

  private XWindows() {}

  /** {@code XClassHint}: the instance and class names of {@code WM_CLASS}. */
  @Structure.FieldOrder({"resName", "resClass"})
  public static final class XClassHint extends Structure {
    public Pointer resName;
    public Pointer resClass;
  }

  static native int XGetInputFocus(Pointer display, NativeLongByReference focus,
      IntByReference revertTo);

  static native int XQueryTree(Pointer display, NativeLong window, NativeLongByReference root,
      NativeLongByReference parent, PointerByReference children, IntByReference count);

  static native int XGetClassHint(Pointer display, NativeLong window, XClassHint hint);

  static native NativeLong XInternAtom(Pointer display, String name, int onlyIfExists);

  static native int XGetWindowProperty(Pointer display, NativeLong window, NativeLong property,
      NativeLong offset, NativeLong length, int delete, NativeLong type,
      NativeLongByReference actualType, IntByReference actualFormat,
      NativeLongByReference items, NativeLongByReference bytesAfter, PointerByReference data);

  static native int XQueryPointer(Pointer display, NativeLong window, NativeLongByReference root,
      NativeLongByReference child, IntByReference rootX, IntByReference rootY,
      IntByReference winX, IntByReference winY, IntByReference mask);

  static native int XFree(Pointer data);

  /** Fills {@code attributes} (an {@code XWindowAttributes}, 136 bytes on LP64). */
  static native int XGetWindowAttributes(Pointer display, NativeLong window, Pointer attributes);

  static native int XTranslateCoordinates(Pointer display, NativeLong source, NativeLong dest,
      int sourceX, int sourceY, IntByReference destX, IntByReference destY,
      NativeLongByReference child);
}

package io.screentrail.internal.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The libX11 event calls the focus watcher needs (direct JNA mapping: a call allocates nothing). */
final class XEvents {

  static {
    Native.register(XEvents.class, Xlib.libX11());
  }

  /** {@code sizeof(XEvent)} on LP64: a union padded to 24 longs. */
  static final int EVENT_SIZE = 192;

  static final int FOCUS_IN = 9;
  static final int FOCUS_OUT = 10;
  static final int CREATE_NOTIFY = 16;
  static final int DESTROY_NOTIFY = 17;
  static final int UNMAP_NOTIFY = 18;
  static final int MAP_NOTIFY = 19;
  static final int REPARENT_NOTIFY = 21;
  static final int CONFIGURE_NOTIFY = 22;
  static final int PROPERTY_NOTIFY = 28;

  static final long STRUCTURE_NOTIFY_MASK = 1L << 17;
  static final long SUBSTRUCTURE_NOTIFY_MASK = 1L << 19;
  static final long FOCUS_CHANGE_MASK = 1L << 21;
  static final long PROPERTY_CHANGE_MASK = 1L << 22;

  /** Offsets in an {@code XEvent} on LP64: after type, serial, send_event and display. */
  static final int OFFSET_WINDOW = 32;
  /** {@code XPropertyEvent.atom}, {@code XCreateWindowEvent.window}. */
  static final int OFFSET_SECOND_LONG = 40;

  private XEvents() {}

  static native int XSelectInput(Pointer display, NativeLong window, NativeLong mask);

  /** Events queued after flushing the output buffer and reading what the socket holds. */
  static native int XPending(Pointer display);

  static native int XNextEvent(Pointer display, Pointer event);

  static native int XConnectionNumber(Pointer display);

  static native int XFlush(Pointer display);
}

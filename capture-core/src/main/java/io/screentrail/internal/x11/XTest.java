package io.screentrail.internal.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * libXtst, which injects input events as if they came from the devices. Optional: {@link
 * #instance()} is {@code null} where the library is missing. Used through {@link XInputDriver}.
 */
public interface XTest extends Library {

  /** The library, loaded on first use, or {@code null} when the system does not have it. */
  static XTest instance() {
    return Holder.INSTANCE;
  }

  /** {@code Bool}: whether the server has the XTEST extension. */
  int XTestQueryExtension(
      Pointer display,
      IntByReference eventBase,
      IntByReference errorBase,
      IntByReference major,
      IntByReference minor);

  /** {@code delay} in milliseconds; 0 ({@code CurrentTime}) delivers the event now. */
  int XTestFakeKeyEvent(Pointer display, int keycode, int isPress, NativeLong delay);

  int XTestFakeButtonEvent(Pointer display, int button, int isPress, NativeLong delay);

  /** {@code screen} -1 means the screen the pointer is on. */
  int XTestFakeMotionEvent(Pointer display, int screen, int x, int y, NativeLong delay);

  /** Lazy holder: the library is looked up only when input is first injected. */
  final class Holder {
    static final XTest INSTANCE = load();

    private Holder() {}

    private static XTest load() {
      for (String name : new String[] {"libXtst.so.6", "Xtst"}) {
        try {
          return Native.load(name, XTest.class);
        } catch (UnsatisfiedLinkError e) {
          // try the next name
        }
      }
      return null;
    }
  }
}

package io.screentrail.internal.x11;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;

/**
 * libXinerama, which lists the monitors of a desktop that is one X screen. Optional: {@link
 * #instance()} is {@code null} where the library is missing, and the desktop is then one screen.
 */
public interface Xinerama extends Library {

  /** The library, loaded on first use, or {@code null} when the system does not have it. */
  static Xinerama instance() {
    return Holder.INSTANCE;
  }

  /** {@code XineramaScreenInfo}. */
  @FieldOrder({"screen_number", "x_org", "y_org", "width", "height"})
  final class XineramaScreenInfo extends Structure {
    public int screen_number;
    public short x_org;
    public short y_org;
    public short width;
    public short height;

    public XineramaScreenInfo() {}

    public XineramaScreenInfo(Pointer p) {
      super(p);
    }
  }

  /** {@code Bool}: whether the server has Xinerama and it is on. */
  int XineramaIsActive(Pointer display);

  /** An array of {@code number} infos to free with {@code XFree}, or null. */
  Pointer XineramaQueryScreens(Pointer display, IntByReference number);

  /** Lazy holder: the library is looked up only when the desktop's screens are first asked for. */
  final class Holder {
    static final Xinerama INSTANCE = load();

    private Holder() {}

    private static Xinerama load() {
      for (String name : new String[] {"libXinerama.so.1", "Xinerama"}) {
        try {
          return Native.load(name, Xinerama.class);
        } catch (UnsatisfiedLinkError e) {
          // try the next name
        }
      }
      return null;
    }
  }
}

package io.screentrail.source;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.screentrail.internal.x11.LibC;
import io.screentrail.internal.x11.X11Errors;
import io.screentrail.internal.x11.XShm;
import io.screentrail.internal.x11.Xinerama;
import io.screentrail.internal.x11.Xlib;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Grabs a local X server's screen through the MIT-SHM extension: the server writes the pixels
 * straight into one shared memory segment that this source created once, so a grab neither
 * allocates nor copies on our side: about 1 ms CPU for 1080p, nearly all of it the X server's
 * copy, against 15 to 20 ms for {@link RobotScreenSource}.
 *
 * <p>Needs a display on the same machine (and IPC namespace) as the X server, a TrueColor visual of
 * depth 24 or 32 with 32 bits per pixel, and libX11 and libXext. {@link #open} says plainly which
 * of these is missing; {@link #isUsable} probes without throwing, for automatic source choice.
 *
 * <p>The segment is marked for removal ({@code IPC_RMID}) as soon as the server has attached it, so
 * it disappears with the process even when the process is killed. It is created with mode 0600:
 * the pixels are the user's screen, and other users must not read them.
 *
 * <p>Threading: one thread at a time, as {@link ScreenSource} says; {@link #close()} must not run
 * during a {@link #grab()}.
 */
public final class XShmScreenSource implements ScreenSource {

  private static final int SHM_MODE_OWNER_ONLY = 0600;
  private static final double MM_PER_INCH = 25.4;
  /** Offsets of {@code XImage.height} and {@code XImage.data} (four ints, then the pointer). */
  private static final long XIMAGE_HEIGHT = 4;
  private static final long XIMAGE_DATA = 16;

  private final String displayName;
  private final X11Errors.Slot errors;
  private final NativeLong root;
  private final NativeLong allPlanes = new NativeLong(-1L);
  private final XShm.XShmSegmentInfo shminfo; // referenced by the image: keep it alive
  private final Pointer image;
  /** A second image header on the same segment, pointed at the rows a partial grab fills. */
  private final Pointer bandImage;
  private final ScreenGeometry geometry;
  private final ByteBuffer pixels;
  private final int stride;
  private Pointer display; // null once closed
  private String lastError;
  private int lastFailureCode;
  private String lastFailureText;

  private XShmScreenSource(
      String displayName,
      Pointer display,
      X11Errors.Slot errors,
      NativeLong root,
      XShm.XShmSegmentInfo shminfo,
      Pointer image,
      Pointer bandImage,
      ScreenGeometry geometry,
      ByteBuffer pixels,
      int stride) {
    this.displayName = displayName;
    this.display = display;
    this.errors = errors;
    this.root = root;
    this.shminfo = shminfo;
    this.image = image;
    this.bandImage = bandImage;
    this.geometry = geometry;
    this.pixels = pixels;
    this.stride = stride;
  }

  /**
   * Opens the display and prepares the shared segment for one area.
   *
   * @param displayName an X display name such as {@code ":0"}, or {@code null} for {@code DISPLAY}
   * @param screenIndex a screen (monitor) in {@link ScreenGeometry#screens()}, or -1 for the whole
   *     desktop (the root window)
   * @throws IllegalStateException when there is no usable display: the message says why and what
   *     to do
   * @throws IllegalArgumentException when {@code screenIndex} is not -1 or an existing screen
   */
  public static XShmScreenSource open(String displayName, int screenIndex) {
    String name = resolveDisplayName(displayName);
    Xlib.requireLoaded();
    XShm.requireLoaded();
    Pointer display = Xlib.XOpenDisplay(name);
    if (display == null) {
      throw new IllegalStateException(
          "Cannot open X display '"
              + name
              + "': no X server listens there, or it refuses this user (check the display"
              + " number, and XAUTHORITY / xhost access)");
    }
    X11Errors.Slot errors = X11Errors.register(display);
    Pointer image = null;
    Pointer bandImage = null;
    Pointer shmaddr = null;
    try {
      if (XShm.XShmQueryExtension(display) == Xlib.FALSE) {
        throw new IllegalStateException(
            "The X server on '"
                + name
                + "' has no MIT-SHM extension, so it cannot grab into shared memory;"
                + " use the robot source");
      }
      int screen = Xlib.XDefaultScreen(display);
      NativeLong root = Xlib.XRootWindow(display, screen);
      int depth = Xlib.XDefaultDepth(display, screen);
      if (depth != 24 && depth != 32) {
        throw new IllegalStateException(
            "The X server on '"
                + name
                + "' runs at colour depth "
                + depth
                + "; shared-memory capture needs depth 24 or 32; use the robot source");
      }
      ScreenGeometry geometry = geometry(display, screen, name, screenIndex);

      XShm.XShmSegmentInfo shminfo = new XShm.XShmSegmentInfo();
      image =
          XShm.XShmCreateImage(
              display,
              Xlib.XDefaultVisual(display, screen),
              depth,
              Xlib.Z_PIXMAP,
              null,
              shminfo,
              geometry.width(),
              geometry.height());
      if (image == null) {
        throw new IllegalStateException(
            "XShmCreateImage failed on '" + name + "' for " + geometry.width() + "x"
                + geometry.height() + "; use the robot source");
      }
      Xlib.XImage layout = new Xlib.XImage(image);
      requireBgrx(layout, name);
      long size = (long) layout.bytes_per_line * layout.height;

      int shmid =
          LibC.shmget(
              LibC.IPC_PRIVATE, new NativeLong(size), LibC.IPC_CREAT | SHM_MODE_OWNER_ONLY);
      if (shmid < 0) {
        throw new IllegalStateException(
            "shmget of " + size + " bytes failed (errno " + Native.getLastError()
                + "; see kernel.shmmax / kernel.shmall); use the robot source");
      }
      Pointer addr = LibC.shmat(shmid, null, 0);
      if (Pointer.nativeValue(addr) == -1L) {
        int errno = Native.getLastError();
        LibC.shmctl(shmid, LibC.IPC_RMID, null);
        throw new IllegalStateException("shmat failed (errno " + errno + "); use the robot source");
      }
      shmaddr = addr;
      shminfo.shmid = shmid;
      shminfo.shmaddr = addr;
      shminfo.readOnly = Xlib.FALSE;
      layout.data = addr;
      layout.writeField("data");

      errors.clear();
      int attached = XShm.XShmAttach(display, shminfo);
      Xlib.XSync(display, Xlib.FALSE);
      // Removed now, it lives until both we and the server detach: nothing leaks on a crash.
      LibC.shmctl(shmid, LibC.IPC_RMID, null);
      if (attached == Xlib.FALSE || errors.failed()) {
        String why = errors.failed() ? errors.describe() : "XShmAttach returned false";
        throw new IllegalStateException(
            "The X server on '"
                + name
                + "' has MIT-SHM but cannot attach our shared memory ("
                + why
                + "): it is a remote display, or runs in another IPC namespace (a container);"
                + " use the robot source");
      }

      bandImage = XShm.XShmCreateImage(display, Xlib.XDefaultVisual(display, screen), depth,
          Xlib.Z_PIXMAP, addr, shminfo, geometry.width(), geometry.height());
      if (bandImage == null) {
        throw new IllegalStateException("XShmCreateImage failed on '" + name
            + "' for the partial-grab header; use the robot source");
      }
      ByteBuffer pixels = addr.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
      return new XShmScreenSource(name, display, errors, root, shminfo, image, bandImage,
          geometry, pixels, layout.bytes_per_line);
    } catch (RuntimeException e) {
      if (shmaddr != null) {
        LibC.shmdt(shmaddr);
      }
      if (image != null) {
        Xlib.XFree(image);
      }
      if (bandImage != null) {
        Xlib.XFree(bandImage);
      }
      X11Errors.close(errors);
      throw e;
    }
  }

  /**
   * Whether {@link #open} would succeed for the whole desktop of {@code displayName} ({@code null}
   * for {@code DISPLAY}). It opens a source and closes it, which takes a few milliseconds, because
   * only attaching a segment reveals a remote display.
   */
  public static boolean isUsable(String displayName) {
    try {
      open(displayName, -1).close();
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String resolveDisplayName(String displayName) {
    String name = displayName != null ? displayName : System.getenv("DISPLAY");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "No X display: DISPLAY is not set. Set it to the display to capture (for example"
              + " DISPLAY=:0) or pass the display name explicitly");
    }
    return name;
  }

  /** The image's pixels must be B, G, R, X in memory, which is what the rest of the engine reads. */
  private static void requireBgrx(Xlib.XImage layout, String name) {
    boolean bgrx =
        layout.bits_per_pixel == 32
            && layout.byte_order == Xlib.LSB_FIRST
            && layout.red_mask.longValue() == 0xff0000L
            && layout.green_mask.longValue() == 0x00ff00L
            && layout.blue_mask.longValue() == 0x0000ffL;
    if (!bgrx) {
      throw new IllegalStateException(
          "The X server on '" + name + "' stores pixels as " + layout.bits_per_pixel
              + " bits per pixel, byte order " + layout.byte_order + ", masks "
              + Long.toHexString(layout.red_mask.longValue()) + "/"
              + Long.toHexString(layout.green_mask.longValue()) + "/"
              + Long.toHexString(layout.blue_mask.longValue())
              + "; shared-memory capture needs 32-bit little-endian xRGB; use the robot source");
    }
  }

  private static ScreenGeometry geometry(
      Pointer display, int screen, String name, int screenIndex) {
    int width = Xlib.XDisplayWidth(display, screen);
    int height = Xlib.XDisplayHeight(display, screen);
    int widthMm = Xlib.XDisplayWidthMM(display, screen);
    double dpi = widthMm > 0 ? width * MM_PER_INCH / widthMm : 0;
    List<ScreenGeometry.Screen> screens = screens(display, width, height);
    if (screenIndex == -1) {
      return new ScreenGeometry(0, 0, width, height, width, height, screens, -1, dpi);
    }
    if (screenIndex < 0 || screenIndex >= screens.size()) {
      throw new IllegalArgumentException(
          "screen index "
              + screenIndex
              + " is out of range: the X display '"
              + name
              + "' has "
              + screens.size()
              + (screens.size() == 1 ? " screen, use 0" : " screens, use 0 to " + (screens.size() - 1))
              + ", or -1 for the whole desktop");
    }
    ScreenGeometry.Screen s = screens.get(screenIndex);
    return new ScreenGeometry(
        s.x(), s.y(), s.width(), s.height(), width, height, screens, screenIndex, dpi);
  }

  /** The monitors from Xinerama when it is active, else the root window as the one screen. */
  private static List<ScreenGeometry.Screen> screens(Pointer display, int width, int height) {
    Xinerama xinerama = Xinerama.instance();
    if (xinerama != null && xinerama.XineramaIsActive(display) != Xlib.FALSE) {
      IntByReference count = new IntByReference();
      Pointer infos = xinerama.XineramaQueryScreens(display, count);
      if (infos != null) {
        try {
          List<ScreenGeometry.Screen> screens = new ArrayList<>();
          int size = new Xinerama.XineramaScreenInfo().size();
          for (int i = 0; i < count.getValue(); i++) {
            Xinerama.XineramaScreenInfo info =
                new Xinerama.XineramaScreenInfo(infos.share((long) i * size));
            info.read();
            screens.add(
                new ScreenGeometry.Screen(
                    i, info.x_org, info.y_org, info.width & 0xffff, info.height & 0xffff));
          }
          if (!screens.isEmpty()) {
            return screens;
          }
        } finally {
          Xlib.XFree(infos);
        }
      }
    }
    return List.of(new ScreenGeometry.Screen(0, 0, 0, width, height));
  }

  @Override
  public String name() {
    return "xshm";
  }

  @Override
  public ScreenGeometry geometry() {
    return geometry;
  }

  @Override
  public int grab() {
    Pointer d = display;
    if (d == null) {
      lastError = "the source is closed";
      return GRAB_FAILED;
    }
    X11Errors.Slot e = errors;
    e.clear();
    int ok = XShm.XShmGetImage(d, root, image, geometry.x(), geometry.y(), allPlanes);
    if (ok == Xlib.FALSE || e.failed()) {
      lastError = failure(e);
      return GRAB_FAILED;
    }
    lastError = null;
    return GRAB_OK;
  }

  /**
   * Grabs rows {@code [y, y + rows)} only: the band header's height and data pointer are set to
   * those rows of the segment, and the server writes just them (libXext sends the data pointer's
   * offset in the segment), so a one-line change costs one line of copying, not the frame.
   */
  @Override
  public int grabRows(int y, int rows) {
    if (y <= 0 && rows >= geometry.height()) {
      return grab();
    }
    Pointer d = display;
    if (d == null) {
      lastError = "the source is closed";
      return GRAB_FAILED;
    }
    int y0 = Math.max(0, y);
    int h = Math.min(geometry.height() - y0, rows);
    if (h <= 0) {
      lastError = null;
      return GRAB_OK;
    }
    bandImage.setInt(XIMAGE_HEIGHT, h);
    // A raw address, not Pointer.share, which would allocate per grab (LP64, as XImage above).
    bandImage.setLong(XIMAGE_DATA, Pointer.nativeValue(shminfo.shmaddr) + (long) y0 * stride);
    X11Errors.Slot e = errors;
    e.clear();
    int ok = XShm.XShmGetImage(d, root, bandImage, geometry.x(), geometry.y() + y0, allPlanes);
    if (ok == Xlib.FALSE || e.failed()) {
      lastError = failure(e);
      return GRAB_FAILED;
    }
    lastError = null;
    return GRAB_OK;
  }

  /** Builds the failure message once per distinct error, so a failing loop does not allocate. */
  private String failure(X11Errors.Slot e) {
    int code = e.connectionLost() ? -2 : e.errorCode();
    if (code != lastFailureCode || lastFailureText == null) {
      lastFailureCode = code;
      if (e.connectionLost()) {
        lastFailureText =
            "lost the connection to X display '" + displayName
                + "' (server stopped or restarted); reopen the source when the server is back";
      } else if (code != 0) {
        lastFailureText =
            "XShmGetImage failed on '" + displayName + "': " + e.describe()
                + " (the captured area no longer fits the screen after a resize? reopen the"
                + " source)";
      } else {
        lastFailureText = "XShmGetImage failed on '" + displayName + "' without an X error";
      }
    }
    return lastFailureText;
  }

  @Override
  public ByteBuffer pixels() {
    return pixels;
  }

  @Override
  public int stride() {
    return stride;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  /**
   * Detaches and frees the segment and closes the display; later calls do nothing. The image is
   * released with {@code XFree}, not {@code XDestroyImage}, which would {@code free()} the shared
   * memory as if malloc had made it.
   */
  @Override
  public void close() {
    Pointer d = display;
    if (d == null) {
      return;
    }
    display = null;
    if (!errors.connectionLost()) {
      XShm.XShmDetach(d, shminfo);
      Xlib.XSync(d, Xlib.FALSE);
    }
    LibC.shmdt(shminfo.shmaddr);
    Xlib.XFree(image);
    Xlib.XFree(bandImage);
    X11Errors.close(errors);
  }

  @Override
  public String toString() {
    return "XShmScreenSource[" + displayName + ", " + geometry + "]";
  }
}

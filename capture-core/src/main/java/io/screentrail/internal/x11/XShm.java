package io.screentrail.internal.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The MIT-SHM calls of libXext, bound by direct mapping so that {@link #XShmGetImage} allocates
 * nothing when its arguments are reused. jna-platform's X11 bindings lack XShm.
 *
 * <p>A missing libXext does not fail class loading: {@link #requireLoaded()} reports it.
 */
public final class XShm {

  private static final UnsatisfiedLinkError LOAD_ERROR;

  static {
    UnsatisfiedLinkError error = null;
    try {
      Native.register(XShm.class, Xlib.library("libXext.so.6", "Xext"));
    } catch (UnsatisfiedLinkError e) {
      error = e;
    }
    LOAD_ERROR = error;
  }

  private XShm() {}

  /** Throws {@link IllegalStateException} naming the problem when libXext could not be loaded. */
  public static void requireLoaded() {
    if (LOAD_ERROR != null) {
      throw new IllegalStateException(
          "libXext cannot be loaded (" + LOAD_ERROR.getMessage() + "): install libxext6", LOAD_ERROR);
    }
  }

  /**
   * {@code XShmSegmentInfo}. The image keeps a pointer to it ({@code obdata}) that {@link
   * #XShmGetImage} follows, so this object must stay reachable as long as the image lives.
   */
  @FieldOrder({"shmseg", "shmid", "shmaddr", "readOnly"})
  public static final class XShmSegmentInfo extends Structure {
    /** {@code ShmSeg}, the server's id for the segment; set by {@link #XShmAttach}. */
    public NativeLong shmseg = new NativeLong();
    public int shmid;
    public Pointer shmaddr;
    /** {@code Bool}: false, because the server writes the grabbed pixels into the segment. */
    public int readOnly;
  }

  public static native int XShmQueryExtension(Pointer display);

  /** Returns an {@code XImage*} with no data yet, or null. Free it with {@code XFree}. */
  public static native Pointer XShmCreateImage(
      Pointer display,
      Pointer visual,
      int depth,
      int format,
      Pointer data,
      XShmSegmentInfo shminfo,
      int width,
      int height);

  public static native int XShmAttach(Pointer display, XShmSegmentInfo shminfo);

  public static native int XShmDetach(Pointer display, XShmSegmentInfo shminfo);

  /** {@code image} is the raw {@code XImage*} so that the call does not copy a Structure. */
  public static native int XShmGetImage(
      Pointer display, NativeLong drawable, Pointer image, int x, int y, NativeLong planeMask);
}

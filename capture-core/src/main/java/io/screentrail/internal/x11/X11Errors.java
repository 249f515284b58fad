package io.screentrail.internal.x11;

import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process-wide X error handler, so that an X error on one of our connections becomes a
 * recorded failure instead of Xlib's default reaction: printing and calling {@code exit()}.
 *
 * <p>Xlib has one error handler and one I/O error handler per process. The first {@link
 * #register} installs ours and keeps the previous ones; errors on displays that were never
 * registered here ("not ours", such as AWT's connection) go to the previous handler, as if ours
 * were not installed. On libX11 1.7 and later a per-display I/O exit handler also keeps a lost
 * connection (X server killed or restarted) from ending the process; older libX11 exits anyway.
 *
 * <p>Xlib calls the handlers synchronously, on the thread whose call received the error, so a
 * {@link Slot} is written and read by the thread that owns its display.
 */
public final class X11Errors {

  private static final Map<Long, Slot> OURS = new ConcurrentHashMap<>();

  /** Set while the previous handler runs on this thread, which may hand the error back to us. */
  private static final ThreadLocal<boolean[]> IN_PREVIOUS =
      ThreadLocal.withInitial(() -> new boolean[1]);

  // Strong references: JNA frees a callback's native trampoline once its object is collected,
  // and Xlib would then jump into freed memory.
  private static Xlib.XErrorHandler errorHandler;
  private static Xlib.XIOErrorHandler ioErrorHandler;
  private static Xlib.XIOErrorExitHandler exitHandler;
  private static volatile Function previousErrorHandler;
  private static volatile Function previousIoErrorHandler;
  private static Function setIoErrorExitHandler;

  private X11Errors() {}

  /**
   * What went wrong on one registered display since the last {@link #clear()}. Written by the
   * handlers on the thread that made the failing call.
   */
  public static final class Slot {
    private final Pointer display;
    private volatile int errorCode;
    private volatile int requestCode;
    private volatile int minorCode;
    private volatile boolean connectionLost;

    private Slot(Pointer display) {
      this.display = display;
    }

    /** Forgets a recorded protocol error (a lost connection stays lost). */
    public void clear() {
      errorCode = 0;
    }

    /** Whether an error was recorded since {@link #clear()}, or the connection is lost. */
    public boolean failed() {
      return errorCode != 0 || connectionLost;
    }

    /** Whether the connection to the X server broke; every later call on it fails. */
    public boolean connectionLost() {
      return connectionLost;
    }

    /** The X error code recorded since {@link #clear()}, or 0. */
    public int errorCode() {
      return errorCode;
    }

    /**
     * The recorded error in words, such as {@code "BadMatch (invalid parameter attributes),
     * request 130.4"}. Call it on the display's thread, and not after a lost connection's close.
     */
    public String describe() {
      if (connectionLost) {
        return "the connection to the X server was lost (server stopped or restarted)";
      }
      int code = errorCode;
      if (code == 0) {
        return "no X error";
      }
      byte[] text = new byte[160];
      Xlib.XGetErrorText(display, code, text, text.length);
      int n = 0;
      while (n < text.length && text[n] != 0) {
        n++;
      }
      return new String(text, 0, n, StandardCharsets.ISO_8859_1)
          + ", request "
          + requestCode
          + "."
          + minorCode;
    }

    void record(int code, int request, int minor) {
      requestCode = request;
      minorCode = minor;
      errorCode = code == 0 ? -1 : code;
    }
  }

  /**
   * Marks {@code display} as ours, installing the handlers on first use. Call right after
   * {@code XOpenDisplay}; {@link #close} closes and forgets it.
   */
  public static synchronized Slot register(Pointer display) {
    Xlib.requireLoaded();
    if (errorHandler == null) {
      install();
    } else {
      reinstall();
    }
    Slot slot = new Slot(display);
    OURS.put(Pointer.nativeValue(display), slot);
    if (setIoErrorExitHandler != null) {
      setIoErrorExitHandler.invokeVoid(new Object[] {display, exitHandler, null});
    }
    return slot;
  }

  /**
   * Closes the slot's display, then forgets it (its address may be reused by a later
   * connection). In this order because closing a lost connection raises an I/O error, which must
   * reach our handler, not the one installed before it (AWT's, or Xlib's, which prints).
   */
  public static void close(Slot slot) {
    Xlib.XCloseDisplay(slot.display);
    OURS.remove(Pointer.nativeValue(slot.display), slot);
  }

  /** Whether this libX11 lets a lost connection fail calls instead of exiting the process. */
  public static synchronized boolean survivesLostConnection() {
    Xlib.requireLoaded();
    if (errorHandler == null) {
      install();
    }
    return setIoErrorExitHandler != null;
  }

  private static void install() {
    Xlib.XErrorHandler onError = X11Errors::onError;
    Xlib.XIOErrorHandler onIoError = X11Errors::onIoError;
    Xlib.XIOErrorExitHandler onExit = X11Errors::onIoErrorExit;
    Pointer previous = Xlib.XSetErrorHandler(onError);
    Pointer previousIo = Xlib.XSetIOErrorHandler(onIoError);
    // Xlib returns its default handler when none was set, never null; keep the check anyway.
    previousErrorHandler = previous == null ? null : Function.getFunction(previous);
    previousIoErrorHandler = previousIo == null ? null : Function.getFunction(previousIo);
    try {
      setIoErrorExitHandler = Xlib.libX11().getFunction("XSetIOErrorExitHandler");
    } catch (UnsatisfiedLinkError e) {
      setIoErrorExitHandler = null; // libX11 before 1.7
    }
    errorHandler = onError;
    ioErrorHandler = onIoError;
    exitHandler = onExit;
  }

  /**
   * Puts our handlers back in front when another library replaced them since (AWT's toolkit does
   * when it starts after us, and then no longer passes on errors of displays it does not know),
   * and passes other displays' errors on to that library's handlers.
   */
  private static void reinstall() {
    Pointer current = Xlib.XSetErrorHandler(errorHandler);
    if (current != null && !current.equals(CallbackReference.getFunctionPointer(errorHandler))) {
      previousErrorHandler = Function.getFunction(current);
    }
    Pointer currentIo = Xlib.XSetIOErrorHandler(ioErrorHandler);
    if (currentIo != null
        && !currentIo.equals(CallbackReference.getFunctionPointer(ioErrorHandler))) {
      previousIoErrorHandler = Function.getFunction(currentIo);
    }
  }

  private static int onError(Pointer display, Pointer event) {
    if (IN_PREVIOUS.get()[0]) {
      // The handler we passed the error to passed it back (it had saved ours): ignore it
      // rather than loop.
      return 0;
    }
    try {
      Slot slot = OURS.get(Pointer.nativeValue(display));
      if (slot != null) {
        Xlib.XErrorEvent e = new Xlib.XErrorEvent(event);
        slot.record(e.error_code & 0xff, e.request_code & 0xff, e.minor_code & 0xff);
        return 0;
      }
      Function previous = previousErrorHandler;
      if (previous == null) {
        return 0;
      }
      boolean[] in = IN_PREVIOUS.get();
      in[0] = true;
      try {
        return previous.invokeInt(new Object[] {display, event});
      } finally {
        in[0] = false;
      }
    } catch (Throwable t) {
      return 0; // never unwind through Xlib
    }
  }

  private static int onIoError(Pointer display) {
    try {
      Slot slot = OURS.get(Pointer.nativeValue(display));
      if (slot != null) {
        slot.connectionLost = true;
        return 0; // Xlib then calls the display's exit handler: ours, which returns
      }
      Function previous = previousIoErrorHandler;
      return previous == null ? 0 : previous.invokeInt(new Object[] {display});
    } catch (Throwable t) {
      return 0;
    }
  }

  private static void onIoErrorExit(Pointer display, Pointer userData) {
    Slot slot = OURS.get(Pointer.nativeValue(display));
    if (slot != null) {
      slot.connectionLost = true;
    }
    // Returning instead of exiting: the failing Xlib call returns an error to our caller.
  }
}

package io.screentrail.testing;

import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.screentrail.internal.x11.X11Errors;
import io.screentrail.internal.x11.Xlib;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Xvfb for one test class, plus real X clients started on it.
 *
 * <p>{@link #start(int, int)} lets Xvfb pick a free display number ({@code -displayfd}) and waits
 * until it accepts connections. {@link #shared()} returns the server on the display that the build
 * exported as {@code DISPLAY} to the test JVM (property {@code screentrail.test.display}), started
 * on first use when nothing listens there, so that AWT (which reads {@code DISPLAY} once) and JNA
 * code see the same server.
 */
public final class XvfbServer implements AutoCloseable {

  private static XvfbServer shared;

  private final Process process;
  private final boolean stopsWhenStdinCloses;
  private final String display;
  private final List<Process> clients = new ArrayList<>();

  private XvfbServer(Process process, String display) {
    this(process, false, display);
  }

  private XvfbServer(Process process, boolean stopsWhenStdinCloses, String display) {
    this.process = process;
    this.stopsWhenStdinCloses = stopsWhenStdinCloses;
    this.display = display;
  }

  /** Whether an {@code Xvfb} binary is on the PATH. */
  public static boolean available() {
    return onPath("Xvfb");
  }

  /** Whether {@code name} is an executable on the PATH. */
  public static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Starts Xvfb with one screen of the given size at 24 bits, on a display it picks. */
  public static XvfbServer start(int width, int height) throws IOException {
    return start("-screen", "0", width + "x" + height + "x24");
  }

  /**
   * A 1024x768 server with two 40x10 xterms of WM_CLASS {@code classA} and {@code classB} side by
   * side and an {@code xclock -update 1} below them: focus can move while the screen keeps
   * redrawing. The caller checks {@code xterm}, {@code xclock} (and its own tools) are on PATH.
   */
  public static XvfbServer startTwoXtermsAndAClock(String classA, String classB)
      throws IOException {
    XvfbServer x = start(1024, 768);
    x.client(0, "xterm", "-class", classA, "-geometry", "40x10+0+0", "-e", "bash", "--norc",
        "--noprofile");
    x.client(0, "xterm", "-class", classB, "-geometry", "40x10+400+0", "-e", "bash", "--norc",
        "--noprofile");
    x.client(1500, "xclock", "-update", "1", "-geometry", "150x150+600+400");
    return x;
  }

  /** Starts Xvfb with the given screen arguments on a display it picks. */
  public static XvfbServer start(String... screenArgs) throws IOException {
    // -noreset: without it Xvfb resets when its last client leaves and refuses connections
    // opened during the reset.
    List<String> cmd = new ArrayList<>(List.of("Xvfb", "-displayfd", "1", "-nolisten", "tcp"));
    if (!List.of(screenArgs).contains("-noreset")) {
      cmd.add("-noreset");
    }
    cmd.addAll(List.of(screenArgs));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (line == null || line.isBlank()) {
      p.destroyForcibly();
      throw new IOException("Xvfb did not report a display number: " + cmd);
    }
    return new XvfbServer(p, ":" + line.trim());
  }

  /**
   * The server on the test JVM's {@code DISPLAY}, started if nothing listens there yet. Lives until
   * the JVM exits.
   */
  public static synchronized XvfbServer shared() throws IOException {
    if (shared != null) {
      return shared;
    }
    String display = System.getProperty("screentrail.test.display", System.getenv("DISPLAY"));
    if (display == null) {
      throw new IOException("no test display: set screentrail.test.display or DISPLAY");
    }
    String number = display.substring(display.indexOf(':') + 1).split("\\.")[0];
    Path socket = Path.of("/tmp/.X11-unix/X" + number);
    Process p = null;
    if (!Files.exists(socket)) {
      // Xvfb must outlive this JVM's own X connections: when it dies first, AWT's connection
      // breaks and Xlib calls exit(1) during shutdown, which fails the surefire fork. So a shell
      // stops it once our end of its stdin closes, that is after this JVM has fully exited.
      p = new ProcessBuilder(
              "sh", "-c", "Xvfb \"$0\" -nolisten tcp -screen 0 1280x800x24 & x=$!; read _; kill $x",
              display)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      waitForSocket(socket, p);
    }
    XvfbServer server = new XvfbServer(p, p != null, display);
    Runtime.getRuntime().addShutdownHook(new Thread(server::closeClients));
    shared = server;
    return server;
  }

  private static void waitForSocket(Path socket, Process p) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(socket)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException("Xvfb did not start on " + socket);
      }
      sleep(50);
    }
    sleep(200);
  }

  /** The display name, such as {@code ":5"}. */
  public String display() {
    return display;
  }

  /**
   * Starts an X client on this display; it is killed when the server closes. Waits {@code
   * settleMillis} so the window can map and draw.
   */
  public Process client(long settleMillis, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("DISPLAY", display);
    Process p = pb.start();
    synchronized (clients) {
      clients.add(p);
    }
    sleep(settleMillis);
    return p;
  }

  /** Runs a command on this display to completion (for example xdotool) and returns its exit code. */
  public int run(String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("DISPLAY", display);
    try {
      return pb.start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * Adds a RandR 1.5 monitor, which Xinerama clients then list as one more screen (after the
   * monitors added before it, ahead of the server's own whole-screen monitor). Xvfb forgets it when
   * its last client disconnects unless started with {@code -noreset}.
   */
  public void addMonitor(String name, int x, int y, int width, int height) throws IOException {
    withDisplay((d, root, xrandr) -> {
      Pointer monitor = (Pointer) xrandr.getFunction("XRRAllocateMonitor")
          .invoke(Pointer.class, new Object[] {d, 0});
      NativeLong atom = (NativeLong) libX11().getFunction("XInternAtom")
          .invoke(NativeLong.class, new Object[] {d, name, Xlib.FALSE});
      // XRRMonitorInfo on LP64: Atom name; Bool primary, automatic; int noutput, x, y, width,
      // height, mwidth, mheight; RROutput *outputs.
      monitor.setNativeLong(0, atom);
      monitor.setInt(20, x);
      monitor.setInt(24, y);
      monitor.setInt(28, width);
      monitor.setInt(32, height);
      monitor.setInt(36, width * 254 / 960); // millimetres at 96 dpi
      monitor.setInt(40, height * 254 / 960);
      xrandr.getFunction("XRRSetMonitor").invoke(new Object[] {d, root, monitor});
      libX11().getFunction("XFree").invokeInt(new Object[] {monitor});
    });
  }

  /**
   * Resizes the root window to {@code width x height} through RandR, switching the output off
   * first because Xvfb refuses to shrink below its mode. Clients see a smaller screen.
   */
  public void resize(int width, int height) throws IOException {
    withDisplay((d, root, xrandr) -> {
      Pointer res = (Pointer) xrandr.getFunction("XRRGetScreenResources")
          .invoke(Pointer.class, new Object[] {d, root});
      // XRRScreenResources on LP64: Time timestamp, configTimestamp; int ncrtc; RRCrtc *crtcs.
      NativeLong crtc = res.getPointer(24).getNativeLong(0);
      NativeLong none = new NativeLong(0);
      xrandr.getFunction("XRRSetCrtcConfig").invokeInt(
          new Object[] {d, res, crtc, none, 0, 0, none, (short) 1, null, 0});
      xrandr.getFunction("XRRFreeScreenResources").invoke(new Object[] {res});
      xrandr.getFunction("XRRSetScreenSize").invoke(
          new Object[] {d, root, width, height, width * 254 / 960, height * 254 / 960});
    });
  }

  private interface XrandrCall {
    void run(Pointer display, NativeLong root, NativeLibrary xrandr);
  }

  /** Runs RandR calls on a connection of our own; an X error becomes an IOException. */
  private void withDisplay(XrandrCall call) throws IOException {
    Xlib.requireLoaded();
    NativeLibrary xrandr;
    try {
      xrandr = NativeLibrary.getInstance("libXrandr.so.2");
    } catch (UnsatisfiedLinkError e) {
      throw new IOException("libXrandr.so.2 is missing", e);
    }
    Pointer d = Xlib.XOpenDisplay(display);
    if (d == null) {
      throw new IOException("cannot open " + display);
    }
    X11Errors.Slot errors = X11Errors.register(d);
    try {
      call.run(d, Xlib.XRootWindow(d, Xlib.XDefaultScreen(d)), xrandr);
      Xlib.XSync(d, Xlib.FALSE);
      if (errors.failed()) {
        throw new IOException("RandR request failed on " + display + ": " + errors.describe());
      }
    } finally {
      X11Errors.close(errors);
    }
  }

  private static NativeLibrary libX11() {
    return NativeLibrary.getInstance("libX11.so.6");
  }

  /** Kills the clients started here, then the server if this object started it. */
  @Override
  public void close() {
    closeClients();
    if (process != null) {
      try {
        process.getOutputStream().close(); // the shared server's shell then stops Xvfb
      } catch (IOException e) {
        // destroyed below anyway
      }
      try {
        if (!process.waitFor(stopsWhenStdinCloses ? 5 : 0, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeClients() {
    synchronized (clients) {
      for (Process c : clients) {
        c.destroyForcibly();
      }
      clients.clear();
    }
  }

  /** Sleeps without a checked exception. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

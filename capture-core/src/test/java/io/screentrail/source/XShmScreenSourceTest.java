package io.screentrail.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.internal.x11.X11Errors;
import io.screentrail.internal.x11.XInputDriver;
import io.screentrail.testing.XvfbServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link XShmScreenSource} against private Xvfb servers with real X clients. */
class XShmScreenSourceTest {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;
  private static final String SIZE = WIDTH + "x" + HEIGHT + "x24";
  /**
   * A plain white xterm in the top-left corner, about 244x134 pixels with the default font. Its
   * shell skips the startup files, which may print, prompt oddly or block (a pyenv rehash did).
   */
  private static final String[] WHITE_XTERM = {
    "xterm", "-geometry", "40x10+0+0", "-bg", "white", "-fg", "black",
    "-e", "bash", "--norc", "--noprofile"
  };

  private static XvfbServer idle;

  @BeforeAll
  static void startIdleServer() throws IOException {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    idle = startXvfb(SIZE);
  }

  @AfterAll
  static void stopIdleServer() {
    if (idle != null) {
      idle.close();
    }
  }

  @Test
  void wholeRootWindowGeometryAndBuffer() {
    try (XShmScreenSource source = XShmScreenSource.open(idle.display(), -1)) {
      ScreenGeometry g = source.geometry();
      assertThat(source.name()).isEqualTo("xshm");
      assertThat(g.x()).isZero();
      assertThat(g.y()).isZero();
      assertThat(g.width()).isEqualTo(WIDTH);
      assertThat(g.height()).isEqualTo(HEIGHT);
      assertThat(g.desktopWidth()).isEqualTo(WIDTH);
      assertThat(g.desktopHeight()).isEqualTo(HEIGHT);
      assertThat(g.screens()).containsExactly(new ScreenGeometry.Screen(0, 0, 0, WIDTH, HEIGHT));
      assertThat(g.screenIndex()).isEqualTo(-1);
      assertThat(g.dpi()).isBetween(50.0, 300.0);

      assertThat(source.stride()).isGreaterThanOrEqualTo(4 * WIDTH);
      ByteBuffer pixels = source.pixels();
      assertThat(pixels.isDirect()).isTrue();
      assertThat(pixels.position()).isZero();
      assertThat(pixels.capacity()).isEqualTo(source.stride() * HEIGHT);
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      assertThat(source.lastError()).isNull();
      assertThat(source.pixels()).isSameAs(pixels);
    }
  }

  @Test
  void screenWithoutClientsIsBlack() throws IOException {
    try (XvfbServer server = startXvfb(SIZE);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      assertThat(count(source, 0, 0, WIDTH, HEIGHT, rgb -> rgb != 0)).isZero();
    }
  }

  @Test
  void xtermWindowAreaTurnsWhiteAndTheRestStaysBlack() throws IOException {
    try (XvfbServer server = startXvfb(SIZE);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      server.client(0, WHITE_XTERM);
      awaitWhiteXterm(source);
      // Below the first text line the terminal is empty: white.
      assertThat(count(source, 20, 30, 180, 90, rgb -> !isWhite(rgb))).isZero();
      // The prompt and the cursor on the first line are dark.
      assertThat(count(source, 0, 0, 240, 16, XShmScreenSourceTest::isDark)).isPositive();
      // Far from the window, the root stays black.
      assertThat(count(source, 400, 300, 240, 180, rgb -> rgb != 0)).isZero();
    }
  }

  @Test
  void twoGrabsOfAStaticScreenAreByteIdentical() throws IOException {
    try (XvfbServer server = startXvfb(SIZE);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      server.client(0, WHITE_XTERM);
      awaitWhiteXterm(source);
      XvfbServer.sleep(300); // let the first draw finish; nothing moves after it
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      byte[] first = copy(source);
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      assertThat(copy(source)).isEqualTo(first);
    }
  }

  @Test
  void grabAllocatesNothing() {
    try (XShmScreenSource source = XShmScreenSource.open(idle.display(), -1)) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      assumeTrue(threads.isThreadAllocatedMemorySupported());
      long thread = Thread.currentThread().getId();
      for (int i = 0; i < 200; i++) {
        source.grab(); // link and resolve everything first
      }
      long before = threads.getThreadAllocatedBytes(thread);
      int failed = 0;
      for (int i = 0; i < 200; i++) {
        failed += source.grab();
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertThat(failed).isZero();
      assertThat(allocated).isZero();
    }
  }

  @Test
  void xineramaScreensOfXvfbAllStartAtTheOrigin() throws IOException {
    // Xvfb's Xinerama places every X screen at 0,0: the desktop is the largest of them.
    try (XvfbServer server =
            startXvfb("640x480x24", "+xinerama", "-screen", "1", "320x240x24");
        XShmScreenSource whole = XShmScreenSource.open(server.display(), -1);
        XShmScreenSource second = XShmScreenSource.open(server.display(), 1)) {
      assertThat(whole.geometry().screens())
          .containsExactly(
              new ScreenGeometry.Screen(0, 0, 0, 640, 480),
              new ScreenGeometry.Screen(1, 0, 0, 320, 240));
      ScreenGeometry g = second.geometry();
      assertThat(g.screenIndex()).isEqualTo(1);
      assertThat(List.of(g.x(), g.y(), g.width(), g.height())).containsExactly(0, 0, 320, 240);
      assertThat(List.of(g.desktopWidth(), g.desktopHeight())).containsExactly(640, 480);

      server.client(0, WHITE_XTERM);
      awaitWhiteXterm(second);
      assertThat(second.stride()).isGreaterThanOrEqualTo(4 * 320);
      assertSameRegion(second, whole);
    }
  }

  @Test
  void screenIndexCapturesAMonitorAtAnOffset() throws IOException {
    // RandR monitors give Xinerama clients side-by-side screens, which Xvfb cannot do by itself.
    try (XvfbServer server = startXvfb("1280x480x24")) {
      server.addMonitor("left", 0, 0, 640, 480);
      server.addMonitor("right", 640, 0, 640, 480);
      try (XShmScreenSource whole = XShmScreenSource.open(server.display(), -1);
          XShmScreenSource right = XShmScreenSource.open(server.display(), 1)) {
        assertThat(whole.geometry().screens())
            .startsWith(
                new ScreenGeometry.Screen(0, 0, 0, 640, 480),
                new ScreenGeometry.Screen(1, 640, 0, 640, 480));
        ScreenGeometry g = right.geometry();
        assertThat(List.of(g.x(), g.y(), g.width(), g.height())).containsExactly(640, 0, 640, 480);
        assertThat(List.of(g.desktopWidth(), g.desktopHeight())).containsExactly(1280, 480);

        server.client(
            0, "xterm", "-geometry", "40x10+700+0", "-bg", "white", "-fg", "black", "-e", "sleep",
            "60");
        await(
            () -> right.grab() == ScreenSource.GRAB_OK
                && count(right, 80, 30, 180, 90, rgb -> !isWhite(rgb)) == 0,
            "the xterm at x=700 to appear at x=60 of the right screen");
        assertThat(count(right, 400, 300, 200, 150, rgb -> rgb != 0)).isZero();
        assertSameRegion(right, whole);
      }
    }
  }

  @Test
  void xInputDriverTypesIntoAnXterm(@TempDir Path dir) throws IOException {
    try (XvfbServer server = startXvfb(SIZE);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1);
        XInputDriver input = XInputDriver.open(server.display())) {
      server.client(0, WHITE_XTERM);
      awaitWhiteXterm(source);
      input.moveTo(120, 70); // no window manager: the keyboard follows the pointer
      // Lines 2 to 4, inside the window's one-pixel black border, are empty.
      assertThat(count(source, 4, 20, 232, 40, XShmScreenSourceTest::isDark)).isZero();

      input.typeText("echo hello\n");
      await(
          () -> source.grab() == ScreenSource.GRAB_OK
              && count(source, 4, 20, 232, 40, XShmScreenSourceTest::isDark) > 20,
          "the output of 'echo hello' on the second and third lines");

      // Shifted and unshifted punctuation, checked character by character through a file.
      String text = "Hello, World! ~@#$%^&*()_+{}|:\"<>? `-=[]\\;,./";
      Path out = dir.resolve("typed.txt");
      input.typeText("printf '%s\\n' '" + text + "' > " + out + "\n");
      await(() -> Files.exists(out) && read(out).endsWith("\n"), "the shell to write " + out);
      assertThat(read(out)).isEqualTo(text + "\n");

      input.key("Return");
      input.click(1);
    }
  }

  @Test
  void grabFailsWithoutThrowingAfterTheScreenShrinks() throws IOException {
    try (XvfbServer server = startXvfb(SIZE);
        XShmScreenSource source = XShmScreenSource.open(server.display(), -1)) {
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      server.resize(320, 240);
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
      assertThat(source.lastError()).contains("BadMatch").contains("resize");
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
    }
  }

  @Test
  void grabFailsWithoutThrowingWhenTheServerDies() throws IOException {
    assumeTrue(X11Errors.survivesLostConnection(), "libX11 older than 1.7 exits on a lost server");
    XvfbServer server = startXvfb(SIZE);
    XShmScreenSource source = XShmScreenSource.open(server.display(), -1);
    try {
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_OK);
      server.close();
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
      assertThat(source.lastError()).contains("lost the connection").contains(server.display());
      assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
    } finally {
      source.close();
      server.close();
    }
    // Still alive, and other displays still work.
    try (XShmScreenSource other = XShmScreenSource.open(idle.display(), -1)) {
      assertThat(other.grab()).isEqualTo(ScreenSource.GRAB_OK);
    }
  }

  @Test
  void closeIsIdempotentAndAClosedSourceFailsToGrab() {
    XShmScreenSource source = XShmScreenSource.open(idle.display(), -1);
    source.close();
    source.close();
    assertThat(source.grab()).isEqualTo(ScreenSource.GRAB_FAILED);
    assertThat(source.lastError()).contains("closed");
  }

  @Test
  void screenIndexOutOfRangeNamesTheValidRange() {
    assertThatThrownBy(() -> XShmScreenSource.open(idle.display(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("screen index 1 is out of range")
        .hasMessageContaining("1 screen, use 0, or -1 for the whole desktop");
    assertThatThrownBy(() -> XShmScreenSource.open(idle.display(), -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("screen index -2 is out of range");
  }

  @Test
  void displayWithoutServerIsNamed() {
    String display = unusedDisplay();
    assertThatThrownBy(() -> XShmScreenSource.open(display, -1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot open X display '" + display + "'");
    assertThat(XShmScreenSource.isUsable(display)).isFalse();
    assertThat(XShmScreenSource.isUsable(idle.display())).isTrue();
  }

  @Test
  void serverWithoutMitShmPointsToTheRobotSource() throws IOException {
    try (XvfbServer server =
        startXvfb("640x480x24", "-extension", "MIT-SHM")) {
      assertThatThrownBy(() -> XShmScreenSource.open(server.display(), -1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The X server on '" + server.display() + "' has no MIT-SHM")
          .hasMessageContaining("use the robot source");
      assertThat(XShmScreenSource.isUsable(server.display())).isFalse();
    }
  }

  @Test
  void displayReachedOverTcpCannotShareMemory() throws IOException {
    // Over TCP the server cannot check who we are, so our 0600 segment is refused: as remote.
    try (XvfbServer server = startXvfb("640x480x24", "-listen", "tcp")) {
      String tcp = "127.0.0.1" + server.display();
      assertThatThrownBy(() -> XShmScreenSource.open(tcp, -1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot attach")
          .hasMessageContaining("remote display")
          .hasMessageContaining("use the robot source");
    }
  }

  @Test
  void sixteenBitDepthIsRefused() throws IOException {
    try (XvfbServer server = startXvfb("640x480x16")) {
      assertThatThrownBy(() -> XShmScreenSource.open(server.display(), -1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("depth 16")
          .hasMessageContaining("use the robot source");
    }
  }

  @Test
  void missingDisplayVariableIsExplained() throws Exception {
    String out = runWithoutDisplay(OpenWithoutDisplay.class);
    assertThat(out).startsWith("IllegalStateException: No X display: DISPLAY is not set.");
  }

  /** Run in a child JVM without {@code DISPLAY}. */
  static final class OpenWithoutDisplay {
    public static void main(String[] args) {
      try {
        XShmScreenSource.open(null, -1).close();
        System.out.print("opened");
      } catch (RuntimeException e) {
        System.out.print(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Starts Xvfb with screen 0 of {@code size} and more arguments. With {@code -noreset}: by
   * default Xvfb resets when its last client leaves and refuses connections for a moment (about
   * 4% of the opens that directly follow a close failed), which would make these tests flaky.
   */
  private static XvfbServer startXvfb(String size, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("-noreset", "-screen", "0", size));
    args.addAll(List.of(more));
    return XvfbServer.start(args.toArray(new String[0]));
  }

  // ---- helpers shared with RobotScreenSourceTest ----

  /**
   * Runs {@code main} in a child JVM with this classpath and no DISPLAY; returns its stdout, or
   * its stderr after a marker when it printed nothing, so that a failed start shows why.
   */
  static String runWithoutDisplay(Class<?> main) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    Path err = Files.createTempFile("child-jvm", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
      pb.environment().remove("DISPLAY");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String stdout = new String(out, StandardCharsets.UTF_8);
      return stdout.isEmpty() ? "<no output; stderr:> " + Files.readString(err) : stdout;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** The RGB of one pixel, without the undefined fourth byte. */
  static int rgb(ScreenSource s, int x, int y) {
    return s.pixels().getInt(y * s.stride() + 4 * x) & 0xffffff;
  }

  /** How many pixels of the rectangle match. */
  static int count(ScreenSource s, int x0, int y0, int w, int h, java.util.function.IntPredicate p) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if (p.test(rgb(s, x, y))) {
          n++;
        }
      }
    }
    return n;
  }

  static boolean isWhite(int rgb) {
    return (rgb >> 16 & 0xff) >= 0xe0 && (rgb >> 8 & 0xff) >= 0xe0 && (rgb & 0xff) >= 0xe0;
  }

  static boolean isDark(int rgb) {
    return (rgb >> 16 & 0xff) < 0x40 && (rgb >> 8 & 0xff) < 0x40 && (rgb & 0xff) < 0x40;
  }

  /** Polls until the condition holds; fails with {@code what} after 15 s. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      XvfbServer.sleep(50);
    }
  }

  /** Waits until the white xterm at 0,0 of {@code source}'s area has drawn its background. */
  private static void awaitWhiteXterm(ScreenSource source) {
    await(
        () -> source.grab() == ScreenSource.GRAB_OK
            && count(source, 20, 30, 180, 90, rgb -> !isWhite(rgb)) == 0,
        "the white xterm to draw");
  }

  /** The part's pixels equal the whole desktop's pixels at the part's offset, X byte ignored. */
  private static void assertSameRegion(ScreenSource part, ScreenSource whole) {
    ScreenGeometry g = part.geometry();
    for (int attempt = 0; ; attempt++) {
      assertThat(whole.grab()).isEqualTo(ScreenSource.GRAB_OK);
      assertThat(part.grab()).isEqualTo(ScreenSource.GRAB_OK);
      int mismatches = 0;
      for (int y = 0; y < g.height(); y++) {
        for (int x = 0; x < g.width(); x++) {
          if (rgb(part, x, y) != rgb(whole, g.x() + x, g.y() + y)) {
            mismatches++;
          }
        }
      }
      if (mismatches == 0) {
        return;
      }
      if (attempt == 5) {
        throw new AssertionError(mismatches + " pixels differ between the screen and the desktop");
      }
      XvfbServer.sleep(100); // something was still drawing between the two grabs
    }
  }

  private static byte[] copy(ScreenSource source) {
    ByteBuffer view = source.pixels().duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String unusedDisplay() {
    for (int n = 4321; ; n++) {
      if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
        return ":" + n;
      }
    }
  }
}

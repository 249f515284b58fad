package io.screentrail.cli;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.screentrail.internal.x11.X11Errors;
import io.screentrail.internal.x11.XInputDriver;
import io.screentrail.internal.x11.XTest;
import io.screentrail.internal.x11.Xlib;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code screentrail demo}: the first command to try, on any machine with Xvfb and no display of
 * its own. Starts a private Xvfb, opens real X clients on it (xterm, xclock, xeyes, xlogo, those
 * that are installed) and records it with {@code screentrail record --input global} in a child
 * JVM whose {@code DISPLAY} is the private display, while this JVM clicks, types, drags, scrolls
 * and presses ctrl+l on it through XTEST. Then it tears everything down and prints what {@code
 * inspect} says about the session.
 *
 * <p>Why a child JVM: the global input hook listens to the display in the process's own {@code
 * DISPLAY}, which a running JVM cannot change. Recording in this JVM would capture the keyboard
 * and mouse of the user's desktop; the child captures the private display's only.
 *
 * <p>Everything started here is stopped here, on Ctrl-C and SIGTERM too: a shutdown hook stops the
 * driving, sends the recorder SIGTERM and waits for it (its own shutdown hook ends the session
 * cleanly), then kills the clients and Xvfb.
 */
final class DemoCommand {

  static final String HELP = """
      Usage: screentrail demo [--out DIR] [--seconds N]

      Starts a private virtual display (Xvfb, 1280x800), opens xterm, xclock, xeyes and xlogo
      on it and records it, screen and input, while the demo uses the windows: it clicks,
      types commands into the xterm, selects text with a drag, scrolls, right-clicks and
      clears the terminal with ctrl+l. Then it stops everything and prints the session's
      summary. The recorder runs as a separate process whose DISPLAY is the private display:
      your own screen, keyboard and mouse are not recorded.

        --out DIR       session directory to create (default ./screentrail-demo-<date-time>)
        --seconds N     how long to record, 3 to 3600 (default 30)

      Then try: screentrail export DIR --format trajectory --out DIR.jsonl

      Needs Xvfb (sudo apt-get install xvfb); xterm and x11-apps make it livelier
      (sudo apt-get install xterm x11-apps).
      """;

  static final String NO_XVFB = "Xvfb is not installed: sudo apt-get install xvfb (Debian/Ubuntu)"
      + " or dnf install xorg-x11-server-Xvfb (Fedora), then run ./screentrail demo again";

  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final double FPS = 2;
  // Where the xterm goes; the pointer rests inside it so that it has the keyboard focus (there is
  // no window manager, so the focus follows the pointer).
  private static final int XTERM_X = 300;
  private static final int XTERM_Y = 220;
  private static final int EYES_X = 1150;
  private static final int EYES_Y = 300;
  private static final long TYPING_DELAY_MILLIS = 35;
  // Longer than the recorder's typing pause (500 ms) and than one capture period at 2 fps.
  private static final long TYPING_PAUSE_MILLIS = 700;

  private DemoCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException, EnvironmentException {
    Args args = Args.parse("demo", argv, List.of("--out", "--seconds"), List.of(), 0);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    int seconds = args.integer("--seconds", 30, 3, 3600);
    Path out = Path.of(args.has("--out")
        ? args.required("--out", "the session directory to create")
        : "screentrail-demo-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Cli.requireNewOrEmpty(out, "--out", "Session directory", "a recording never overwrites files");
    Path xvfb = cli.executable("Xvfb");
    if (xvfb == null) {
      throw new EnvironmentException(NO_XVFB);
    }
    Demo demo = new Demo(cli, out, seconds, xvfb);
    Thread hook = new Thread(demo::interrupt, "screentrail-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running or has run.
      }
    }
  }

  /** One run of the demo: the processes it started, the recorder, and the driving. */
  private static final class Demo {

    private final Cli cli;
    private final Path out;
    private final int seconds;
    private final Path xvfbBinary;
    private final List<Process> clients = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();
    private final CountDownLatch drivingDone = new CountDownLatch(1);
    private final CompletableFuture<Boolean> recorderReady = new CompletableFuture<>();
    private final List<String> recorderMessages = new ArrayList<>();
    private volatile boolean stop;
    private volatile boolean interrupted;
    private volatile boolean forwardMessages;
    private Process xvfb;
    private String display;
    private Process recorder;
    private boolean finished;
    private int exitCode;

    Demo(Cli cli, Path out, int seconds, Path xvfbBinary) {
      this.cli = cli;
      this.out = out;
      this.seconds = seconds;
      this.xvfbBinary = xvfbBinary;
    }

    int run() throws EnvironmentException, UsageException {
      long deadline;
      try {
        startXvfb();
        startClients();
        pauseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500)); // windows map
        startRecorder();
        // The recorder stops by itself after --seconds from its start, which is about now.
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      } catch (EnvironmentException | UsageException | RuntimeException e) {
        drivingDone.countDown();
        synchronized (this) {
          finished = true;
          stopEverything();
        }
        throw e;
      }
      if (stop) {
        drivingDone.countDown(); // stopped (Ctrl-C) while the recorder was starting
        return finish();
      }
      cli.message("demo: recording the private display " + display + " (" + WIDTH + "x" + HEIGHT
          + ", " + String.join(", ", shown) + ") with its keyboard and mouse for " + seconds
          + " s into " + out + "; Ctrl-C stops early");
      try {
        drive(deadline);
      } finally {
        drivingDone.countDown();
      }
      // When driving failed, the recorder goes on recording the clock and the eyes.
      awaitRecorder(deadline + TimeUnit.SECONDS.toNanos(20));
      return finish();
    }

    /** From the shutdown hook: stop driving, then stop and report like a normal end. */
    void interrupt() {
      interrupted = true;
      stop = true;
      try {
        // The main thread owns the input connections: let it close them before the display goes.
        drivingDone.await(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finish();
    }

    /**
     * {@code command} in a session of its own, through {@code setsid} where it is installed. A
     * Ctrl-C in a terminal signals the whole foreground process group: Xvfb would quit at once,
     * under the recorder, which then loses its display before it can end the session. Detached,
     * the children hear only from this process, which stops them in order. ({@code setsid}
     * execs in place here, as a child of a JVM is not a process group leader, so the process
     * handle stays that of the command.)
     */
    private List<String> detached(List<String> command) {
      Path setsid = cli.executable("setsid");
      if (setsid == null) {
        return command;
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(setsid.toString());
      cmd.addAll(command);
      return cmd;
    }

    private void startXvfb() throws EnvironmentException {
      List<String> cmd = List.of(xvfbBinary.toString(), "-displayfd", "1", "-screen", "0",
          WIDTH + "x" + HEIGHT + "x24", "-nolisten", "tcp");
      try {
        xvfb = new ProcessBuilder(detached(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException e) {
        throw new EnvironmentException("cannot start Xvfb (" + xvfbBinary + "): "
            + e.getMessage());
      }
      // Xvfb picks a free display and writes its number to the -displayfd descriptor once it
      // accepts connections; a reader thread bounds the wait.
      BufferedReader reader = new BufferedReader(
          new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
      CompletableFuture<String> line = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          line.complete(reader.readLine());
        } catch (IOException e) {
          line.completeExceptionally(e);
        }
      }, "screentrail-demo-xvfb");
      t.setDaemon(true);
      t.start();
      String number;
      try {
        number = line.get(20, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        number = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        number = null;
      }
      if (number == null || !number.trim().matches("[0-9]+")) {
        throw new EnvironmentException("Xvfb did not start (" + String.join(" ", cmd) + "): run"
            + " that command yourself to see why");
      }
      display = ":" + number.trim();
    }

    private void startClients() {
      List<String> missing = new ArrayList<>();
      Path shell = cli.executable("bash");
      List<String[]> commands = List.of(
          shell != null
              ? new String[] {"xterm", "-geometry", "100x34+16+16", "-title", "screentrail demo",
                  "-e", shell.toString(), "--norc", "--noprofile"}
              : new String[] {"xterm", "-geometry", "100x34+16+16", "-title", "screentrail demo"},
          new String[] {"xclock", "-update", "1", "-geometry", "200x200+1060+16"},
          new String[] {"xeyes", "-geometry", "200x140+1060+240"},
          new String[] {"xlogo", "-geometry", "160x160+1080+410"});
      for (String[] command : commands) {
        Path binary = cli.executable(command[0]);
        if (binary == null) {
          missing.add(command[0]);
          continue;
        }
        command[0] = binary.toString();
        ProcessBuilder pb = new ProcessBuilder(detached(List.of(command)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display);
        pb.environment().put("PS1", "demo$ ");
        try {
          clients.add(pb.start());
          shown.add(binary.getFileName().toString());
        } catch (IOException e) {
          missing.add(binary.getFileName() + " (" + e.getMessage() + ")");
        }
      }
      if (!missing.isEmpty()) {
        cli.message("demo: " + String.join(", ", missing) + " not available, so the demo runs"
            + " without " + (missing.size() == 1 ? "it" : "them") + "; install with: sudo"
            + " apt-get install xterm x11-apps");
      }
      if (shown.isEmpty()) {
        shown.add("no windows");
      }
    }

    /**
     * Starts {@code screentrail record} in a child JVM on the private display, with {@code
     * DISPLAY} set to it so that the global input hook listens there, and waits until it records.
     */
    private void startRecorder() throws EnvironmentException, UsageException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      List<String> cmd = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "record", "--out", out.toString(), "--display", display,
          "--input", "global", "--fps", Cli.number(FPS), "--duration", seconds + "s");
      // Its summary is not shown: this command prints inspect's once the recorder is done.
      ProcessBuilder pb = new ProcessBuilder(detached(cmd))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DISPLAY", display);
      Process p;
      synchronized (this) {
        if (stop) {
          return;
        }
        try {
          p = pb.start();
        } catch (IOException e) {
          throw new EnvironmentException("cannot start the recorder (" + java + "): "
              + e.getMessage());
        }
        recorder = p;
      }
      Thread t = new Thread(() -> readRecorderMessages(p), "screentrail-demo-recorder");
      t.setDaemon(true);
      t.start();
      boolean ready;
      try {
        ready = recorderReady.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        ready = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ready = false;
      }
      if (ready) {
        return;
      }
      if (stop) {
        return; // Ctrl-C while it started: finish() stops it
      }
      awaitOrKill(p, 5);
      String why = recorderMessages();
      int code = p.isAlive() ? -1 : p.exitValue();
      String message = "the recorder " + (code < 0 ? "did not start within 60 s"
          : "exited with code " + code) + (why.isEmpty() ? "" : ": " + why);
      if (code == Main.USAGE) {
        throw new UsageException(message);
      }
      throw new EnvironmentException(message);
    }

    /**
     * Reads the recorder's standard error: its "recording ..." line means it is up; its status
     * lines are dropped (this command prints the summary); other messages are kept, and passed
     * on once it records.
     */
    private void readRecorderMessages(Process p) {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String text = line.startsWith(Cli.PREFIX) ? line.substring(Cli.PREFIX.length()) : line;
          if (text.startsWith("recording ")) {
            forwardMessages = true;
            recorderReady.complete(true);
          } else if (!text.matches("\\d+:\\d\\d:\\d\\d  frames .*")) {
            if (forwardMessages) {
              cli.message("demo: recorder: " + text);
            } else {
              synchronized (recorderMessages) {
                recorderMessages.add(text);
              }
            }
          }
        }
      } catch (IOException e) {
        // The pipe closes when the recorder exits.
      } finally {
        recorderReady.complete(false);
      }
    }

    private String recorderMessages() {
      synchronized (recorderMessages) {
        return String.join("; ", recorderMessages);
      }
    }

    /**
     * Waits for the recorder to stop by itself at the end of its duration, or earlier when it
     * fails or the demo is stopped, until {@code untilNanos} ({@link System#nanoTime()}).
     */
    private void awaitRecorder(long untilNanos) {
      Process p;
      synchronized (this) {
        p = recorder;
      }
      try {
        if (!p.waitFor(untilNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          cli.message("demo: the recorder did not stop by itself; stopping it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Uses the windows: clicks, types, selects text, scrolls, right-clicks and clears the xterm,
     * with pauses, until the deadline or a stop.
     */
    private void drive(long deadline) {
      Hands input;
      try {
        input = Hands.open(display);
      } catch (IllegalStateException | LinkageError e) {
        cli.message("demo: cannot drive the windows (" + e.getMessage() + "); recording them"
            + " as they are");
        return;
      }
      try (input) {
        boolean more = true;
        while (more) {
          // Pauses leave the screen unchanged but for the clock, so the recording shows skips,
          // and longer than the typing pause, so each command is an action of its own.
          more = glide(input, WIDTH / 2, HEIGHT / 2, XTERM_X, XTERM_Y, deadline)
              && pause(600, deadline)
              && click(input, 1, deadline) // into the xterm
              && pause(1000, deadline)
              && command(input, "echo hello from screentrail", deadline)
              && pause(1500, deadline)
              && command(input, "seq 1 50", deadline)
              && pause(1500, deadline)
              && wheel(input, 4, 3, deadline) // back into the scrollback
              && pause(1200, deadline)
              && wheel(input, 5, 3, deadline)
              && pause(1200, deadline)
              && command(input, "ls -la /usr/bin | head -25", deadline)
              && pause(1500, deadline)
              && drag(input, 40, 100, 520, 170, deadline) // selects a few lines
              && pause(1200, deadline)
              && glide(input, 520, 170, 90, 60, deadline)
              && click(input, 1, deadline) && pause(120, deadline) // a double click selects
              && click(input, 1, deadline) // a word
              && pause(1200, deadline)
              && click(input, 3, deadline) // in xterm, extends the selection
              && pause(1200, deadline)
              && hotkey(input, "Control_L", "l", deadline) // bash clears the screen
              && pause(1500, deadline)
              && glide(input, 90, 60, EYES_X, EYES_Y, deadline) // the eyes follow
              && pause(1000, deadline)
              && glide(input, EYES_X, EYES_Y, XTERM_X, XTERM_Y, deadline)
              && pause(1500, deadline);
        }
      } catch (RuntimeException e) {
        // An X error such as a key missing from the map: keep recording, stop driving.
        cli.message("demo: driving the windows stopped (" + e.getMessage() + "); still"
            + " recording");
      }
    }

    private boolean type(Hands input, String text, long deadline) {
      for (int i = 0; i < text.length(); i++) {
        if (!pause(TYPING_DELAY_MILLIS, deadline)) {
          return false;
        }
        input.driver.typeText(text.substring(i, i + 1));
      }
      return true;
    }

    /**
     * Types a command, pauses past the recorder's typing pause so that the text is an action of
     * its own with an after frame showing it, then presses Enter.
     */
    private boolean command(Hands input, String text, long deadline) {
      if (!type(input, text, deadline) || !pause(TYPING_PAUSE_MILLIS, deadline)) {
        return false;
      }
      input.driver.key("Return");
      return true;
    }

    private boolean click(Hands input, int button, long deadline) {
      if (stop || System.nanoTime() >= deadline) {
        return false;
      }
      input.driver.click(button);
      return true;
    }

    private boolean wheel(Hands input, int button, int notches, long deadline) {
      for (int i = 0; i < notches; i++) {
        if (!click(input, button, deadline) || !pause(80, deadline)) {
          return false;
        }
      }
      return true;
    }

    private boolean drag(Hands input, int x0, int y0, int x1, int y1, long deadline) {
      if (!glide(input, XTERM_X, XTERM_Y, x0, y0, deadline)) {
        return false;
      }
      input.button(1, true);
      try {
        return glide(input, x0, y0, x1, y1, deadline);
      } finally {
        input.button(1, false); // never leave the button held, even when stopping
      }
    }

    private boolean hotkey(Hands input, String modifier, String key, long deadline) {
      if (stop || System.nanoTime() >= deadline) {
        return false;
      }
      input.key(modifier, true);
      try {
        input.driver.key(key);
      } finally {
        input.key(modifier, false);
      }
      return true;
    }

    private boolean glide(Hands input, int x0, int y0, int x1, int y1, long deadline) {
      int steps = 20;
      for (int i = 1; i <= steps; i++) {
        if (!pause(40, deadline)) {
          return false;
        }
        input.driver.moveTo(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
      }
      return true;
    }

    /** Sleeps; false when the demo should end instead. */
    private boolean pause(long millis, long deadline) {
      long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
      pauseUntil(until);
      return !stop && System.nanoTime() < deadline;
    }

    private void pauseUntil(long nanoTime) {
      while (!stop) {
        long left = nanoTime - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop = true;
        }
      }
    }

    /** Stops everything once, then reports; a second call waits for the first. */
    synchronized int finish() {
      if (finished) {
        return exitCode;
      }
      finished = true;
      stop = true;
      boolean recorded = recorder != null;
      Integer recorderExit = stopEverything();
      if (!recorded) {
        cli.message("demo: stopped before recording started");
        exitCode = Main.FAILED;
        return exitCode;
      }
      exitCode = report(recorderExit);
      return exitCode;
    }

    /**
     * Stops the recorder (SIGTERM, so that it ends the session cleanly) before the display it
     * reads goes away, then the clients, then Xvfb.
     *
     * @return the recorder's exit code, or {@code null} when it had to be killed or never ran
     */
    private Integer stopEverything() {
      Integer recorderExit = null;
      if (recorder != null) {
        if (recorder.isAlive()) {
          recorder.destroy();
        }
        if (awaitOrKill(recorder, 15)) {
          recorderExit = recorder.exitValue();
        }
      }
      for (Process p : clients) {
        p.descendants().forEach(ProcessHandle::destroy); // the xterm's shell
        p.destroy();
      }
      for (Process p : clients) {
        awaitOrKill(p, 3);
      }
      if (xvfb != null) {
        xvfb.destroy();
        awaitOrKill(xvfb, 3);
      }
      return recorderExit;
    }

    /** Waits for {@code p} to exit, killing it after {@code seconds}; whether it exited itself. */
    private static boolean awaitOrKill(Process p, int seconds) {
      try {
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
          return true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    private int report(Integer recorderExit) {
      // 0 when it stopped after its duration; 143 (SIGTERM) or 130 (Ctrl-C reaches it too) when
      // stopped early, which its shutdown hook handles like a normal end.
      boolean recorderOk = recorderExit != null && (recorderExit == Main.OK
          || (interrupted && (recorderExit == 128 + 15 || recorderExit == 128 + 2)));
      if (!recorderOk) {
        String why = recorderMessages();
        cli.message("the recorder " + (recorderExit == null ? "had to be killed"
            : "exited with code " + recorderExit) + (why.isEmpty() ? "" : ": " + why)
            + "; the session is readable up to its last complete record");
      }
      cli.out().println();
      cli.out().println(interrupted
          ? "Demo stopped early (Ctrl-C or SIGTERM); the session is complete up to that point."
          : "Demo finished: recorded " + seconds + " s of a private display with "
              + String.join(", ", shown) + ", and its keyboard and mouse.");
      cli.out().println("The session is in " + out.toAbsolutePath().normalize());
      cli.out().println();
      int code;
      try (SessionReader reader = SessionReader.open(out)) {
        SessionCheck check = reader.check();
        InspectCommand.printSummary(cli.out(), out, reader.manifest(), check);
        code = check.ok() && recorderOk ? Main.OK : Main.FAILED;
      } catch (IOException e) {
        cli.message("cannot read the session back: " + e.getMessage());
        code = Main.FAILED;
      }
      String dir = Cli.shellWord(out);
      cli.out().println();
      cli.out().println("Next, try:");
      cli.out().println("  ./screentrail inspect " + dir + " --json");
      cli.out().println("  ./screentrail export " + dir + " --format trajectory --out "
          + Cli.shellWord(Path.of(out + ".jsonl")));
      cli.out().println("  ./screentrail export " + dir + " --format frames --out "
          + Cli.shellWord(Path.of(out + "-frames")));
      cli.out().println("  ./screentrail view " + dir + " --out "
          + Cli.shellWord(Path.of(out + ".html")) + "   (open it in a browser)");
      cli.out().println("  ./screentrail record --out my-session --duration 1m   (your own"
          + " screen)");
      cli.out().flush();
      return code;
    }
  }

  /**
   * The demo's hands: {@link XInputDriver} for moves, clicks and keys, plus what it lacks,
   * holding a mouse button or a modifier key while the driver sends other events, through XTEST
   * on a connection of its own. Both connections sync after each call, so the server sees the
   * events in the order they were sent.
   */
  private static final class Hands implements AutoCloseable {

    private static final NativeLong NOW = new NativeLong(0);

    final XInputDriver driver;
    private final XTest xtest;
    private final Pointer display;
    private final X11Errors.Slot errors;

    private Hands(XInputDriver driver, XTest xtest, Pointer display, X11Errors.Slot errors) {
      this.driver = driver;
      this.xtest = xtest;
      this.display = display;
      this.errors = errors;
    }

    /** Opens both connections; throws {@link IllegalStateException} as the driver does. */
    static Hands open(String displayName) {
      XInputDriver driver = XInputDriver.open(displayName); // checks libXtst and XTEST
      Pointer d = Xlib.XOpenDisplay(displayName);
      if (d == null) {
        driver.close();
        throw new IllegalStateException("Cannot open X display '" + displayName + "'");
      }
      return new Hands(driver, XTest.instance(), d, X11Errors.register(d));
    }

    /** Presses or releases mouse button {@code button} where the pointer is. */
    void button(int button, boolean press) {
      xtest.XTestFakeButtonEvent(display, button, press ? Xlib.TRUE : Xlib.FALSE, NOW);
      sync();
    }

    /** Presses or releases the key of the keysym named {@code keysymName}, such as Control_L. */
    void key(String keysymName, boolean press) {
      NativeLong sym = Xlib.XStringToKeysym(keysymName);
      int keycode = Xlib.XKeysymToKeycode(display, sym) & 0xff;
      if (keycode == 0) {
        throw new IllegalArgumentException("no key produces " + keysymName);
      }
      xtest.XTestFakeKeyEvent(display, keycode, press ? Xlib.TRUE : Xlib.FALSE, NOW);
      sync();
    }

    private void sync() {
      errors.clear();
      Xlib.XSync(display, Xlib.FALSE);
      if (errors.failed()) {
        throw new IllegalStateException("X error while injecting input: " + errors.describe());
      }
    }

    @Override
    public void close() {
      driver.close();
      X11Errors.close(errors);
    }
  }
}

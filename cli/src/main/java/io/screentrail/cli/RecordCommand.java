package io.screentrail.cli;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.ImageFormat;
import io.screentrail.OcrFailurePolicy;
import io.screentrail.RedactionMode;
import io.screentrail.SourceKind;
import io.screentrail.input.InputMode;
import io.screentrail.input.InputUnavailableException;
import io.screentrail.policy.Policy;
import io.screentrail.policy.PolicyFile;
import io.screentrail.session.SessionException;
import io.screentrail.source.ScreenGeometry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code screentrail record --out DIR ...}: records the screen, and by default the keyboard and
 * mouse as actions, into a new session until Ctrl-C, SIGTERM or the {@code --duration} passes,
 * with a live status line, and prints a summary. A shutdown hook closes the engine, so an
 * interrupted recording still ends with an end record.
 *
 * <p>Global input comes from jnativehook, which listens to the display in this process's {@code
 * DISPLAY}; so {@code --input global} with a {@code --display} on another X server is refused
 * rather than pairing one display's input with another's frames.
 */
final class RecordCommand {

  static final String HELP = """
      Usage: screentrail record --out DIR [flags]

      Records the screen into the session directory DIR (new or empty) until Ctrl-C, SIGTERM
      or --duration. Only frames that changed are stored; the session stays readable even if
      the recorder is killed.

        --out DIR              session directory to create (required)
        --fps N                captures per second, more than 0 and at most 60 (default 1)
        --duration D           stop by itself after D: 500ms, 30s, 2m, 1h; a plain number is
                               seconds (default: until Ctrl-C or SIGTERM)
        --screen N             record screen N only, from 0 (default: the whole desktop)
        --format jpeg|png      how frames are stored (default jpeg)
        --quality 1-100        JPEG quality (default 80)
        --source auto|xshm|robot
                               screen grabber: xshm is X11 shared memory, robot is
                               java.awt.Robot; auto takes xshm where it works (default auto)
        --display :N           X display to record (default: $DISPLAY)
        --input global|optional|off
                               keyboard and mouse capture, turned into actions (click, type,
                               key, hotkey, drag, scroll) paired with the frames before and
                               after them. global: capture it or fail; optional: capture it
                               when the display allows, else record the screen only and say
                               so; off: the screen only (default global). Global input is
                               taken from the display in DISPLAY: to record another display
                               with input, run with DISPLAY=:N rather than --display :N
        --settle-timeout D     longest wait after an action for the screen to stop changing
                               before its after frame is taken, 100ms to 60s (default 3s)
        --typing-pause D       a pause this long ends a run of typed text, 100ms to 10s
                               (default 500ms)
        --no-redact            store frames as captured, without the engine's redaction of
                               sensitive text (by default text is read with OCR and cards,
                               keys, passwords, e-mails... are blurred before anything is stored)
        --redaction blur|pixelate
                               how sensitive text is hidden (default blur)
        --ocr-failure blur|drop
                               when OCR fails or falls behind: hide every unread line (blur,
                               the default) or drop the frame (drop); never stored raw
        --ocr-budget D         longest OCR time per frame before its unread lines count as
                               failed, 10ms to 60s (default 4s)
        --cpu-budget P         CPU ceiling in percent of one core, such as 5%: over it the
                               periodic rate is halved step by step (to 1/8), then OCR is
                               narrowed to the changed lines, then OCR reads limited to 8,
                               4, 2, 1, 0 a frame (lines past it hidden unread, read later);
                               redaction is never skipped; every step is counted (default:
                               no ceiling)
        --cpu-budget-window D  the window the CPU share is averaged over, 1s to 1h
                               (default 1m)
        --no-damage-hints      grab and hash the whole screen every tick instead of asking
                               the X server (DAMAGE extension) what was redrawn
        --no-scroll-copies     store moved content (a scrolled terminal or page) as images
                               instead of copies of rows already stored: more bytes and CPU,
                               session format version 1 for readers that predate copies
      """ + StorageFlags.KEY_HELP + """
                               With a key, every frame and record is encrypted (AES-256-GCM)
                               and inspect and export need the same key
        --max-bytes N          stop cleanly (end reason budget) before the session passes N
                               bytes: 500M, 2G (K, M, G are powers of 1024); at least 1M
        --min-free N           stop cleanly (end reason disk_low, exit 3) when the disk has
                               less than N free (default: 256M or 1% of the disk, the larger;
                               0: never)
        --root-max-bytes N     keep all sessions in the directory holding --out within N:
                               the oldest are removed first, never this one; each removal is
                               logged in removed.jsonl there (inspect lists them)
        --max-age D            remove sessions in that directory created more than D ago:
                               36h, 7d (at least 1m)
        --segment D            split the recording into segments of D (at least 10s): --out
                               becomes a recording directory (it may hold earlier segments)
                               with one complete session per segment; --root-max-bytes and
                               --max-age then apply to --out itself, oldest segments first
        --segment-bytes N      also start a new segment before one passes N bytes

      Privacy policy (stored in the manifest with its hash):
        --allow-app CLASS[:TITLE_REGEX]
                               record only the windows of this application (X11 WM_CLASS
                               class or instance; repeatable); every other pixel is blanked
                               before anything sees it, frames with none visible are not
                               stored, and keys typed in other windows are not stored
        --deny-app CLASS[:TITLE_REGEX]
                               never record this application, even if allowed (repeatable)
        --policy FILE          a policy file (JSON: purpose, allow, deny, maskAllTyping,
                               passwordTitles, pauseHotkey); the flags above add to it
        --purpose TEXT         why the recording is made, stored in the manifest
        --mask-typing          store every typed text as masked runs (length and timing only);
                               without it only passwords are masked (typed after a password
                               prompt or field was seen, or in a window titled sudo, login...)
        --pause-hotkey KEYS    a hotkey such as ctrl+alt+p that pauses and resumes recording
                               (the hotkey itself is not stored)
      SIGUSR1 (kill -USR1 PID) pauses and resumes recording too; pauses are marked on the
      timeline and nothing is captured or stored while paused.

      Example: screentrail record --out session --fps 2 --duration 10m
      Then:    screentrail inspect session
               screentrail export session --format trajectory --out session.jsonl
      """;

  /** {@code --cpu-budget}, {@code --cpu-budget-window} and {@code --no-damage-hints}. */
  private record PerformanceFlags(boolean damageHints, double cpuBudget, Duration window) {

    /** Parsed with the other flags, so a bad value is a usage error before anything starts. */
    static PerformanceFlags parse(Args args) throws UsageException {
      Duration window = args.duration("--cpu-budget-window", Duration.ofMinutes(1),
          Duration.ofSeconds(1), Duration.ofHours(1));
      double budget = 0;
      if (args.has("--cpu-budget")) {
        budget = parsePercent(args.required("--cpu-budget", "a percentage such as 5%")) / 100;
      } else if (args.has("--cpu-budget-window")) {
        throw new UsageException("--cpu-budget-window needs --cpu-budget, such as"
            + " --cpu-budget 5%");
      }
      return new PerformanceFlags(!args.flag("--no-damage-hints"), budget, window);
    }

    void apply(CaptureEngine.Builder builder) {
      builder.damageHints(damageHints);
      if (cpuBudget > 0) {
        builder.cpuBudget(cpuBudget, window);
      }
    }
  }

  /** {@code 5%} or {@code 5}: percent of one core, in (0, 6400]. */
  static double parsePercent(String text) throws UsageException {
    String t = text.strip();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    double p;
    try {
      p = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      p = Double.NaN;
    }
    if (!(p > 0 && p <= 6400)) {
      throw new UsageException("--cpu-budget must be a percentage of one core in (0, 6400],"
          + " such as 5% (150% is one and a half cores), was '" + text + "'");
    }
    return p;
  }

  static final String NO_DISPLAY = "No X display: DISPLAY is not set. Set DISPLAY (e.g."
      + " DISPLAY=:0) to record your desktop, or start a virtual one: `Xvfb :99 -screen 0"
      + " 1920x1080x24 &` then `DISPLAY=:99 ./screentrail record ...`, or try `./screentrail"
      + " demo`.";

  private static final List<String> VALUE_FLAGS = List.of("--out", "--fps", "--duration",
      "--screen", "--format", "--quality", "--source", "--display", "--input", "--settle-timeout",
      "--typing-pause", "--redaction", "--ocr-failure", "--ocr-budget", "--allow-app",
      "--deny-app", "--policy", "--purpose", "--pause-hotkey", "--key-file", "--key-env",
      "--max-bytes", "--min-free", "--root-max-bytes", "--max-age", "--segment",
      "--segment-bytes", "--cpu-budget", "--cpu-budget-window");
  private static final List<String> BOOLEAN_FLAGS = List.of("--no-redact", "--mask-typing",
      "--no-damage-hints",
      "--no-scroll-copies");

  private RecordCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException, EnvironmentException {
    Args args = Args.parse("record", argv, VALUE_FLAGS, BOOLEAN_FLAGS, 0);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    Path out = Path.of(args.required("--out", "the session directory to create, such as"
        + " --out session"));
    double fps = args.number("--fps", 1, 0, 60);
    Duration duration = args.duration("--duration", null);
    int screen = args.integer("--screen", -1, -1, 63);
    ImageFormat format = ImageFormat.parse(args.choice("--format", "jpeg", "jpeg", "png"));
    int quality = args.integer("--quality", 80, 1, 100);
    if (args.has("--quality") && format != ImageFormat.JPEG) {
      throw new UsageException("--quality applies to --format jpeg only; PNG is lossless");
    }
    SourceKind kind = SourceKind.parse(args.choice("--source", "auto", "auto", "xshm", "robot"));
    String display = args.has("--display")
        ? args.required("--display", "an X display name such as :0")
        : cli.variable("DISPLAY");
    InputMode inputMode = InputMode.parse(args.choice("--input", "global", "global", "optional",
        "off"));
    Duration settleTimeout = args.duration("--settle-timeout", null, Duration.ofMillis(100),
        Duration.ofSeconds(60));
    Duration typingPause = args.duration("--typing-pause", null, Duration.ofMillis(100),
        Duration.ofSeconds(10));
    Policy policy = policy(args);
    PerformanceFlags performance = PerformanceFlags.parse(args);
    if (!args.has("--segment") && !args.has("--segment-bytes")) {
      Cli.requireNewOrEmpty(out, "--out", "Session directory", "a recording never overwrites"
          + " files");
    }
    if (display == null) {
      throw new EnvironmentException(NO_DISPLAY);
    }
    String hookDisplay = hookDisplay();
    if (kind == SourceKind.ROBOT && !sameServer(display, hookDisplay)) {
      // The engine refuses this too; the command says it in terms of its flags.
      throw new UsageException("--source robot records the display Java started with ("
          + (hookDisplay == null ? "none: DISPLAY is not set" : "DISPLAY=" + hookDisplay)
          + "), not " + display + ": run with DISPLAY=" + display + " instead, or use --source"
          + " xshm");
    }
    String inputOff = inputMode == InputMode.API_ONLY ? "--input off" : null;
    if (inputMode != InputMode.API_ONLY && !sameServer(display, hookDisplay)) {
      String recorded = args.has("--display") ? "--display " + display : display;
      if (inputMode == InputMode.GLOBAL) {
        throw new UsageException("--input global cannot capture the keyboard and mouse of "
            + recorded + ": global input follows DISPLAY (" + (hookDisplay == null ? "not set"
                : "DISPLAY=" + hookDisplay) + "). Run with DISPLAY=" + display + " instead"
            + (args.has("--display") ? " of --display" : "") + " (DISPLAY=" + display
            + " ./screentrail record --out ...), or add --input optional or --input off to"
            + " record " + display + " without input");
      }
      // The hook would listen to another display than the one recorded: pairing its input with
      // these frames would be wrong, so optional means off here.
      inputMode = InputMode.API_ONLY;
      inputOff = "global input follows DISPLAY (" + (hookDisplay == null ? "not set"
          : hookDisplay) + "), not " + recorded + "; run with DISPLAY=" + display
          + " to capture it";
      cli.message("input is off, recording the screen only: " + inputOff);
    }
    StatusLine status = new StatusLine(cli);
    CaptureEngine engine;
    try {
      RedactionMode redaction = args.flag("--no-redact") ? RedactionMode.OFF
          : RedactionMode.parse(args.choice("--redaction", "blur", "blur", "pixelate"));
      OcrFailurePolicy ocrFailure = args.choice("--ocr-failure", "blur", "blur", "drop")
          .equals("drop") ? OcrFailurePolicy.DROP_FRAME : OcrFailurePolicy.BLUR_UNREAD;
      Duration ocrBudget = args.duration("--ocr-budget", Duration.ofSeconds(4),
          Duration.ofMillis(10), Duration.ofSeconds(60));
      CaptureEngine.Builder builder = CaptureEngine.builder()
          .sessionDirectory(out)
          .fps(fps)
          .source(kind)
          .display(display)
          .screen(screen)
          .format(format)
          .jpegQuality(quality)
          .maxDuration(duration)
          .inputMode(inputMode)
          .redaction(redaction)
          .ocrFailurePolicy(ocrFailure)
          .ocrBudget(ocrBudget)
          .policy(policy)
          .errorHandler((stage, error, n) -> {
            if (n == 1 || n % 1000 == 0) {
              status.message(stage + " error (" + n + "x): " + error.getMessage());
            }
          });
      if (settleTimeout != null) {
        builder.settleTimeout(settleTimeout);
      }
      if (typingPause != null) {
        builder.typingPause(typingPause);
      }
      storage(builder, args, cli, out);
      performance.apply(builder);
      builder.scrollCopies(!args.flag("--no-scroll-copies"));
      // The process is ours: OpenCV's pool would only spin beside the encoder thread.
      builder.opencvThreads(1);
      engine = builder.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    start(engine);
    if (inputOff == null && engine.inputUnavailable() != null) {
      inputOff = engine.inputUnavailable(); // --input optional, and the hook could not start
      cli.message("input is off, recording the screen only: " + inputOff);
    }

    Recording recording = new Recording(engine, cli, out, status, inputOff, keyFlags(args));
    PauseSignal.install(engine, status::message);
    Thread hook = new Thread(() -> recording.finish(true), "screentrail-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ScreenGeometry g = engine.geometry();
      cli.message("recording " + display + " (" + engine.sourceName() + ", " + g.width() + "x"
          + g.height() + ") at " + Cli.number(fps) + " fps "
          + (recording.inputOff == null ? "with" : "without") + " input into " + out
          + (duration != null ? " for " + describe(duration) + "; Ctrl-C stops earlier"
              : "; Ctrl-C stops"));
      Duration tick = Duration.ofSeconds(cli.interactive() ? 1 : 10);
      while (!engine.awaitStop(tick)) {
        status.update(engine.stats());
      }
      return recording.finish(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return recording.finish(true);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook is running or has run.
      }
    }
  }

  /** The policy from {@code --policy FILE} and the policy flags, or null when none is given. */
  private static Policy policy(Args args) throws UsageException {
    boolean any = args.has("--policy") || args.has("--allow-app") || args.has("--deny-app")
        || args.has("--purpose") || args.has("--pause-hotkey") || args.flag("--mask-typing");
    if (!any) {
      return null;
    }
    try {
      Policy.Builder b = args.has("--policy")
          ? PolicyFile.read(Path.of(args.required("--policy", "a policy file")))
          : Policy.builder();
      for (String rule : args.all("--allow-app")) {
        b.allow(rule);
      }
      for (String rule : args.all("--deny-app")) {
        b.deny(rule);
      }
      if (args.has("--purpose")) {
        b.purpose(args.required("--purpose", "the purpose of the recording, in words"));
      }
      if (args.has("--pause-hotkey")) {
        b.pauseHotkey(args.required("--pause-hotkey", "a hotkey such as ctrl+alt+p"));
      }
      if (args.flag("--mask-typing")) {
        b.maskAllTyping(true);
      }
      return b.build();
    } catch (IOException e) {
      throw new UsageException("--policy: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The display the global input hook listens to. jnativehook opens the display named by this
   * process's own {@code DISPLAY} variable, which the {@link Cli}'s environment (a test's, say)
   * cannot change, so this reads the real one.
   */
  static String hookDisplay() {
    String d = System.getenv("DISPLAY");
    return d == null || d.isBlank() ? null : d;
  }

  /**
   * Whether two X display names reach the same X server: {@code ":1"}, {@code ":1.0"} and {@code
   * "unix:1"} do. Input goes to a server, not to one of its screens, so the screen is ignored.
   */
  static boolean sameServer(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return server(a).equals(server(b));
  }

  private static String server(String display) {
    String d = display.trim();
    int colon = d.lastIndexOf(':');
    if (colon < 0) {
      return d;
    }
    String host = d.substring(0, colon);
    String number = d.substring(colon + 1);
    int dot = number.indexOf('.');
    if (dot >= 0) {
      number = number.substring(0, dot);
    }
    if (host.equals("unix")) {
      host = "";
    }
    return host + ":" + number;
  }

  /**
   * Starts the engine and maps its failures to exit codes. The source: {@code java.awt.Robot} can
   * only record the display this JVM started with; with any other display, AUTO must not fall
   * back to it, or it would quietly record a different screen.
   */
  private static void start(CaptureEngine engine) throws UsageException, EnvironmentException {
    try {
      engine.start();
    } catch (SessionException e) {
      throw new UsageException(e.getMessage());
    } catch (IOException e) {
      throw new UsageException("cannot create the session: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // such as a --screen that does not exist
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof InputUnavailableException why) {
        // --input global: the hook could not start (no RECORD extension, say).
        throw new EnvironmentException(why.getMessage() + " To record without it, pass --input"
            + " optional (input when available) or --input off (the screen only).");
      }
      throw new EnvironmentException(e.getMessage()); // no display, no MIT-SHM, no libX11
    } catch (LinkageError e) {
      throw new EnvironmentException(e.getMessage());
    }
  }

  /** The key and byte budget flags, into the builder. */
  private static void storage(CaptureEngine.Builder builder, Args args, Cli cli, Path out)
      throws UsageException {
    builder.encryption(StorageFlags.keys(args, cli));
    builder.maxSessionBytes(StorageFlags.bytes(args, "--max-bytes", 0));
    if (args.has("--min-free")) {
      builder.minFreeBytes(StorageFlags.bytes(args, "--min-free", 0));
    }
    long rootMax = StorageFlags.bytes(args, "--root-max-bytes", 0);
    Duration maxAge = StorageFlags.age(args, "--max-age");
    boolean segmented = args.has("--segment") || args.has("--segment-bytes");
    if (segmented) {
      builder.segments(args.duration("--segment", null),
          StorageFlags.bytes(args, "--segment-bytes", 0));
    }
    if (rootMax > 0 || maxAge != null) {
      // Segments are kept in --out itself; whole sessions in the directory holding it.
      Path root = segmented ? out.toAbsolutePath().normalize()
          : out.toAbsolutePath().normalize().getParent();
      builder.retention(root, rootMax, maxAge);
    }
  }

  static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** The key flags as given, for the commands the summary suggests next. */
  private static String keyFlags(Args args) throws UsageException {
    if (args.has("--key-file")) {
      return " --key-file " + Cli.shellWord(Path.of(args.required("--key-file", "a key file")));
    }
    if (args.has("--key-env")) {
      return " --key-env " + args.required("--key-env", "an environment variable name");
    }
    return "";
  }

  /** Closes the engine exactly once, from the main thread or the shutdown hook, and reports. */
  private static final class Recording {

    private final CaptureEngine engine;
    private final Cli cli;
    private final Path out;
    private final StatusLine status;
    /** Why no global input is captured, or {@code null} when it is. */
    final String inputOff;
    /** The key flags the next commands need, with a leading space, or empty. */
    private final String keyFlags;
    private int exitCode = -1;

    Recording(CaptureEngine engine, Cli cli, Path out, StatusLine status, String inputOff,
        String keyFlags) {
      this.engine = engine;
      this.cli = cli;
      this.out = out;
      this.status = status;
      this.inputOff = inputOff;
      this.keyFlags = keyFlags;
    }

    /** Stops and reports; a second call waits for the first and returns its code. */
    synchronized int finish(boolean interrupted) {
      if (exitCode >= 0) {
        return exitCode;
      }
      engine.close();
      status.end();
      CaptureStats s = engine.stats();
      String failure = engine.failure();
      String how = engine.storageStop() != null ? "stopped (" + engine.endReason() + ")"
          : failure != null ? "stopped by an error"
          : interrupted ? "stopped (Ctrl-C or SIGTERM)"
          : "stopped after " + describe(engine.config().maxDuration());
      ScreenGeometry g = engine.geometry();
      cli.out().println("Recording " + how + ".");
      cli.out().println("Session    " + out.toAbsolutePath().normalize());
      cli.out().println("Frames     " + s.framesStored() + " stored (" + s.keyframes()
          + " keyframes), " + s.framesSkippedUnchanged() + " skipped unchanged, "
          + s.framesDropped() + " dropped, of " + s.framesCaptured() + " captured");
      cli.out().println("Input      " + describeInput(s));
      if (engine.config().policy() != null) {
        cli.out().println("Withheld   " + s.framesNotDesignated() + " frames with no designated"
            + " window, " + s.keysNotDesignated() + " keys typed outside designated windows");
      }
      cli.out().println("Written    " + Cli.megabytes(s.bytesWritten()));
      cli.out().println("Source     " + engine.sourceName() + ", " + g.width() + "x" + g.height());
      cli.out().println("Next       ./screentrail inspect " + Cli.shellWord(out) + keyFlags);
      if (s.actions() > 0) {
        cli.out().println("           ./screentrail export " + Cli.shellWord(out)
            + " --format trajectory --out " + Cli.shellWord(Path.of(out + ".jsonl")) + keyFlags);
      }
      cli.out().flush();
      if (engine.storageStop() != null) {
        cli.message(engine.storageStop() + ". The session in " + out + " ended cleanly.");
        // Out of disk is the machine's problem, like a missing display; a reached cap is not.
        exitCode = "disk_low".equals(engine.endReason()) ? Main.ENVIRONMENT : Main.OK;
      } else if (failure != null && failure.contains("No space left")) {
        cli.message("recording failed: the disk is full (" + failure + "). The session in " + out
            + " is readable up to its last complete record. Free some space or record to"
            + " another disk; --min-free stops cleanly before this happens.");
        exitCode = Main.ENVIRONMENT;
      } else if (failure != null) {
        cli.message("recording failed: " + failure + ". The session in " + out + " is readable"
            + " up to its last complete record: ./screentrail inspect " + Cli.shellWord(out));
        exitCode = Main.FAILED;
      } else {
        exitCode = Main.OK;
      }
      return exitCode;
    }

    private String describeInput(CaptureStats s) {
      StringBuilder b = new StringBuilder().append(s.inputEvents()).append(" events");
      if (s.inputEventsDropped() > 0) {
        b.append(" (").append(s.inputEventsDropped()).append(" dropped: the queue was full)");
      }
      b.append(", ").append(s.actions()).append(" actions");
      if (s.actionsUnsettled() > 0) {
        b.append(" (").append(s.actionsUnsettled()).append(" before the screen settled)");
      }
      if (inputOff != null) {
        b.append("; no global input: ").append(inputOff);
      } else {
        b.append(" from the global input hook");
      }
      return b.toString();
    }
  }

  /**
   * The live status on standard error: on a terminal one line rewritten in place every second,
   * otherwise a plain line each time. Other messages first end the line in progress.
   */
  private static final class StatusLine {

    private final Cli cli;
    private boolean open;
    private int lastLength;

    StatusLine(Cli cli) {
      this.cli = cli;
    }

    synchronized void update(CaptureStats s) {
      long seconds = s.elapsedNanos() / 1_000_000_000L;
      String line = Cli.PREFIX + String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600,
          seconds / 60 % 60, seconds % 60) + "  frames " + s.framesStored() + " stored, "
          + s.framesSkippedUnchanged() + " skipped, " + s.framesDropped() + " dropped  events "
          + s.inputEvents() + (s.inputEventsDropped() > 0 ? " (" + s.inputEventsDropped()
              + " dropped)" : "") + ", actions " + s.actions() + "  "
          + Cli.megabytes(s.bytesWritten());
      if (cli.interactive()) {
        StringBuilder b = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
          b.append(' '); // wipe what is left of a longer previous line
        }
        lastLength = line.length();
        cli.err().print(b);
        open = true;
      } else {
        cli.err().println(line);
      }
      cli.err().flush();
    }

    synchronized void message(String text) {
      end();
      cli.message(text);
    }

    synchronized void end() {
      if (open) {
        cli.err().println();
        open = false;
        lastLength = 0;
      }
    }
  }
}

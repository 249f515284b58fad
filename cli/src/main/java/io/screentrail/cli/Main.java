package io.screentrail.cli;

import io.screentrail.Version;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code screentrail} command: dispatches to {@code record}, {@code inspect}, {@code export}
 * and {@code demo}, and turns their failures into exit codes and one-line messages.
 *
 * <p>Exit codes: {@value #OK} ok, {@value #FAILED} runtime failure (a damaged session, a failed
 * write), {@value #USAGE} usage error, {@value #ENVIRONMENT} environment problem (no display, no
 * Xvfb, a missing X extension).
 */
public final class Main {

  /** Success. */
  public static final int OK = 0;
  /** The command ran but failed: the session is not ok, a write failed. */
  public static final int FAILED = 1;
  /** The command line is wrong. */
  public static final int USAGE = 2;
  /** The machine lacks a display, Xvfb or an X extension. */
  public static final int ENVIRONMENT = 3;

  static final String HELP = """
      screentrail %s: records the screen as a compact, crash-safe session of changed frames,
      with the keyboard and mouse turned into actions (click, type, drag, scroll, hotkey...).

      Usage: screentrail <command> [flags]

      Commands:
        demo      record a private virtual desktop with real windows being used (needs Xvfb)
        record    record your screen and input into a session directory
        inspect   check a session and summarise it (--json for machines)
        export    write a session's frames out as whole images (--format frames), or its
                  actions with the screen before and after each as JSONL (--format trajectory)
        redact    hide sensitive text in image files with the recorder's OCR redaction
        view      show a session as a page of frames with the actions drawn on them
                  (--out FILE.html, or --serve on 127.0.0.1)
        keygen    write a new key file for encrypted sessions (--key-file on the others)

      Start here:
        ./screentrail demo --seconds 15
        ./screentrail record --out session --fps 2 --duration 1m
        ./screentrail inspect session
        ./screentrail export session --format trajectory --out session.jsonl
        ./screentrail view session --out session.html

      Flags: --help (-h) after a command shows its flags; --version prints the version.
      Exit codes: 0 ok, 1 failed, 2 usage error, 3 missing display, Xvfb or X extension
      (such as RECORD, which global input needs: see --input in 'screentrail record --help').
      """.formatted(Version.VERSION);

  private Main() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    Cli cli = new Cli(System.out, System.err, System.getenv(), System.console() != null);
    int code = run(args, cli);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs one command in this JVM without exiting it, for tests and embedders.
   *
   * @param env the environment the command sees ({@code DISPLAY}, {@code PATH})
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, new Cli(out, err, env, false));
  }

  static int run(String[] args, Cli cli) {
    if (args.length == 0) {
      cli.err().print(HELP); // a missing command is a usage error: the help goes with the error
      return USAGE;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (command) {
        case "-h", "--help", "help" -> {
          return help(rest, cli);
        }
        case "--version", "version" -> {
          cli.out().println("screentrail " + Version.VERSION);
          return OK;
        }
        case "record" -> {
          return RecordCommand.run(rest, cli);
        }
        case "inspect" -> {
          return InspectCommand.run(rest, cli);
        }
        case "export" -> {
          return ExportCommand.run(rest, cli);
        }
        case "demo" -> {
          return DemoCommand.run(rest, cli);
        }
        case "redact" -> {
          return RedactCommand.run(rest, cli);
        }
        case "view" -> {
          return ViewCommand.run(rest, cli);
        }
        case "keygen" -> {
          return KeygenCommand.run(rest, cli);
        }
        default -> {
          cli.message("unknown command '" + command + "'; the commands are demo, record, inspect,"
              + " export, redact, view and keygen");
          cli.message("see 'screentrail --help'");
          return USAGE;
        }
      }
    } catch (UsageException e) {
      cli.message(e.getMessage());
      cli.message("see 'screentrail " + command + " --help'");
      return USAGE;
    } catch (EnvironmentException e) {
      cli.message(e.getMessage());
      return ENVIRONMENT;
    }
  }

  private static int help(List<String> rest, Cli cli) {
    String text = rest.isEmpty() ? HELP : switch (rest.get(0)) {
      case "record" -> RecordCommand.HELP;
      case "inspect" -> InspectCommand.HELP;
      case "export" -> ExportCommand.HELP;
      case "demo" -> DemoCommand.HELP;
      case "redact" -> RedactCommand.HELP;
      case "view" -> ViewCommand.HELP;
      case "keygen" -> KeygenCommand.HELP;
      default -> null;
    };
    if (text == null) {
      cli.message("no help for '" + rest.get(0) + "': the commands are demo, record, inspect,"
          + " export, redact, view and keygen");
      return USAGE;
    }
    cli.out().print(text);
    return OK;
  }
}

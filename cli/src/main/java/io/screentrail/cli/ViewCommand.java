package io.screentrail.cli;

import io.screentrail.session.KeyProvider;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionReader;
import io.screentrail.view.ReportServer;
import io.screentrail.view.ReportWriter;
import io.screentrail.view.SessionReport;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code screentrail view DIR --out FILE.html | --serve [--port N]}: a session as a page of its
 * frames with the actions drawn on them, as one self-contained HTML file or served on 127.0.0.1
 * with frames rebuilt on demand.
 */
final class ViewCommand {

  static final String HELP = """
      Usage: screentrail view DIR --out FILE.html
             screentrail view DIR --serve [--port N]

      Shows the session DIR as a page: a timeline of its stored frames and actions, each action
      drawn on the frame before it and the frame after it (click markers, drag paths, scroll
      arrows, typed text; masked typing only as its length), the application and window title,
      redaction boxes outlined (never what they hide), pauses and drops marked, and the
      session's counters. Arrow keys (or j/k) step through the actions, ',' and '.' through the
      stored frames.

        --out FILE.html   write one self-contained HTML file with every frame embedded (opens
                          in any browser, no network needed; never overwrites a file)
        --serve           serve the page on http://127.0.0.1 until Ctrl-C, rebuilding frames
                          only when shown: for long sessions, whose single file would be large
        --port N          the port for --serve (default 8470; 0 picks a free one)
      """ + StorageFlags.KEY_HELP + """

      Examples: screentrail view session --out session.html
                screentrail view session --serve --port 8470

      Exit codes: 0 ok, 1 some frames could not be read (the rest is shown), 2 usage error or
      not a session, 3 the port is in use.
      """;

  /** The default port of {@code --serve}. */
  static final int DEFAULT_PORT = 8470;

  private ViewCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException, EnvironmentException {
    Args args = Args.parse("view", argv, List.of("--out", "--port", "--key-file", "--key-env"),
        List.of("--serve"), 1);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    Path dir = Path.of(args.positional(0, "the session directory: screentrail view DIR --out"
        + " FILE.html, or screentrail view DIR --serve"));
    boolean serve = args.flag("--serve");
    if (serve && args.has("--out")) {
      throw new UsageException("give --out FILE.html or --serve, not both");
    }
    if (!serve && !args.has("--out")) {
      throw new UsageException("missing --out or --serve: give --out FILE.html to write a"
          + " report, or --serve to serve it on 127.0.0.1");
    }
    if (!serve && args.has("--port")) {
      throw new UsageException("--port goes with --serve; a report written with --out needs"
          + " no port");
    }
    int port = args.integer("--port", DEFAULT_PORT, 0, 65535);
    Path out = serve ? null : Path.of(args.required("--out", "the HTML file to write, such as"
        + " --out session.html"));
    if (out != null) {
      requireNewFile(out);
    }

    KeyProvider keys = StorageFlags.keys(args, cli);
    SessionReader reader;
    try {
      reader = openSession(dir, keys);
    } catch (SessionException e) {
      cli.message(e.getMessage());
      return Main.USAGE;
    }
    try (reader) {
      SessionReport report;
      try {
        report = SessionReport.load(reader);
      } catch (SessionException e) {
        cli.message(e.getMessage());
        return Main.USAGE;
      }
      return serve ? serve(report, dir, port, cli) : write(report, out, cli);
    } catch (IOException e) {
      cli.message("view failed: " + e.getMessage() + (out != null ? " (nothing was written to "
          + out + ")" : ""));
      return Main.FAILED;
    }
  }

  /** Every session this command reads is opened here, so that a key can be passed in one place. */
  static SessionReader openSession(Path dir, KeyProvider keys) throws SessionException {
    return SessionReader.open(dir, keys);
  }

  private static int write(SessionReport report, Path out, Cli cli) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ReportWriter.Result r = ReportWriter.write(report, out);
    cli.out().println("Wrote " + out.toAbsolutePath().normalize() + " (" + r.frames()
        + " frame" + (r.frames() == 1 ? "" : "s") + ", " + r.actions() + " action"
        + (r.actions() == 1 ? "" : "s") + ", " + Cli.megabytes(r.bytes()) + ")");
    if (r.frames() > 2000) {
      cli.out().println("(A long session: 'screentrail view DIR --serve' loads frames only"
          + " when they are shown.)");
    }
    return problems(r.problems(), cli);
  }

  private static int serve(SessionReport report, Path dir, int port, Cli cli)
      throws IOException, EnvironmentException {
    ReportServer server;
    try {
      server = ReportServer.start(report, port, ReportServer.DEFAULT_CACHE_FRAMES);
    } catch (BindException e) {
      throw new EnvironmentException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
          + "): give another --port, or --port 0 for any free port");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "screentrail-view-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    cli.out().println("Serving " + dir.toAbsolutePath().normalize() + " at " + server.uri()
        + " (" + report.frameRecords().size() + " frames, " + report.actionCount()
        + " actions); Ctrl-C stops");
    cli.out().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return Main.OK;
  }

  private static int problems(List<String> problems, Cli cli) {
    if (problems.isEmpty()) {
      return Main.OK;
    }
    cli.out().println("Problems: " + problems.size() + " (those frames are missing from the"
        + " report)");
    for (String p : problems) {
      cli.out().println("  - " + p);
    }
    return Main.FAILED;
  }

  /** Refuses an existing file or a directory before any work is done. */
  private static void requireNewFile(Path out) throws UsageException {
    if (Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is a directory: give the .html file to"
          + " create, such as --out " + Cli.shellWord(out.resolve("session.html")));
    }
    if (Files.exists(out)) {
      throw new UsageException("--out " + out + " already exists: give a new file name (a"
          + " report never overwrites files)");
    }
  }
}

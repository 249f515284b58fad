package io.screentrail.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a command runs against: its output streams, its environment and whether a person watches
 * standard error. Passed in rather than read from {@link System} so that tests run commands in
 * process with their own {@code DISPLAY} and {@code PATH}.
 *
 * @param out results: summaries, JSON
 * @param err messages, prefixed {@code "screentrail: "}, and the live status line
 * @param env environment variables
 * @param interactive whether standard error is a terminal, so a status line may be rewritten
 *     in place
 */
record Cli(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {

  /** The prefix of every message on standard error. */
  static final String PREFIX = "screentrail: ";

  Cli {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
  }

  /** Prints a message to standard error with the prefix. */
  void message(String text) {
    err.println(PREFIX + text);
    err.flush();
  }

  /** An environment variable, or {@code null} when unset or blank. */
  String variable(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The executable {@code name} on this environment's {@code PATH}, or {@code null}. */
  Path executable(String name) {
    String path = variable("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Refuses an output directory that holds anything, before any work is done: a recording or an
   * export never overwrites files.
   *
   * @param what how the message names the directory, such as "Session directory"
   * @param why the reason the message gives, such as "a recording never overwrites files"
   */
  static void requireNewOrEmpty(Path dir, String flag, String what, String why)
      throws UsageException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(flag + " " + dir + " is a file, not a directory: give a new or"
          + " empty directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new UsageException(what + " " + dir + " is not empty: give a new or empty"
            + " directory (" + why + ").");
      }
    } catch (IOException e) {
      throw new UsageException(flag + " " + dir + " cannot be read: " + e.getMessage());
    }
  }

  /** A number without a trailing ".0" when it is whole: 2 fps, 0.5 fps. */
  static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** Bytes as megabytes, such as {@code "12.3 MB"}; two decimals below 10 MB, so small is not 0. */
  static String megabytes(long bytes) {
    double mb = bytes / 1_000_000.0;
    return String.format(Locale.ROOT, mb < 10 ? "%.2f MB" : "%.1f MB", mb);
  }

  /** A path as the user would type it in a shell: quoted when it holds special characters. */
  static String shellWord(Path p) {
    String s = p.toString();
    if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

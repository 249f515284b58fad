package io.screentrail.cli;

import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command in this JVM, with its own environment, and keeps what it printed; or as a JVM
 * of its own, the way users run it, which the global input hook needs: it listens to the display
 * in its process's {@code DISPLAY}.
 */
final class CliRunner {

  private CliRunner() {}

  /** What one run returned and printed. */
  record Result(int code, String out, String err) {

    /** Standard output parsed as the one JSON object {@code --json} prints. */
    JsonObject json() {
      return Json.parseObject(out);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** The test JVM's PATH, with {@code DISPLAY} set to {@code display} (none when null). */
  static Map<String, String> env(String display) {
    Map<String, String> env = new HashMap<>();
    String path = System.getenv("PATH");
    if (path != null) {
      env.put("PATH", path);
    }
    if (display != null) {
      env.put("DISPLAY", display);
    }
    return env;
  }

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** {@code inspect DIR --json}, which must print a JSON object. */
  static JsonObject inspectJson(java.nio.file.Path dir) {
    return run(env(null), "inspect", dir.toString(), "--json").json();
  }

  /**
   * Starts {@code screentrail args...} as a separate JVM with {@code DISPLAY=display}, its output
   * going to {@code stdout.txt} and {@code stderr.txt} in {@code logs}.
   */
  static Process startJvm(String display, Path logs, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(logs.resolve("stdout.txt").toFile())
        .redirectError(logs.resolve("stderr.txt").toFile());
    pb.environment().put("DISPLAY", display);
    return pb.start();
  }

  /** Runs {@code screentrail args...} as a separate JVM to completion. */
  static Result runJvm(String display, Path logs, String... args) throws Exception {
    Process p = startJvm(display, logs, args);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("screentrail " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(logs.resolve("stdout.txt")),
        Files.readString(logs.resolve("stderr.txt")));
  }

  /**
   * Waits until a recorder started by {@link #startJvm} says it records (its "recording ..."
   * line, printed once the engine and the input hook run).
   */
  static void awaitRecording(Process recorder, Path logs) throws Exception {
    Path stderr = logs.resolve("stderr.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(stderr).contains(Cli.PREFIX + "recording ")) {
      if (!recorder.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the recorder did not start (" + (recorder.isAlive()
            ? "still starting after 30 s" : "exit " + recorder.exitValue()) + "); stderr:\n"
            + Files.readString(stderr));
      }
      Thread.sleep(100);
    }
  }

  /**
   * A private 1024x700 Xvfb with a white 80x24 xterm at its top-left corner running a plain
   * bash; the calling test is skipped (not failed) where Xvfb, xterm or xdotool is missing.
   */
  static XvfbServer xtermDesktop() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(XvfbServer.available()
        && XvfbServer.onPath("xterm") && XvfbServer.onPath("xdotool"),
        "needs Xvfb, xterm and xdotool");
    XvfbServer x = XvfbServer.start(1024, 700);
    x.client(1500, "xterm", "-geometry", "80x24+0+0", "-bg", "white", "-fg", "black", "-e",
        "bash", "--norc", "--noprofile");
    return x;
  }

  /** What a person does on the display while {@link #recordWhile} records it. */
  @FunctionalInterface
  interface Script {
    void run() throws Exception;
  }

  /**
   * Records {@code x} with {@code screentrail record --input global --fps 2} in its own JVM while
   * {@code script} plays, then stops the recorder with SIGTERM, as Ctrl-C would, and checks that
   * it ended the session that way.
   */
  static void recordWhile(XvfbServer x, Path session, Path logs, Script script)
      throws Exception {
    Process recorder = startJvm(x.display(), logs, "record", "--out", session.toString(),
        "--input", "global", "--fps", "2");
    try {
      awaitRecording(recorder, logs);
      script.run();
    } finally {
      recorder.destroy(); // SIGTERM: the recorder's shutdown hook ends the session
      if (!recorder.waitFor(30, TimeUnit.SECONDS)) {
        recorder.destroyForcibly();
      }
    }
    if (recorder.exitValue() != 128 + 15) {
      throw new AssertionError("the recorder exited " + recorder.exitValue() + ":\n"
          + Files.readString(logs.resolve("stderr.txt")));
    }
  }

  /** Runs {@code xdotool args...} on {@code x}, which must succeed. */
  static void xdotool(XvfbServer x, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("xdotool"));
    cmd.addAll(List.of(args));
    int code = x.run(cmd.toArray(new String[0]));
    if (code != 0) {
      throw new AssertionError(String.join(" ", cmd) + " exited " + code);
    }
  }
}

package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.Json;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input capture judged the way a user would: a private Xvfb with a real xterm, {@code screentrail
 * record --input global} as its own JVM with {@code DISPLAY} set to that display, a person's
 * session played by xdotool (click, type, Enter, ctrl+l, right click, drag, wheel), SIGTERM, then
 * {@code export --format trajectory}. Every kind of step must be there, with images before and
 * after it that show what the step did.
 */
class TrajectoryAcceptanceTest {

  @TempDir static Path shared;
  private static XvfbServer x;
  private static Path session;
  private static String recorderOut;

  @TempDir Path tmp;

  @BeforeAll
  static void recordAScriptedSession() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool"), "needs Xvfb, xterm and xdotool");
    x = XvfbServer.start(1024, 700);
    x.client(1500, "xterm", "-geometry", "80x24+0+0", "-bg", "white", "-fg", "black", "-e",
        "bash", "--norc", "--noprofile");
    session = shared.resolve("session");
    Path logs = shared.resolve("recorder");
    Process recorder = CliRunner.startJvm(x.display(), logs, "record", "--out",
        session.toString(), "--input", "global", "--fps", "2");
    try {
      CliRunner.awaitRecording(recorder, logs);
      Thread.sleep(1000); // a frame or two before the first action
      xdo("mousemove", "200", "150", "click", "1");
      Thread.sleep(1000);
      xdo("type", "--delay", "60", "echo hello");
      Thread.sleep(1000);
      xdo("key", "Return");
      Thread.sleep(1000);
      xdo("key", "ctrl+l");
      Thread.sleep(1000);
      xdo("click", "3");
      Thread.sleep(1000);
      xdo("mousemove", "40", "40", "mousedown", "1", "mousemove", "80", "60", "mousemove",
          "160", "90", "mousemove", "260", "110", "mouseup", "1");
      Thread.sleep(1000);
      xdo("click", "5", "click", "5", "click", "5");
      Thread.sleep(1500); // the scroll gesture ends and settles
    } finally {
      recorder.destroy(); // SIGTERM: the recorder's shutdown hook ends the session
      if (!recorder.waitFor(30, TimeUnit.SECONDS)) {
        recorder.destroyForcibly();
      }
    }
    recorderOut = Files.readString(logs.resolve("stdout.txt"));
    System.out.println("--- recorder stdout\n" + recorderOut + "--- recorder stderr\n"
        + Files.readString(logs.resolve("stderr.txt")));
    assertThat(recorder.exitValue()).as(recorderOut).isEqualTo(128 + 15);
  }

  @AfterAll
  static void stopDisplay() {
    if (x != null) {
      x.close();
    }
  }

  private static void xdo(String... args) throws IOException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "xdotool";
    System.arraycopy(args, 0, cmd, 1, args.length);
    assertThat(x.run(cmd)).as(String.join(" ", cmd)).isZero();
  }

  @Test
  void trajectoryHasEveryKindOfStepWithImagesThatShowIt() throws IOException {
    Path jsonl = tmp.resolve("session.jsonl");
    Result r = CliRunner.run(CliRunner.env(null), "export", session.toString(), "--format",
        "trajectory", "--out", jsonl.toString());
    String text = Files.readString(jsonl);
    System.out.println("--- " + jsonl + "\n" + text);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("Exported \\d+ steps to " + jsonl.toAbsolutePath())
        .contains("Images   ", tmp.resolve("session_frames").toAbsolutePath().toString());

    List<JsonObject> steps = new ArrayList<>();
    for (String line : text.split("\n")) {
      steps.add(Json.parseObject(line));
    }
    List<String> kinds = steps.stream().map(s -> s.getObject("action").getString("type"))
        .toList();
    assertThat(kinds).containsAnyOf("click", "double_click")
        .contains("type", "key", "hotkey", "right_click", "drag", "scroll");
    for (JsonObject step : steps) {
      assertThat(jsonl.resolveSibling(step.getString("before"))).as(step.toString())
          .isRegularFile();
      assertThat(jsonl.resolveSibling(step.getString("after"))).as(step.toString())
          .isRegularFile();
    }

    JsonObject type = step(steps, "type");
    assertThat(type.getObject("action").getString("text")).contains("echo hello");
    JsonObject enter = step(steps, "key");
    assertThat(enter.getObject("action").getArray("keys")).containsExactly("enter");
    JsonObject clear = step(steps, "hotkey");
    assertThat(clear.getObject("action").getArray("keys")).containsExactly("ctrl", "l");
    // What each of these did is on screen: the text appears, the command runs, the screen clears.
    for (JsonObject step : List.of(type, enter, clear)) {
      assertThat(differingPixels(jsonl.resolveSibling(step.getString("before")),
          jsonl.resolveSibling(step.getString("after")))).as(step.toString()).isPositive();
    }
  }

  @Test
  void inspectAndTheRecorderSummaryCountTheInput() {
    Result r = CliRunner.run(CliRunner.env(null), "inspect", session.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = r.json();
    assertThat(j.getLong("events")).isGreaterThan(20);
    assertThat(j.getLong("actions")).isGreaterThanOrEqualTo(7);
    assertThat(j.getLong("eventsDropped")).isZero();
    assertThat(j.has("pointerMovesCoalesced")).isTrue();
    assertThat(j.has("actionsUnsettled")).isTrue();
    // Focus changes are actions of the timeline that a trajectory leaves out.
    assertThat(j.getLong("focusActions")).isBetween(0L, j.getLong("actions") - 7);
    JsonObject input = j.getObject("input");
    assertThat(input.getBoolean("global")).isTrue();
    assertThat(input.getString("mode")).isEqualTo("global");

    assertThat(recorderOut).containsPattern("Input      \\d+ events, \\d+ actions from the global"
        + " input hook");
    assertThat(recorderOut).contains("./screentrail export " + session
        + " --format trajectory --out " + session + ".jsonl");
    Result text = CliRunner.run(CliRunner.env(null), "inspect", session.toString());
    assertThat(text.out()).containsPattern("Input      \\d+ events, \\d+ actions"
        + "( \\(\\d+ of them focus changes\\))?, 0 markers;"
        + " global input \\(keyboard and mouse\\) \\(input mode global\\)")
        .contains("Input loss 0 events dropped");
  }

  @Test
  void refusesToOverwriteATrajectory() throws IOException {
    Path existing = Files.writeString(tmp.resolve("mine.jsonl"), "keep me\n");
    Result r = CliRunner.run(CliRunner.env(null), "export", session.toString(), "--format",
        "trajectory", "--out", existing.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--out " + existing + " already exists",
        "an export never overwrites files");
    assertThat(Files.readString(existing)).isEqualTo("keep me\n");
    assertThat(tmp.resolve("mine_frames")).doesNotExist();

    Path frames = Files.createDirectories(tmp.resolve("other_frames"));
    Files.writeString(frames.resolve("frame-000000.png"), "not an image");
    Result folder = CliRunner.run(CliRunner.env(null), "export", session.toString(),
        "--format", "trajectory", "--out", tmp.resolve("other.jsonl").toString());
    assertThat(folder.code()).as(folder.toString()).isEqualTo(Main.USAGE);
    assertThat(folder.err()).contains(frames + " is not empty");
    assertThat(tmp.resolve("other.jsonl")).doesNotExist();
  }

  private static JsonObject step(List<JsonObject> steps, String kind) {
    return steps.stream().filter(s -> s.getObject("action").getString("type").equals(kind))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " step"));
  }

  private static long differingPixels(Path a, Path b) throws IOException {
    BufferedImage ia = ImageIO.read(a.toFile());
    BufferedImage ib = ImageIO.read(b.toFile());
    long n = 0;
    for (int y = 0; y < ia.getHeight(); y++) {
      for (int xx = 0; xx < ia.getWidth(); xx++) {
        if (ia.getRGB(xx, y) != ib.getRGB(xx, y)) {
          n++;
        }
      }
    }
    return n;
  }
}

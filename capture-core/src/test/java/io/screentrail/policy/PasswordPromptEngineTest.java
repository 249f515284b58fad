package io.screentrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.CaptureStats;
import io.screentrail.RedactionMode;
import io.screentrail.input.InputMode;
import io.screentrail.internal.CpuGovernor;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.EngineWaits;
import io.screentrail.testing.XvfbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal that asks for a password the way sudo does ({@code [sudo] password for alice:}, no
 * echo), in a window whose title says nothing about passwords: redaction reads the prompt, and
 * the password typed after it is stored as a masked run only.
 */
class PasswordPromptEngineTest {

  private static final String PASSWORD = "correcthorse";

  @TempDir Path tmp;

  @Test
  void typingAfterAPasswordPromptIsMasked() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool"), "needs Xvfb, xterm and xdotool");
    XvfbServer x = XvfbServer.shared();
    Process xterm = x.client(1500, "xterm", "-class", "DesignatedTerm", "-T", "work",
        "-geometry", "70x12+0+0", "-fa", "DejaVu Sans Mono", "-fs", "12", "-bg", "white",
        "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
        "read -s -p '[sudo] password for alice: ' pw; echo; echo \"got ${#pw}\"; sleep 60");
    Path dir = tmp.resolve("session");
    Policy policy = Policy.builder().allow("DesignatedTerm").build();
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
        .display(x.display()).fps(2).redaction(RedactionMode.BLUR).ocrThreads(1)
        .inputMode(InputMode.GLOBAL).policy(policy).build()) {
      engine.start();
      // The first frame is read whole by OCR; wait until the prompt has been seen.
      Thread.sleep(5000);
      typePassword(x);
    } finally {
      xterm.destroyForcibly();
    }
    assertMasked(dir);
  }

  /**
   * At the CPU budget's last level (0.01 % of a core: the governor goes there and stays), one
   * Tesseract read a frame: the prompt appears below five new build lines in the same burst,
   * and the frame's one read goes to the lowest changed line, the prompt. With no read at that
   * level (as before) the prompt went unseen and the password was stored as typed.
   */
  @Test
  void atTheBudgetsLastLevelThePromptIsStillReadAndTheTypingMasked() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xdotool"), "needs Xvfb, xterm and xdotool");
    XvfbServer x = XvfbServer.shared();
    Path go = tmp.resolve("go");
    Process xterm = x.client(1500, "xterm", "-class", "DesignatedTerm", "-T", "work",
        "-geometry", "70x12+0+0", "-fa", "DejaVu Sans Mono", "-fs", "12", "-bg", "white",
        "-fg", "black", "-e", "bash", "--norc", "--noprofile", "-c",
        "while [ ! -e " + go + " ]; do sleep 0.1; done;"
            + " for m in parser render store network cache; do echo \"linking $m objects\"; done;"
            + " read -s -p 'Password: ' pw; echo; echo \"got ${#pw}\"; sleep 60");
    Path dir = tmp.resolve("session");
    Policy policy = Policy.builder().allow("DesignatedTerm").build();
    CaptureStats stats;
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
        .display(x.display()).fps(8).redaction(RedactionMode.BLUR).ocrThreads(1)
        .ocrBudget(Duration.ofSeconds(30)).cpuBudget(0.0001, Duration.ofSeconds(1))
        .inputMode(InputMode.GLOBAL).policy(policy).build()) {
      engine.start();
      EngineWaits.until("the last level",
          () -> engine.stats().cpuBudgetLevel() == CpuGovernor.MAX_LEVEL);
      int[] before = EngineWaits.stillScreen(x.display(), null);
      Files.createFile(go);
      EngineWaits.stillScreen(x.display(), before);
      // Every picture of the prompt the engine took has been redacted: typing may start.
      EngineWaits.grabbedTwiceAndSettled(engine, engine.stats().framesCaptured());
      typePassword(x);
      stats = engine.stats();
    } finally {
      xterm.destroyForcibly();
    }
    assertThat(stats.cpuBudgetLevel()).isEqualTo(CpuGovernor.MAX_LEVEL);
    assertThat(stats.cpuBudgetRestores()).isZero();
    // The new lines above the prompt went over the frame's one read.
    assertThat(stats.linesOverBudget()).as(stats.toString()).isPositive();
    assertMasked(dir);
  }

  /** The password is nowhere in the session, and its typing is stored as a masked run only. */
  private static void assertMasked(Path dir) throws Exception {
    List<JsonObject> bodies = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.scan(r -> bodies.add(r.body()));
    }
    String timeline = new String(Files.readAllBytes(dir.resolve("timeline.bin")),
        StandardCharsets.ISO_8859_1);
    assertThat(timeline).doesNotContain(PASSWORD);
    JsonObject typed = bodies.stream().filter(b -> "action".equals(b.optString("type", null))
        && "type".equals(b.optString("action", null))).findFirst()
        .orElseThrow(() -> new AssertionError("no type action"));
    assertThat(typed.optBoolean("masked", false)).as(typed.toString()).isTrue();
    assertThat(typed.getLong("length")).isEqualTo(PASSWORD.length());
    assertThat(typed.getString("title")).isEqualTo("work");
    assertThat(bodies.stream().filter(b -> "key_typed".equals(b.optString("kind", null))))
        .isNotEmpty().allMatch(b -> b.optBoolean("masked", false) && !b.has("char"));
  }

  /** Clicks into the terminal, types the password and Return, and waits for the frames after. */
  private static void typePassword(XvfbServer x) throws Exception {
    xdo(x, "mousemove", "100", "60", "click", "1");
    Thread.sleep(300);
    xdo(x, "type", "--delay", "50", PASSWORD);
    Thread.sleep(800);
    xdo(x, "key", "Return");
    Thread.sleep(1500);
  }

  private static void xdo(XvfbServer x, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "xdotool";
    System.arraycopy(args, 0, cmd, 1, args.length);
    assertThat(x.run(cmd)).isZero();
  }
}

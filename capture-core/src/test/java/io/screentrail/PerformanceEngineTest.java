package io.screentrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.internal.CpuGovernor;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.redact.Redactor;
import io.screentrail.internal.x11.XInputDriver;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.EngineWaits;
import io.screentrail.testing.Screens;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage hints and the CPU budget, through the whole engine on a real X server. */
class PerformanceEngineTest {

  @TempDir Path tmp;

  @Test
  void anUnchangedScreenIsNeitherGrabbedNorHashedWithDamageHints() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    try (XvfbServer x = XvfbServer.start(640, 480)) {
      Path dir = tmp.resolve("hints");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(20)
          .damageCheckInterval(Duration.ofSeconds(1)).maxDuration(Duration.ofMillis(2500))
          .build()) {
        engine.start();
        assertThat(engine.awaitStop(Duration.ofSeconds(20))).isTrue();
        stats = engine.stats();
      }
      assertThat(stats.damageHints()).isTrue();
      assertThat(stats.framesStored()).isEqualTo(1);
      assertThat(stats.framesCaptured()).isGreaterThan(20);
      // Grabs: the first frame and the periodic checks; every other tick skipped without one.
      long grabs = stats.captureTime().count();
      assertThat(grabs).isEqualTo(1 + stats.damageChecks());
      assertThat(stats.damageChecks()).isBetween(1L, 3L);
      assertThat(stats.framesSkippedByDamage()).isEqualTo(stats.framesCaptured() - grabs);
      assertThat(stats.damageMissedTiles()).isZero();
      try (SessionReader reader = SessionReader.open(dir)) {
        assertThat(reader.manifest().getObject("damageHints").optBoolean("used", false))
            .isTrue();
        SessionCheck check = reader.check();
        assertThat(check.performance().get("framesSkippedByDamage"))
            .isEqualTo(stats.framesSkippedByDamage());
        assertThat(check.framesCaptured()).isEqualTo(stats.framesCaptured());
      }
    }
  }

  @Test
  void withoutTheDamageExtensionEveryFrameIsGrabbedAndHashed() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xclock"), "xclock (x11-apps) is not installed");
    try (XvfbServer x = XvfbServer.start("-screen", "0", "480x360x24", "-extension", "DAMAGE")) {
      x.client(700, "xclock", "-update", "1", "-geometry", "200x200+20+20");
      Path dir = tmp.resolve("nohints");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(5)
          .maxDuration(Duration.ofMillis(3200)).build()) {
        engine.start();
        assertThat(engine.awaitStop(Duration.ofSeconds(20))).isTrue();
        stats = engine.stats();
      }
      assertThat(stats.damageHints()).isFalse();
      assertThat(stats.framesSkippedByDamage()).isZero();
      assertThat(stats.captureTime().count()).isEqualTo(stats.framesCaptured());
      assertThat(stats.framesStored()).as("the clock's seconds").isGreaterThanOrEqualTo(2);
      try (SessionReader reader = SessionReader.open(dir)) {
        JsonObject hints = reader.manifest().getObject("damageHints");
        assertThat(hints.optBoolean("used", true)).isFalse();
        assertThat(hints.optString("reason", "")).contains("no DAMAGE extension");
      }
    }
  }

  @Test
  void aTinyCpuBudgetLowersTheRateStepByStepAndCountsIt() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      // A terminal that never stops printing: every tick has something to store.
      x.client(1500, "xterm", "-geometry", "60x15+10+10", "-e", "bash", "--norc", "--noprofile",
          "-c", "while :; do date +%s%N; sleep 0.02; done");
      Path dir = tmp.resolve("budget");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(8)
          .cpuBudget(0.0001, Duration.ofSeconds(1)).maxDuration(Duration.ofSeconds(12))
          .build()) {
        engine.start();
        assertThat(engine.awaitStop(Duration.ofSeconds(30))).isTrue();
        stats = engine.stats();
      }
      assertThat(stats.cpuBudgetRateReductions()).isEqualTo(3);
      assertThat(stats.cpuBudgetOcrNarrowings()).isEqualTo(1);
      assertThat(stats.cpuBudgetAllowanceCuts())
          .isEqualTo(CpuGovernor.MAX_LEVEL - CpuGovernor.OCR_LEVEL);
      assertThat(stats.cpuBudgetLevel()).isEqualTo(CpuGovernor.MAX_LEVEL);
      assertThat(stats.cpuBudgetOverAtMaxLevel()).isPositive();
      assertThat(stats.cpuShare()).isGreaterThan(0.0001);
      // At 8 fps for 12 s there would be 96 ticks, and more while the start's focus action
      // waits for the screen to settle; at 1/8 of both rates after the first second, far fewer.
      assertThat(stats.framesCaptured()).isLessThan(48);
      List<Long> monos = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.scan(r -> {
          if (r.type().equals("frame")) {
            monos.add(r.monoNanos());
          }
        });
        SessionCheck check = reader.check();
        assertThat(check.performance().get("cpuBudgetLevel"))
            .isEqualTo((long) CpuGovernor.MAX_LEVEL);
        assertThat(check.performance().get("cpuBudgetRateReductions")).isEqualTo(3L);
      }
      // The last frames were stored at the lowest rate: 1 fps, 8 times the 125 ms period.
      List<Long> late = monos.subList(monos.size() - 4, monos.size());
      for (int i = 1; i < late.size(); i++) {
        assertThat(late.get(i) - late.get(i - 1)).isGreaterThan(800_000_000L);
      }
    }
  }

  @Test
  void overBudgetOcrIsNarrowedButEveryStoredFrameIsStillRedacted() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      // A fake card number printed again and again: redaction must keep finding it.
      x.client(1500, "xterm", "-geometry", "70x15+10+10", "-bg", "white", "-fg", "black",
          "-fa", "DejaVu Sans Mono", "-fs", "12", "-e", "bash", "--norc", "--noprofile", "-c",
          "while :; do echo \"card 4111 1111 1111 1111 at $(date +%N)\"; sleep 0.3; done");
      Path dir = tmp.resolve("redacted");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .display(x.display()).fps(4).ocrThreads(1)
          .cpuBudget(0.0001, Duration.ofSeconds(1)).maxDuration(Duration.ofSeconds(10))
          .build()) {
        engine.start();
        assertThat(engine.awaitStop(Duration.ofSeconds(60))).isTrue();
        stats = engine.stats();
      }
      assertThat(stats.cpuBudgetOcrNarrowings()).as(stats.toString()).isEqualTo(1);
      assertThat(stats.framesOcrNarrowed()).isPositive();
      assertThat(stats.framesRedacted()).isPositive();
      List<String> statuses = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.scan(r -> {
          if (r.type().equals("frame")) {
            statuses.add(r.body().getObject("redaction").getString("status"));
          }
        });
      }
      assertThat(statuses).hasSize((int) stats.framesStored()).doesNotContain("off");
    }
  }

  /**
   * A budget no recording can hold (0.01 % of a core: any work is over it and nothing ever
   * falls under the restore line), so the governor goes to its last level, one Tesseract read a
   * frame, and stays there. A terminal then gets batches of new lines, and the test waits after
   * each until the screen is still and every grab of it has been redacted: it knows every
   * picture the engine can have taken. Over the whole recording, every stored frame's
   * {@code over-budget} box must show pixels unlike the screen's at that place in every one of
   * those pictures (hidden, never stored raw); every frame that hid lines over budget read one
   * (never none); lines read later on the still screen are stored again as the screen shows
   * them; and the counters, the frame records and the session's check agree.
   */
  @Test
  void overTheLastLevelNewLinesAreHiddenUnreadCountedAndNeverStoredRaw() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm") && XvfbServer.onPath("tail"),
        "xterm and tail are needed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      Path log = Files.createFile(tmp.resolve("build.log"));
      x.client(1500, "xterm", "-geometry", "70x15+10+10", "-bg", "white", "-fg", "black",
          "-fa", "DejaVu Sans Mono", "-fs", "12", "-e", "tail", "-n", "+1", "-f",
          log.toString());
      List<int[]> screens = new ArrayList<>();
      screens.add(EngineWaits.stillScreen(x.display(), null));
      Path dir = tmp.resolve("overbudget");
      CaptureStats stats;
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .display(x.display()).fps(8).ocrThreads(1).format(ImageFormat.PNG)
          .ocrBudget(Duration.ofSeconds(30))
          .cpuBudget(0.0001, Duration.ofSeconds(1)).build()) {
        engine.start();
        EngineWaits.until("the last level",
            () -> engine.stats().cpuBudgetLevel() == CpuGovernor.MAX_LEVEL);
        // Harmless new lines (no four digits in a row: beside an over-budget line those would
        // be hidden even when read), three a batch, 18 in all: the terminal scrolls.
        Random random = new Random(7);
        String[] words = {"core", "parser", "render", "store", "network", "ui", "cache"};
        for (int batch = 0; batch < 6; batch++) {
          StringBuilder lines = new StringBuilder();
          for (int k = 0; k < 3; k++) {
            lines.append("step ").append(batch * 3 + k).append(" of module ")
                .append(words[random.nextInt(words.length)]).append(" took ")
                .append(100 + random.nextInt(900)).append(" ms\n");
          }
          Files.writeString(log, lines, StandardOpenOption.APPEND);
          int[] still = EngineWaits.stillScreen(x.display(), screens.get(screens.size() - 1));
          screens.add(still);
          EngineWaits.grabbedTwiceAndSettled(engine, engine.stats().framesCaptured());
        }
        // The screen stays still: one waiting line is read a frame until none waits.
        EngineWaits.until("every line hidden over budget read later", () -> {
          CaptureStats s = engine.stats();
          return s.linesAwaitingRead() == 0 && s.linesReadLater() > 0;
        });
        engine.close();
        stats = engine.stats();
      }
      assertThat(Screens.grabRgb(x.display())).isEqualTo(screens.get(screens.size() - 1));
      assertThat(stats.cpuBudgetLevel()).isEqualTo(CpuGovernor.MAX_LEVEL);
      assertThat(stats.cpuBudgetRestores()).isZero();
      assertThat(CpuGovernor.ocrAllowance(CpuGovernor.MAX_LEVEL)).isEqualTo(1);
      assertThat(stats.linesOverBudget()).as(stats.toString()).isPositive();
      assertThat(stats.framesDroppedUnread()).isZero();

      List<String> problems = new ArrayList<>();
      long[] overBudgetInRecords = {0};
      int[] boxesChecked = {0};
      int[] liftsChecked = {0};
      int[] rebuilt = new int[640 * 400];
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.replay(f -> {
          JsonObject body = f.record().body();
          JsonObject redaction = body.getObject("redaction");
          String frame = "frame " + f.sequence();
          for (int yy = 0; yy < 400; yy++) {
            for (int xx = 0; xx < 640; xx++) {
              rebuilt[yy * 640 + xx] = f.rgb(xx, yy);
            }
          }
          assertThat(redaction.getString("status")).as(frame).isEqualTo("ok");
          long overBudget = redaction.getLong("overBudget");
          overBudgetInRecords[0] += overBudget;
          if (overBudget > 0) {
            // The allowance was spent before a line went over it: at least the one read.
            assertThat(redaction.getLong("ocrLines")).as(frame).isPositive();
          }
          List<int[]> boxes = new ArrayList<>();
          for (JsonObject box : body.getObjectList("redactions")) {
            int[] r = clipped(box);
            boxes.add(r);
            if (!box.getString("detector").equals(Redactor.OVER_BUDGET)) {
              continue;
            }
            boxesChecked[0]++;
            for (int s = 0; s < screens.size(); s++) {
              assertThat(differing(rebuilt, screens.get(s), r, List.of()))
                  .as("%s: pixels of over-budget box %s unlike screen %d", frame, box, s)
                  .isGreaterThan(r[2] * r[3] / 4);
            }
          }
          if (body.has("lifted") && body.getLong("changedTiles") == 0) {
            // Read later on a still screen: stored again exactly as that screen shows it.
            for (JsonObject lift : body.getObjectList("lifted")) {
              liftsChecked[0]++;
              int[] r = clipped(lift);
              assertThat(screens).as("%s: lifted %s as one of the still screens", frame, lift)
                  .anyMatch(s -> differing(rebuilt, s, r, boxes) == 0);
            }
          }
        }, problems);
        SessionCheck check = reader.check();
        assertThat(check.redaction().get("linesOverBudget")).isEqualTo(stats.linesOverBudget());
        assertThat(check.redaction().get("linesReadLater")).isEqualTo(stats.linesReadLater());
        assertThat(check.performance().get("cpuBudgetAllowanceCuts"))
            .isEqualTo((long) (CpuGovernor.MAX_LEVEL - CpuGovernor.OCR_LEVEL));
      }
      assertThat(problems).isEmpty();
      assertThat(boxesChecked[0]).isPositive();
      assertThat(overBudgetInRecords[0]).isPositive().isLessThanOrEqualTo(stats.linesOverBudget());
      assertThat(liftsChecked[0]).isPositive();
      assertThat(stats.redactionsLifted()).isPositive();
      assertThat(stats.linesAwaitingRead()).isZero();
    }
  }

  /** A manifest rectangle clipped to the 640x400 screen, as {x, y, w, h}. */
  private static int[] clipped(JsonObject r) {
    int x0 = (int) Math.max(0, r.getLong("x"));
    int y0 = (int) Math.max(0, r.getLong("y"));
    int x1 = (int) Math.min(640, r.getLong("x") + r.getLong("w"));
    int y1 = (int) Math.min(400, r.getLong("y") + r.getLong("h"));
    return new int[] {x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)};
  }

  /** Pixels of rectangle {@code r} where {@code a} and {@code b} differ, outside {@code skip}. */
  private static int differing(int[] a, int[] b, int[] r, List<int[]> skip) {
    int n = 0;
    for (int yy = r[1]; yy < r[1] + r[3]; yy++) {
      for (int xx = r[0]; xx < r[0] + r[2]; xx++) {
        if (a[yy * 640 + xx] != b[yy * 640 + xx] && !inside(skip, xx, yy)) {
          n++;
        }
      }
    }
    return n;
  }

  private static boolean inside(List<int[]> rects, int x, int y) {
    for (int[] r : rects) {
      if (x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3]) {
        return true;
      }
    }
    return false;
  }
  /**
   * Lines hidden over the budget while a terminal prints are read later once it stops: the
   * share falls, the allowance comes back, and the capture thread hands the encoder periodic
   * frames of the still screen until every waiting line is read and stored again.
   */
  @Test
  void linesHiddenOverTheBudgetAreReadLaterOnceTheScreenIsStill() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      Path dir = tmp.resolve("readlater");
      CaptureStats stats = recordPrintingTerminal(x, dir, 0.03, 45);
      assertThat(stats.linesOverBudget()).as(stats.toString()).isPositive();
      assertThat(stats.linesReadLater()).as(stats.toString()).isPositive();
      assertThat(stats.linesAwaitingRead()).as(stats.toString()).isZero();
      assertThat(stats.redactionsLifted()).isPositive();
      // Frames of the still screen (no changed tile) that stored lines read later.
      List<JsonObject> readLater = new ArrayList<>();
      try (SessionReader reader = SessionReader.open(dir)) {
        reader.scan(r -> {
          if (r.type().equals("frame") && r.body().getLong("changedTiles") == 0
              && r.body().has("lifted")) {
            readLater.add(r.body());
          }
        });
        assertThat(reader.check().redaction().get("linesReadLater"))
            .isEqualTo(stats.linesReadLater());
      }
      assertThat(readLater).isNotEmpty();
    }
  }

  /**
   * Records {@code x} with redaction under {@code budget} (a second's window) for {@code seconds}
   * while an xterm prints 60 new lines (new digits in each) over about 12 s, then stays still.
   */
  private static CaptureStats recordPrintingTerminal(XvfbServer x, Path dir, double budget,
      int seconds) throws Exception {
    x.client(1500, "xterm", "-geometry", "70x15+10+10", "-bg", "white", "-fg", "black",
        "-fa", "DejaVu Sans Mono", "-fs", "12", "-e", "bash", "--norc", "--noprofile", "-c",
        "for i in $(seq 1 60); do echo \"build $i took $(date +%N) us\"; sleep 0.2; done;"
            + " sleep 120");
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
        .display(x.display()).fps(4).ocrThreads(1)
        .cpuBudget(budget, Duration.ofSeconds(1)).maxDuration(Duration.ofSeconds(seconds))
        .build()) {
      engine.start();
      assertThat(engine.awaitStop(Duration.ofSeconds(seconds + 60))).isTrue();
      return engine.stats();
    }
  }

  @Test
  void keyframesFromRecycledSlotsRebuildTheScreenPixelForPixel() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      // Two terminals far apart, typed into in turn: each slot, when it comes round again, holds
      // stale rows of the other terminal that must be brought up to date.
      x.client(0, "xterm", "-geometry", "60x6+10+10", "-bg", "white", "-fg", "black", "-e",
          "bash", "--norc", "--noprofile");
      x.client(1500, "xterm", "-geometry", "60x6+10+250", "-bg", "white", "-fg", "black", "-e",
          "bash", "--norc", "--noprofile");
      Path dir = tmp.resolve("slots");
      // Every stored frame whole (any change is over the area ratio), from recycled slots.
      try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
          .redaction(RedactionMode.OFF).display(x.display()).fps(8).format(ImageFormat.PNG)
          .keyframeAreaRatio(1e-6).build();
          XInputDriver input = XInputDriver.open(x.display())) {
        engine.start();
        int i = 0;
        for (String line : List.of("echo one", "seq 1 3", "echo two", "echo three", "clear",
            "ls /", "echo four")) {
          input.moveTo(200, i++ % 2 == 0 ? 40 : 280);
          input.typeText(line + "\n");
          Thread.sleep(500);
        }
        Thread.sleep(800);
        engine.close();
        assertThat(engine.stats().keyframes()).isEqualTo(engine.stats().framesStored());
        assertThat(engine.stats().framesStored()).isGreaterThanOrEqualTo(7);
      }
      int[] expected = Screens.grabRgb(x.display());
      List<String> problems = new ArrayList<>();
      int[] last = Screens.lastReplayedRgb(dir, new ArrayList<>(), problems);
      assertThat(problems).isEmpty();
      assertThat(last).isEqualTo(expected);
    }
  }

  @Test
  void builderNamesTheBadBudget() {
    assertThatThrownBy(() -> CaptureEngine.builder().cpuBudget(-0.1, Duration.ofMinutes(1)))
        .hasMessageContaining("cpuBudget must be in [0, 64]").hasMessageContaining("-0.1");
    assertThatThrownBy(() -> CaptureEngine.builder().cpuBudget(0.05, Duration.ofMillis(10)))
        .hasMessage("cpuBudget window must be in [1000ms, 3600000ms], was 10ms");
    assertThatThrownBy(() -> CaptureEngine.builder().damageCheckInterval(Duration.ZERO))
        .hasMessageContaining("damageCheckInterval");
  }
}

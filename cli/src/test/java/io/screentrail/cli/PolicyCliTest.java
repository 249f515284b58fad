package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy policy from the command line: {@code record --allow-app} on a private Xvfb with a
 * designated xterm and a ticking xclock that is not designated, the policy in the manifest and in
 * {@code inspect}, SIGUSR1 pausing a recorder, and bad policy flags refused with exit 2.
 */
class PolicyCliTest {

  private static XvfbServer x;

  @TempDir Path tmp;

  @BeforeAll
  static void startDisplay() throws Exception {
    assumeTrue(XvfbServer.available() && XvfbServer.onPath("xterm")
        && XvfbServer.onPath("xclock"), "needs Xvfb, xterm and xclock");
    x = XvfbServer.start(1024, 600);
    x.client(0, "xterm", "-class", "DesignatedTerm", "-geometry", "60x20+0+0", "-bg", "white");
    x.client(1200, "xclock", "-update", "1", "-geometry", "200x200+700+50");
  }

  @AfterAll
  static void stopDisplay() {
    if (x != null) {
      x.close();
    }
  }

  @Test
  void recordKeepsOnlyTheAllowedApplicationAndInspectShowsThePolicy() throws Exception {
    Path out = tmp.resolve("session");
    Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off", "--out",
        out.toString(), "--fps", "4", "--duration", "3s", "--no-redact", "--format", "png",
        "--allow-app", "DesignatedTerm", "--allow-app", "NoSuchApp", "--deny-app", "XClock",
        "--purpose", "cli test");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("Withheld   \\d+ frames with no designated window, 0 keys");

    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getString("purpose")).isEqualTo("cli test");
    assertThat(j.getObject("policy").getString("hash")).startsWith("sha256:");
    assertThat(j.getObject("policy").getObject("rules").getObjectList("allow")).hasSize(2);
    assertThat(j.getLong("framesNotDesignated")).isZero();
    assertThat(j.getObject("pauses").getLong("count")).isZero();
    Result text = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
    assertThat(text.out()).contains("Policy     sha256:", "purpose: cli test", "Pauses     0");

    // The clock ticks, but it is blanked: every exported frame is black right of the xterm.
    Path frames = tmp.resolve("frames");
    Result export = CliRunner.run(CliRunner.env(null), "export", out.toString(), "--format",
        "frames", "--out", frames.toString());
    assertThat(export.code()).as(export.toString()).isZero();
    List<Path> images;
    try (Stream<Path> s = Files.list(frames)) {
      images = s.sorted().toList();
    }
    assertThat(images).isNotEmpty();
    for (Path image : images) {
      BufferedImage img = ImageIO.read(image.toFile());
      for (int y = 0; y < img.getHeight(); y++) {
        for (int xx = 600; xx < img.getWidth(); xx++) {
          assertThat(img.getRGB(xx, y) & 0xffffff).as("%s at %d,%d", image, xx, y).isZero();
        }
      }
    }
  }

  @Test
  void sigusr1PausesAndResumesARecorder() throws Exception {
    Path out = tmp.resolve("paused");
    Path logs = tmp.resolve("logs");
    Process p = CliRunner.startJvm(x.display(), logs, "record", "--input", "off", "--out",
        out.toString(), "--fps", "4", "--no-redact", "--purpose", "signal test");
    try {
      CliRunner.awaitRecording(p, logs);
      Thread.sleep(700);
      kill("-USR1", p.pid());
      Thread.sleep(1000);
      kill("-USR1", p.pid());
      Thread.sleep(700);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    String err = Files.readString(logs.resolve("stderr.txt"));
    assertThat(err).contains("paused (SIGUSR1; send it again to resume)", "resumed (SIGUSR1)");
    List<JsonObject> marks = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(out)) {
      reader.scan(rec -> {
        if (rec.type().equals("pause") || rec.type().equals("resume")) {
          marks.add(rec.body());
        }
      });
    }
    assertThat(marks).extracting(m -> m.getString("type") + "/" + m.getString("reason"))
        .containsExactly("pause/signal", "resume/signal");
    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getObject("pauses").getLong("count")).isEqualTo(1);
    assertThat(j.getObject("pauses").getDouble("seconds")).isBetween(0.5, 5.0);
  }

  @Test
  void badPolicyFlagsAreUsageErrorsThatNameTheValue() throws Exception {
    Path out = tmp.resolve("never");
    Result hotkey = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
        "--out", out.toString(), "--pause-hotkey", "p");
    assertThat(hotkey.code()).as(hotkey.toString()).isEqualTo(Main.USAGE);
    assertThat(hotkey.err()).contains("pauseHotkey needs ctrl, alt or meta", "'p'");
    Result regex = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
        "--out", out.toString(), "--allow-app", "firefox:(");
    assertThat(regex.code()).isEqualTo(Main.USAGE);
    assertThat(regex.err()).contains("title pattern '(' of application firefox");
    Path missing = tmp.resolve("missing.json");
    Result file = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
        "--out", out.toString(), "--policy", missing.toString());
    assertThat(file.code()).isEqualTo(Main.USAGE);
    assertThat(file.err()).contains("--policy: policy file " + missing + " does not exist");
    Path typo = Files.writeString(tmp.resolve("typo.json"), "{\"allow\": [\"XTerm\"], \"maskAll\": 1}");
    Result unknown = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
        "--out", out.toString(), "--policy", typo.toString());
    assertThat(unknown.code()).isEqualTo(Main.USAGE);
    assertThat(unknown.err()).contains("unknown field 'maskAll'");
    assertThat(out).doesNotExist();
  }

  private static void kill(String signal, long pid) throws Exception {
    Process k = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
    assertThat(k.waitFor()).isZero();
  }
}

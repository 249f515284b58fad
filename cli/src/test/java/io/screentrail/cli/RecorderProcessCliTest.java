package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder as its own JVM, the way users run it, stopped the two ways a recorder gets stopped:
 * SIGKILL (nothing runs, the session must still read back) and SIGTERM (the shutdown hook closes
 * the engine, so the session ends cleanly).
 */
class RecorderProcessCliTest {

  private static XvfbServer display;

  @TempDir Path tmp;
  private Process recorder;

  @BeforeAll
  static void startDisplay() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    display = XvfbServer.start(1024, 768);
    display.client(1000, "xclock", "-update", "1");
  }

  @AfterAll
  static void stopDisplay() {
    if (display != null) {
      display.close();
    }
  }

  @AfterEach
  void killRecorder() {
    if (recorder != null) {
      recorder.destroyForcibly();
    }
  }

  private Process startRecorder(Path out) throws IOException {
    // DISPLAY is the recorded display, so the default --input global captures its input.
    return CliRunner.startJvm(display.display(), tmp, "record", "--out", out.toString(), "--fps",
        "4");
  }

  /** Polls {@code inspect} until the running recorder has stored a few frames. */
  private JsonObject awaitFrames(Path out, long frames) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      assertThat(recorder.isAlive()).as("recorder still running; stderr: %s",
          Files.exists(tmp.resolve("stderr.txt")) ? Files.readString(tmp.resolve("stderr.txt"))
              : "").isTrue();
      Result r = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--json");
      if (r.code() == Main.OK && r.json().getLong("framesStored") >= frames) {
        return r.json();
      }
      assertThat(System.nanoTime()).as("frames stored in time").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  void sessionOfAKilledRecorderReadsBack() throws Exception {
    Path out = tmp.resolve("killed");
    recorder = startRecorder(out);
    awaitFrames(out, 3);
    recorder.destroyForcibly();
    assertThat(recorder.waitFor(20, TimeUnit.SECONDS)).isTrue();

    Result r = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = r.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(1);
    assertThat(j.getBoolean("endedCleanly")).isFalse();
    assertThat(j.getArray("problems")).isEmpty();
  }

  @Test
  void sigtermEndsTheSessionCleanlyAndPrintsTheSummary() throws Exception {
    Path out = tmp.resolve("terminated");
    recorder = startRecorder(out);
    awaitFrames(out, 2);
    recorder.destroy();
    assertThat(recorder.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(recorder.exitValue()).isEqualTo(128 + 15);

    Result r = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = r.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getBoolean("endedCleanly")).isTrue();
    assertThat(j.getString("endReason")).isEqualTo("closed");
    assertThat(j.getBoolean("tornTail")).isFalse();
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(2);

    String stdout = Files.readString(tmp.resolve("stdout.txt"));
    assertThat(stdout).contains("Recording stopped (Ctrl-C or SIGTERM).",
        "Session    " + out.toAbsolutePath(), "Source     xshm",
        "./screentrail inspect " + out);
    assertThat(stdout).containsPattern("Frames     \\d+ stored \\(\\d+ keyframes\\), \\d+ skipped"
        + " unchanged, \\d+ dropped");
    assertThat(stdout).containsPattern("Input      \\d+ events, \\d+ actions from the global input"
        + " hook");
    assertThat(j.getObject("input").getBoolean("global")).isTrue();
    assertThat(Files.readString(tmp.resolve("stderr.txt")))
        .contains("screentrail: recording " + display.display(), "fps with input into");
  }
}

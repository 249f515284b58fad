package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} against real private X servers: one with an xterm and a ticking xclock, one with
 * nothing on it. The display reaches the command through its environment, as from a shell. These
 * run in the test JVM, whose own DISPLAY is another display, so they record with {@code --input
 * off}: global input is tested with recorders of their own ({@link TrajectoryAcceptanceTest},
 * {@link InputModeCliTest}).
 */
class RecordCommandTest {

  private static XvfbServer busy;
  private static XvfbServer empty;

  @TempDir Path tmp;

  @BeforeAll
  static void startDisplays() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    busy = XvfbServer.start(1280, 800);
    busy.client(0, "xterm", "-geometry", "80x24+10+10");
    busy.client(1000, "xclock", "-update", "1", "-geometry", "200x200+900+50");
    // -noreset: without clients, Xvfb resets whenever the last connection closes and refuses
    // one that comes in meanwhile; these tests connect one after another.
    empty = XvfbServer.start("-noreset", "-screen", "0", "1024x768x24");
  }

  @AfterAll
  static void stopDisplays() {
    if (busy != null) {
      busy.close();
    }
    if (empty != null) {
      empty.close();
    }
  }

  @Test
  void mostlyStaticScreenStoresChangesAndSkipsTheRest() {
    Path out = tmp.resolve("session");
    Result r = CliRunner.run(CliRunner.env(busy.display()), "record", "--input", "off",
        "--out", out.toString(), "--fps", "4", "--duration", "4s");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("screentrail: recording " + busy.display() + " (xshm,"
        + " 1280x800) at 4 fps without input into");
    assertThat(r.out()).contains("Recording stopped after 4s.", "Session    "
        + out.toAbsolutePath(), "./screentrail inspect " + out, "Source     xshm, 1280x800",
        "Input      0 events, 0 actions; no global input: --input off");

    Result inspect = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--json");
    assertThat(inspect.code()).as(inspect.toString()).isZero();
    JsonObject j = inspect.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(1);
    // The clock ticks once a second, captures come four times a second.
    assertThat(j.getLong("framesSkippedUnchanged")).isGreaterThan(0);
    assertThat(j.getLong("framesStored") + j.getLong("framesSkippedUnchanged")
        + j.getLong("framesDropped")).isEqualTo(j.getLong("framesCaptured"));
    assertThat(j.getBoolean("endedCleanly")).isTrue();
    assertThat(j.getString("endReason")).isEqualTo("duration");
    assertThat(j.getString("source")).isEqualTo("xshm");
    assertThat(j.getObject("geometry").getLong("width")).isEqualTo(1280);
    assertThat(j.getDouble("durationSeconds")).isBetween(3.0, 10.0);
    assertThat(j.getArray("problems")).isEmpty();
    for (String field : new String[] {"keyframes", "events", "actions", "markers", "bytes",
        "records", "tornTail", "directory", "eventsDropped", "pointerMovesCoalesced",
        "actionsUnsettled", "input"}) {
      assertThat(j.has(field)).as(field).isTrue();
    }
  }

  @Test
  void staticScreenStoresAtMostOneFrame() {
    Path out = tmp.resolve("static");
    Result r = CliRunner.run(CliRunner.env(empty.display()), "record", "--input", "off",
        "--out", out.toString(), "--fps", "5", "--duration", "2500ms", "--format", "png");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getLong("framesStored")).isLessThanOrEqualTo(1);
    assertThat(j.getLong("framesSkippedUnchanged")).isGreaterThanOrEqualTo(5);
    assertThat(j.getString("imageFormat")).isEqualTo("png");
  }

  @Test
  void displayFlagOverridesTheEnvironment() {
    Path out = tmp.resolve("flag");
    Result r = CliRunner.run(CliRunner.env(":9999"), "record", "--input", "off", "--out",
        out.toString(), "--display", empty.display(), "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(CliRunner.inspectJson(out).getString("display")).isEqualTo(empty.display());
  }

  @Test
  void displayThatCannotBeOpenedExitsThree() {
    Result r = CliRunner.run(CliRunner.env(":9999"), "record", "--input", "off", "--out",
        tmp.resolve("s").toString(), "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.ENVIRONMENT);
    assertThat(r.err()).contains("screentrail: Cannot open X display ':9999'");
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void screenThatDoesNotExistIsAUsageError() {
    Result r = CliRunner.run(CliRunner.env(empty.display()), "record", "--input", "off", "--out",
        tmp.resolve("s").toString(), "--screen", "3", "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("screen index 3 is out of range");
  }

  @Test
  void robotSourceRefusesADisplayJavaDidNotStartWith() {
    // Robot can only grab the JVM's own DISPLAY; recording another screen silently is worse.
    Result r = CliRunner.run(CliRunner.env(null), "record", "--input", "off", "--out",
        tmp.resolve("s").toString(), "--source", "robot", "--display", empty.display());
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--source robot records the display Java started with",
        "use --source xshm");
  }
}

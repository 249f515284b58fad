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
 * {@code record --input global|optional|off} where global input cannot be had: a display without
 * the RECORD extension, and a {@code --display} other than the {@code DISPLAY} the hook listens
 * to. Global fails and says what to do; optional records the screen and says why input is off.
 */
class InputModeCliTest {

  private static XvfbServer noRecord;

  @TempDir Path tmp;

  @BeforeAll
  static void startDisplay() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    // -noreset: with no client of its own, Xvfb would reset each time the last one leaves, and
    // refuse a connection that comes in meanwhile.
    noRecord = XvfbServer.start("-noreset", "-extension", "RECORD", "-screen", "0",
        "640x480x24");
  }

  @AfterAll
  static void stopDisplay() {
    if (noRecord != null) {
      noRecord.close();
    }
  }

  /** The test JVM's own DISPLAY: what the hook would listen to in this process. */
  private static String jvmDisplay() {
    return RecordCommand.hookDisplay();
  }

  @Test
  void globalInputOnAnotherDisplayThanDisplayExitsTwo() {
    assumeTrue(!RecordCommand.sameServer(jvmDisplay(), noRecord.display()));
    Path out = tmp.resolve("s");
    Result r = CliRunner.run(CliRunner.env(jvmDisplay()), "record", "--out", out.toString(),
        "--display", noRecord.display(), "--input", "global", "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--input global cannot capture the keyboard and mouse of"
        + " --display " + noRecord.display(), "global input follows DISPLAY",
        "Run with DISPLAY=" + noRecord.display() + " instead of --display",
        "--input optional or --input off");
    assertThat(out).doesNotExist();
  }

  @Test
  void optionalInputOnAnotherDisplayRecordsTheScreenOnly() {
    assumeTrue(!RecordCommand.sameServer(jvmDisplay(), noRecord.display()));
    Path out = tmp.resolve("s");
    Result r = CliRunner.run(CliRunner.env(jvmDisplay()), "record", "--out", out.toString(),
        "--display", noRecord.display(), "--input", "optional", "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("screentrail: input is off, recording the screen only: global"
        + " input follows DISPLAY", "run with DISPLAY=" + noRecord.display() + " to capture it",
        "at 1 fps without input");
    assertThat(r.out()).contains("Input      0 events, 0 actions; no global input: global input"
        + " follows DISPLAY");
    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getObject("input").getBoolean("global")).isFalse();
  }

  @Test
  void optionalInputWithoutRecordRecordsTheScreenAndSaysWhy() throws Exception {
    Path out = tmp.resolve("s");
    Result r = CliRunner.runJvm(noRecord.display(), tmp.resolve("logs"), "record", "--out",
        out.toString(), "--input", "optional", "--duration", "1500ms");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("screentrail: input is off, recording the screen only:",
        "RECORD");
    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(1);
    JsonObject input = j.getObject("input");
    assertThat(input.getBoolean("global")).isFalse();
    assertThat(input.getString("reason")).contains("RECORD");
    assertThat(input.getString("mode")).isEqualTo("global_if_available");
  }

  @Test
  void globalInputWithoutRecordExitsThreeAndNamesIt() throws Exception {
    Path out = tmp.resolve("s");
    Result r = CliRunner.runJvm(noRecord.display(), tmp.resolve("logs"), "record", "--out",
        out.toString(), "--input", "global", "--duration", "1500ms");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.ENVIRONMENT);
    // libX11 itself also prints a line about the missing extension.
    assertThat(r.err()).contains("screentrail: global input capture is unavailable", "RECORD",
        "--input optional", "--input off");
    assertThat(out).doesNotExist(); // nothing recorded, nothing left behind
  }

  @Test
  void offRecordsTheScreenOnly() {
    Path out = tmp.resolve("s");
    Result r = CliRunner.run(CliRunner.env(noRecord.display()), "record", "--out",
        out.toString(), "--input", "off", "--duration", "1s");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("no global input: --input off");
    assertThat(CliRunner.inspectJson(out).getObject("input").getString("mode"))
        .isEqualTo("api_only");
  }
}

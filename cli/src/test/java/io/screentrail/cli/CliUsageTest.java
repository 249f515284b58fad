package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.screentrail.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line itself: help, version, and usage errors that exit 2 with a message naming the
 * flag and what it accepts. None of these needs a display.
 */
class CliUsageTest {

  @TempDir Path tmp;

  private static Result run(String... args) {
    return CliRunner.run(CliRunner.env(null), args);
  }

  @Test
  void topLevelHelpGoesToStdoutAndExitsZero() {
    for (String flag : List.of("--help", "-h", "help")) {
      Result r = run(flag);
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Usage: screentrail <command>", "demo", "record", "inspect",
          "export");
      assertThat(r.err()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"record", "inspect", "export", "demo"})
  void everyCommandHasHelp(String command) {
    for (String flag : List.of("--help", "-h")) {
      Result r = run(command, flag);
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("Usage: screentrail " + command);
    }
    // Help wins over otherwise broken arguments.
    Result r = run(command, "--bogus", "--help");
    assertThat(r.code()).isZero();
    assertThat(run("help", command).out()).isEqualTo(run(command, "--help").out());
  }

  @Test
  void versionPrintsTheEngineVersion() {
    Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).isEqualTo("screentrail " + io.screentrail.Version.VERSION);
  }

  @Test
  void noCommandIsAUsageErrorWithTheHelp() {
    Result r = run();
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("Usage: screentrail <command>");
  }

  @Test
  void unknownCommandNamesTheCommands() {
    Result r = run("frobnicate");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("screentrail: unknown command 'frobnicate'",
        "demo, record, inspect, export, redact, view and keygen", "see 'screentrail --help'");
  }

  @Test
  void unknownFlagNamesTheFlagAndTheAcceptedOnes() {
    Result r = run("record", "--out", tmp.resolve("s").toString(), "--colour", "red");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("screentrail: unknown flag --colour for 'record'", "--fps",
        "--duration", "see 'screentrail record --help'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "90", "-1", "fast", "NaN"})
  void badFpsNamesTheRange(String fps) {
    Result r = run("record", "--out", tmp.resolve("s").toString(), "--fps", fps);
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--fps must be a number greater than 0 and at most 60, was '"
        + fps + "'", "see 'screentrail record --help'");
  }

  @Test
  void valuesMayFollowAnEqualsSign() {
    Result r = run("record", "--out=" + tmp.resolve("s"), "--fps=500");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--fps must be a number greater than 0 and at most 60, was"
        + " '500'");
  }

  @Test
  void badFormatListsTheFormats() {
    Result r = run("record", "--out", tmp.resolve("s").toString(), "--format", "gif");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--format must be jpeg or png, was 'gif'");
  }

  @Test
  void badSourceQualityScreenAndDuration() {
    String out = tmp.resolve("s").toString();
    assertThat(run("record", "--out", out, "--source", "vnc").err())
        .contains("--source must be auto or xshm or robot, was 'vnc'");
    assertThat(run("record", "--out", out, "--quality", "101").err())
        .contains("--quality must be a whole number from 1 to 100, was '101'");
    assertThat(run("record", "--out", out, "--format", "png", "--quality", "50").err())
        .contains("--quality applies to --format jpeg only");
    assertThat(run("record", "--out", out, "--screen", "x").err())
        .contains("--screen must be a whole number");
    Result r = run("record", "--out", out, "--duration", "10 minutes");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--duration must be a positive duration such as 500ms, 30s, 2m"
        + " or 1h", "was '10 minutes'");
  }

  @Test
  void missingOutIsNamed() {
    Result r = run("record", "--fps", "2");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("missing --out", "see 'screentrail record --help'");
    assertThat(run("export", tmp.toString(), "--format", "frames").err())
        .contains("missing --out");
  }

  @Test
  void flagWithoutValueAndRepeatedFlag() {
    assertThat(run("record", "--out").err()).contains("--out needs a value");
    assertThat(run("record", "--out", "a", "--out", "b").err()).contains("--out is given twice");
    assertThat(run("inspect", "--json=yes", "x").err()).contains("--json takes no value");
    assertThat(run("inspect", "a", "b").err()).contains("unexpected argument 'b'");
    assertThat(run("inspect").err()).contains("missing the session directory");
  }

  @Test
  void nonEmptyOutputDirectoryIsRefusedBeforeAnythingElse() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    // Not even the missing display is reported: the usage error comes first.
    Result r = CliRunner.run(Map.of(), "record", "--out", out.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("Session directory " + out + " is not empty");
    assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("keep me");
  }

  @Test
  void noDisplayExitsThreeWithWhatToDo() {
    Result r = CliRunner.run(Map.of(), "record", "--out", tmp.resolve("s").toString());
    assertThat(r.code()).isEqualTo(Main.ENVIRONMENT);
    assertThat(r.err().trim()).isEqualTo("screentrail: " + RecordCommand.NO_DISPLAY);
    assertThat(r.err()).contains("DISPLAY is not set", "Xvfb :99 -screen 0 1920x1080x24 &",
        "./screentrail demo");
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void durationsAcceptUnitsAndPlainSeconds() {
    assertThat(Args.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Args.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Args.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Args.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Args.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Args.parseDuration("1.5m")).isEqualTo(Duration.ofSeconds(90));
    for (String bad : List.of("", "s", "1e3", "-5s", "5d", "NaN", "1.s")) {
      assertThatThrownBy(() -> Args.parseDuration(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void exportRefusesOtherFormatsAndNamesTheSupportedOnes() {
    Result r = run("export", tmp.toString(), "--format", "gif", "--out",
        tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--format must be frames or trajectory, was 'gif'",
        "see 'screentrail export --help'");
    assertThat(run("export", tmp.toString(), "--out", "x").err())
        .contains("missing --format: give what to export: --format frames or --format"
            + " trajectory");
  }

  @Test
  void exportTrajectoryRefusesADirectoryAsItsFile() {
    Result r = run("export", tmp.toString(), "--format", "trajectory", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--out " + tmp + " is a directory: give the .jsonl file");
  }

  @Test
  void badInputModeAndInputDurations() {
    String out = tmp.resolve("s").toString();
    Result r = run("record", "--out", out, "--input", "keyboard");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--input must be global or optional or off, was 'keyboard'");
    assertThat(run("record", "--out", out, "--settle-timeout", "50ms").err())
        .contains("--settle-timeout must be from 100ms to 1m, was '50ms'");
    assertThat(run("record", "--out", out, "--typing-pause", "11s").err())
        .contains("--typing-pause must be from 100ms to 10s, was '11s'");
    assertThat(run("record", "--out", out, "--typing-pause", "soon").err())
        .contains("--typing-pause must be a positive duration");
    assertThat(tmp.resolve("s")).doesNotExist();
  }

  @Test
  void helpTextsNameInputAndTrajectories() {
    assertThat(run("--help").out()).contains("--format trajectory", "session.jsonl");
    assertThat(run("record", "--help").out()).contains("--input global|optional|off",
        "--settle-timeout D", "--typing-pause D", "DISPLAY=:N rather than --display :N");
    assertThat(run("export", "--help").out()).contains("--format frames|trajectory",
        "FILE.jsonl", "FILE_frames/");
  }

  @Test
  void demoWithoutXvfbExitsThreeWithHowToInstallIt() {
    Map<String, String> env = Map.of("PATH", tmp.toString());
    Result r = CliRunner.run(env, "demo", "--out", tmp.resolve("d").toString());
    assertThat(r.code()).isEqualTo(Main.ENVIRONMENT);
    assertThat(r.err().trim()).isEqualTo("screentrail: " + DemoCommand.NO_XVFB);
  }
}

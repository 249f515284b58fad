package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.CpuGovernor;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record --cpu-budget} and {@code --no-damage-hints}, and what {@code inspect} says. */
class PerformanceCliTest {

  /** Steps from narrowed OCR to the last level, each an allowance cut. */
  private static final int ALLOWANCE_CUTS = CpuGovernor.MAX_LEVEL - CpuGovernor.OCR_LEVEL;

  @TempDir Path tmp;

  @Test
  void aCpuBudgetShowsEveryDegradationInInspect() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      x.client(1500, "xterm", "-geometry", "60x15+10+10", "-e", "bash", "--norc", "--noprofile",
          "-c", "while :; do date +%s%N; sleep 0.05; done");
      Path out = tmp.resolve("budget");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
          "--no-redact", "--out", out.toString(), "--fps", "8", "--duration", "6s",
          "--cpu-budget", "0.01%", "--cpu-budget-window", "1s");
      assertThat(r.code()).as(r.toString()).isZero();
      Result text = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
      assertThat(text.out()).contains("CPU budget 0.01% of one core", "3 rate reductions",
          ALLOWANCE_CUTS + " OCR allowance cuts", "Damage     X server hints on");
      JsonObject j = CliRunner.inspectJson(out);
      JsonObject perf = j.getObject("performance");
      assertThat(perf.getLong("cpuBudgetRateReductions")).isEqualTo(3);
      assertThat(perf.getLong("cpuBudgetLevel")).isEqualTo(CpuGovernor.MAX_LEVEL);
      assertThat(perf.getLong("cpuBudgetAllowanceCuts")).isEqualTo(ALLOWANCE_CUTS);
      assertThat(j.getObject("damageHints").getBoolean("used")).isTrue();
    }
  }

  @Test
  void linesHiddenOverTheOcrAllowanceAreCountedInInspect() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    try (XvfbServer x = XvfbServer.start(640, 400)) {
      x.client(1500, "xterm", "-geometry", "60x15+10+10", "-e", "bash", "--norc", "--noprofile",
          "-c", "while :; do echo \"build took $(date +%N) us\"; sleep 0.2; done");
      Path out = tmp.resolve("allowance");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
          "--out", out.toString(), "--fps", "4", "--duration", "10s",
          "--cpu-budget", "0.01%", "--cpu-budget-window", "1s");
      assertThat(r.code()).as(r.toString()).isZero();
      JsonObject j = CliRunner.inspectJson(out);
      long overBudget = j.getObject("redaction").getLong("linesOverBudget");
      assertThat(overBudget).isPositive();
      assertThat(j.getObject("performance").getLong("cpuBudgetLevel"))
          .isEqualTo(CpuGovernor.MAX_LEVEL);
      Result text = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
      assertThat(text.out()).contains(overBudget
          + " lines hidden unread over the CPU budget's OCR allowance",
          ALLOWANCE_CUTS + " OCR allowance cuts");
    }
  }

  @Test
  void withoutDamageHintsInspectSaysWhy() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    try (XvfbServer x = XvfbServer.start(320, 240)) {
      Path out = tmp.resolve("nohints");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
          "--no-redact", "--no-damage-hints", "--out", out.toString(), "--fps", "4",
          "--duration", "1500ms");
      assertThat(r.code()).as(r.toString()).isZero();
      Result text = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
      assertThat(text.out()).contains("Damage     off, every frame grabbed and hashed whole:"
          + " disabled in the configuration", "CPU budget none",
          "Redaction  off: frames stored as captured");
    }
  }

  @Test
  void badBudgetsAreUsageErrorsThatSayWhatToGive() {
    Result r = CliRunner.run(CliRunner.env(":9999"), "record", "--out",
        tmp.resolve("a").toString(), "--cpu-budget", "five");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--cpu-budget must be a percentage of one core", "'five'");
    r = CliRunner.run(CliRunner.env(":9999"), "record", "--out", tmp.resolve("b").toString(),
        "--cpu-budget-window", "10s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--cpu-budget-window needs --cpu-budget");
  }
}

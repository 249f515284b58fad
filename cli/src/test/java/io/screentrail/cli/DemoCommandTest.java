package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} end to end: its own Xvfb, real clients clicked and typed into, the recorder in a
 * child JVM capturing that display's input, and nothing left running.
 */
class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void recordsAPrivateDisplayAndCleansUp() {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    Path out = tmp.resolve("demo");
    Result r = CliRunner.run(CliRunner.env(null), "demo", "--seconds", "6", "--out",
        out.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Demo finished: recorded 6 s of a private display",
        "The session is in " + out.toAbsolutePath(), "Result     ok", "Ended      cleanly",
        "./screentrail inspect " + out + " --json",
        "./screentrail export " + out + " --format frames --out " + out + "-frames",
        "./screentrail export " + out + " --format trajectory --out " + out + ".jsonl");
    // Typed text is recorded on screen, never printed.
    assertThat(r.out() + r.err()).doesNotContain("hello from screentrail", "seq 1 50");

    JsonObject j = CliRunner.inspectJson(out);
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getString("source")).isEqualTo("xshm");
    assertThat(j.getObject("geometry").getLong("width")).isEqualTo(1280);
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(3);
    // The recorder captured the private display's input: the demo's clicks and typing.
    assertThat(j.getObject("input").getBoolean("global")).as(r.toString()).isTrue();
    assertThat(j.getLong("actions")).as(r.toString()).isPositive();
    assertThat(r.out()).containsPattern("Input      \\d+ events, [1-9]\\d* actions");

    List<String> leftovers = ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().command().orElse(""))
        .filter(c -> c.endsWith("/Xvfb") || c.endsWith("/xterm") || c.endsWith("/xclock")
            || c.endsWith("/xeyes") || c.endsWith("/xlogo") || c.endsWith("/bash")
            || c.endsWith("/java")) // the recorder
        .toList();
    assertThat(leftovers).isEmpty();
  }
}

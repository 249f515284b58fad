package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygen}, {@code --key-file} and {@code --key-env} on record, inspect and export, and the
 * byte budget flags, against a real X server with an xterm.
 */
class EncryptionCliTest {

  private static XvfbServer x;

  @TempDir Path tmp;

  @BeforeAll
  static void startDisplay() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    x = XvfbServer.start("-noreset", "-screen", "0", "480x320x24");
    x.client(1000, "xterm", "-geometry", "40x8+10+10", "-e", "bash", "--norc", "--noprofile");
  }

  @AfterAll
  static void stopDisplay() {
    if (x != null) {
      x.close();
    }
  }

  private Path keygen(String name) {
    Path key = tmp.resolve(name);
    Result r = CliRunner.run(CliRunner.env(null), "keygen", "--out", key.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    return key;
  }

  private Result record(Path out, String... more) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("record",
        "--input", "off", "--no-redact", "--format", "png", "--min-free", "0", "--out",
        out.toString()));
    java.util.List<String> extra = java.util.List.of(more);
    if (!extra.contains("--duration")) {
      all.addAll(java.util.List.of("--duration", "1500ms"));
    }
    if (!extra.contains("--fps")) {
      all.addAll(java.util.List.of("--fps", "4"));
    }
    all.addAll(extra);
    return CliRunner.run(CliRunner.env(x.display()), all.toArray(new String[0]));
  }

  @Test
  void keygenWritesAnOwnerOnlyKeyAndNeverOverwritesIt() throws Exception {
    Path key = keygen("a.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key).strip()).matches("[0-9a-f]{64}");
    Result again = CliRunner.run(CliRunner.env(null), "keygen", "--out", key.toString());
    assertThat(again.code()).isEqualTo(Main.USAGE);
    assertThat(again.err()).contains("already exists").contains("never overwritten");
  }

  @Test
  void anEncryptedRecordingNeedsItsKeyToBeInspectedAndExported() throws Exception {
    Path key = keygen("s.key");
    Path out = tmp.resolve("session");
    Result rec = record(out, "--key-file", key.toString());
    assertThat(rec.code()).as(rec.toString()).isZero();

    Result noKey = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
    assertThat(noKey.code()).isEqualTo(Main.USAGE);
    assertThat(noKey.err()).contains("is encrypted").contains("--key-file FILE");

    Path other = keygen("other.key");
    Result wrong = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--key-file",
        other.toString());
    assertThat(wrong.code()).isEqualTo(Main.USAGE);
    assertThat(wrong.err()).contains("Wrong key");

    Result ok = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--key-file",
        key.toString(), "--json");
    assertThat(ok.code()).as(ok.toString()).isZero();
    JsonObject j = ok.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getBoolean("encrypted")).isTrue();
    assertThat(j.getLong("framesStored")).isPositive();
    assertThat(j.getObject("geometry").getLong("width")).isEqualTo(480);

    Result human = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--key-file",
        key.toString());
    assertThat(human.out()).contains("Encrypted  yes (AES-256-GCM, key id ");

    Path frames = tmp.resolve("frames");
    Result export = CliRunner.run(CliRunner.env(null), "export", out.toString(), "--format",
        "frames", "--out", frames.toString(), "--key-file", key.toString());
    assertThat(export.code()).as(export.toString()).isZero();
    try (var files = Files.list(frames)) {
      assertThat(files.count()).isEqualTo(j.getLong("framesStored"));
    }
    Result exportNoKey = CliRunner.run(CliRunner.env(null), "export", out.toString(),
        "--format", "frames", "--out", tmp.resolve("f2").toString());
    assertThat(exportNoKey.code()).isEqualTo(Main.USAGE);
    assertThat(exportNoKey.err()).contains("--key-file");

    Path page = tmp.resolve("session.html");
    Result viewNoKey = CliRunner.run(CliRunner.env(null), "view", out.toString(), "--out",
        page.toString());
    assertThat(viewNoKey.code()).isEqualTo(Main.USAGE);
    assertThat(viewNoKey.err()).contains("--key-file");
    assertThat(page).doesNotExist();
    Result view = CliRunner.run(CliRunner.env(null), "view", out.toString(), "--out",
        page.toString(), "--key-file", key.toString());
    assertThat(view.code()).as(view.toString()).isZero();
    assertThat(Files.readString(page)).contains("data:image/jpeg;base64,");

    // The same key from the environment.
    String hex = Files.readString(key).strip();
    Map<String, String> env = CliRunner.env(null);
    env.put("MY_KEY", hex);
    Result fromEnv = CliRunner.run(env, "inspect", out.toString(), "--key-env", "MY_KEY");
    assertThat(fromEnv.code()).as(fromEnv.toString()).isZero();
  }

  @Test
  void keyProblemsAreUsageErrorsThatSayWhatToDo() throws Exception {
    Path open = tmp.resolve("open.key");
    Files.writeString(open, HexFormat.of().formatHex(new byte[32]));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Result r = record(tmp.resolve("s1"), "--key-file", open.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("chmod 600 " + open);

    Result unset = record(tmp.resolve("s2"), "--key-env", "NO_SUCH_VARIABLE_SET");
    assertThat(unset.code()).isEqualTo(Main.USAGE);
    assertThat(unset.err()).contains("NO_SUCH_VARIABLE_SET is not set");

    Result both = record(tmp.resolve("s3"), "--key-env", "A", "--key-file", open.toString());
    assertThat(both.code()).isEqualTo(Main.USAGE);
    assertThat(both.err()).contains("not both");
  }

  @Test
  void budgetFlagsAreCheckedAndAFloorAboveTheFreeSpaceIsAnEnvironmentError() {
    Result bad = record(tmp.resolve("b1"), "--max-bytes", "lots");
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("--max-bytes must be a size such as 500M");
    Result small = record(tmp.resolve("b2"), "--max-bytes", "10K");
    assertThat(small.code()).isEqualTo(Main.USAGE);
    assertThat(small.err()).contains("maxSessionBytes must be 0 (no cap) or at least 1048576");
    String[] args = {"record", "--input", "off", "--no-redact", "--duration", "1s", "--out",
        tmp.resolve("b3").toString(), "--min-free", "100000T"};
    Result low = CliRunner.run(CliRunner.env(x.display()), args);
    assertThat(low.code()).isEqualTo(Main.ENVIRONMENT);
    assertThat(low.err()).contains("free on the file system of").contains("--min-free");
  }

  @Test
  void recordExitsThreeNamingTheFreeSpaceWhenTheDiskFallsBelowTheFloor() throws Exception {
    Path mnt = tmp.resolve("small");
    Files.createDirectories(mnt);
    Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
        mnt.toString()).redirectErrorStream(true).start();
    assumeTrue(m.waitFor() == 0, "cannot mount a tmpfs here (needs root)");
    // Random text over the whole screen: every frame is a large PNG.
    Process noise = noise();
    try {
      Path out = mnt.resolve("session");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off",
          "--no-redact", "--format", "png", "--fps", "10", "--duration", "60s", "--min-free",
          "3M", "--out", out.toString());
      assertThat(r.code()).as(r.toString()).isEqualTo(Main.ENVIRONMENT);
      assertThat(r.err()).contains("recording stopped: only ").contains("free on the file"
          + " system of " + out).contains("below the minimum of 3 MiB");
      Result inspect = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--json");
      assertThat(inspect.code()).as(inspect.toString()).isZero();
      assertThat(inspect.json().getString("endReason")).isEqualTo("disk_low");
    } finally {
      noise.destroy();
      noise.waitFor();
      new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aSegmentedRecordingIsInspectedAsADirectoryOfSegmentsWithItsRemovals() throws Exception {
    Path key = keygen("seg.key");
    Path out = tmp.resolve("recording");
    Process noise = noise();
    Result r;
    try {
      r = record(out, "--key-file", key.toString(), "--fps", "10", "--duration", "8s",
          "--segment-bytes", "1M", "--root-max-bytes", "2M");
    } finally {
      noise.destroy();
      noise.waitFor();
    }
    assertThat(r.code()).as(r.toString()).isZero();
    Result inspect = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--key-file",
        key.toString(), "--json");
    assertThat(inspect.code()).as(inspect.toString()).isZero();
    JsonObject j = inspect.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getArray("segments")).isNotEmpty();
    assertThat(j.getArray("removed")).isNotEmpty();
    assertThat(j.getLong("bytes")).isLessThanOrEqualTo(3L << 20);
    Result human = CliRunner.run(CliRunner.env(null), "inspect", out.toString(), "--key-file",
        key.toString());
    assertThat(human.out()).contains("Recording  ").contains("segments)").contains("Removed    ")
        .contains("max-bytes");
    Result noKey = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
    assertThat(noKey.code()).isEqualTo(Main.USAGE);
    assertThat(noKey.err()).contains("--key-file");
  }

  /** An xterm over the screen printing random text: every frame is large. Destroy it after. */
  private static Process noise() throws java.io.IOException {
    return x.client(0, "xterm", "-geometry", "80x26+0+0", "-e", "bash", "--norc", "--noprofile",
        "-c", "while :; do head -c 900 /dev/urandom | base64 -w 78; sleep 0.03; done");
  }
}

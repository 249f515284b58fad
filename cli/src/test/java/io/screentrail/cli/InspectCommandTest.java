package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.cli.CliRunner.Result;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.testing.XvfbServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on a real recording, on damaged copies of it, and on things that are not one. */
class InspectCommandTest {

  @TempDir static Path shared;
  private static Path recorded;

  @TempDir Path tmp;

  @BeforeAll
  static void record() throws Exception {
    assumeTrue(XvfbServer.available(), "Xvfb is not installed");
    recorded = shared.resolve("recorded");
    try (XvfbServer x = XvfbServer.start(800, 600)) {
      x.client(1000, "xclock", "-update", "1");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off", "--out",
          recorded.toString(), "--fps", "4", "--duration", "3s");
      assertThat(r.code()).as(r.toString()).isZero();
    }
  }

  private Path copyOfRecording() throws IOException {
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(recorded)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  @Test
  void textSummaryOfAnIntactSession() {
    Result r = CliRunner.run(CliRunner.env(null), "inspect", recorded.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Session    " + recorded.toAbsolutePath(), "Result     ok",
        "Source     xshm on display :", "Geometry   800x600, the whole desktop",
        "Format     jpeg quality 80, 4 fps", "Frames     ", "skipped unchanged",
        "Torn tail  no", "Ended      cleanly (duration)", "Problems   none");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void redactionCountersAreShown() {
    Result r = CliRunner.run(CliRunner.env(null), "inspect", recorded.toString());
    assertThat(r.out()).contains("Redaction  blur: ", " lines read, ", " frames dropped unread",
        " lines hidden without reading, where OCR read nothing before");
    JsonObject red = CliRunner.inspectJson(recorded).getObject("redaction");
    assertThat(red.getLong("framesDroppedUnread")).isZero();
    assertThat(red.getLong("linesUnreadableAgain")).isNotNegative();
    assertThat(red.getLong("ocrTimeouts")).isZero();
  }

  /** Frames OCR could not finish in time are dropped, never stored raw, and inspect counts them. */
  @Test
  void framesDroppedUnreadAreCountedInInspect() throws Exception {
    assumeTrue(XvfbServer.onPath("xterm"), "xterm is not installed");
    Path out = tmp.resolve("dropped");
    try (XvfbServer x = XvfbServer.start(800, 600)) {
      x.client(1500, "xterm", "-geometry", "100x35+0+0", "-e", "bash", "--norc", "--noprofile",
          "-c", "while :; do echo \"invoice $RANDOM for account $RANDOM settled by the billing"
              + " service at $(date +%T.%N)\"; sleep 0.1; done");
      Result r = CliRunner.run(CliRunner.env(x.display()), "record", "--input", "off", "--out",
          out.toString(), "--fps", "4", "--duration", "3s", "--ocr-budget", "10ms",
          "--ocr-failure", "drop");
      assertThat(r.code()).as(r.toString()).isZero();
    }
    Result text = CliRunner.run(CliRunner.env(null), "inspect", out.toString());
    assertThat(text.out()).contains("Redaction  blur: ").doesNotContain(" 0 frames dropped unread");
    JsonObject red = CliRunner.inspectJson(out).getObject("redaction");
    assertThat(red.getLong("framesDroppedUnread")).isPositive();
    assertThat(red.getLong("ocrTimeouts") + red.getLong("ocrErrors"))
        .isGreaterThanOrEqualTo(red.getLong("framesDroppedUnread"));
  }

  @Test
  void foreignDirectoryIsNotASession() throws IOException {
    Files.writeString(tmp.resolve("readme.txt"), "hello");
    Result r = CliRunner.run(CliRunner.env(null), "inspect", tmp.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("is not a Screentrail session: it has no manifest.json");

    Result json = CliRunner.run(CliRunner.env(null), "inspect", tmp.toString(), "--json");
    assertThat(json.code()).isEqualTo(Main.USAGE);
    JsonObject j = json.json();
    assertThat(j.getBoolean("ok")).isFalse();
    assertThat(j.getString("error")).contains("has no manifest.json");

    Result missing = CliRunner.run(CliRunner.env(null), "inspect",
        tmp.resolve("nowhere").toString(), "--json");
    assertThat(missing.code()).isEqualTo(Main.USAGE);
    assertThat(missing.json().getString("error")).contains("is not a directory");
  }

  @Test
  void corruptManifestIsReported() throws IOException {
    Path copy = copyOfRecording();
    Files.writeString(copy.resolve("manifest.json"), "{\"format\": \"screentrail-sess");
    Result r = CliRunner.run(CliRunner.env(null), "inspect", copy.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.USAGE);
    JsonObject j = r.json();
    assertThat(j.getBoolean("ok")).isFalse();
    assertThat(j.getString("error")).contains("manifest.json is not valid JSON");
    assertThat(r.err()).contains("screentrail: ", "manifest.json is not valid JSON");
  }

  @Test
  void truncatedTimelineIsATornTailAndStillOk() throws IOException {
    Path copy = copyOfRecording();
    Path timeline = copy.resolve("timeline.bin");
    try (RandomAccessFile f = new RandomAccessFile(timeline.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    Result r = CliRunner.run(CliRunner.env(null), "inspect", copy.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonObject j = r.json();
    assertThat(j.getBoolean("ok")).isTrue();
    assertThat(j.getBoolean("tornTail")).isTrue();
    assertThat(j.getBoolean("endedCleanly")).isFalse(); // the end record was the one cut
    assertThat(j.getLong("framesStored")).isGreaterThanOrEqualTo(1);

    Result text = CliRunner.run(CliRunner.env(null), "inspect", copy.toString());
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("Result     ok", "Torn tail  yes", "Ended      no end record");
  }

  @Test
  void damagedImageMakesTheSessionNotOk() throws IOException {
    Path copy = copyOfRecording();
    Path frames = copy.resolve("frames.bin");
    try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "rw")) {
      long at = 16 + 12 + 100; // inside the first image, past its record header
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }
    Result r = CliRunner.run(CliRunner.env(null), "inspect", copy.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isEqualTo(Main.FAILED);
    JsonObject j = r.json();
    assertThat(j.getBoolean("ok")).isFalse();
    assertThat(j.getArray("problems")).isNotEmpty();
    assertThat(j.getArray("problems").get(0).toString()).contains("checksum mismatch");

    Result text = CliRunner.run(CliRunner.env(null), "inspect", copy.toString());
    assertThat(text.code()).isEqualTo(Main.FAILED);
    assertThat(text.out()).contains("Result     NOT OK: 1 problem", "checksum mismatch");
  }
}

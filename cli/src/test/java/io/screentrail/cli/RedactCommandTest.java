package io.screentrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code screentrail redact} on real rendered screens from the redaction corpus. */
class RedactCommandTest {

  private static final Path SCREENS =
      Path.of("../capture-core/src/test/resources/redaction-corpus/screens");

  @TempDir Path tmp;

  @Test
  void aFileIsRedactedAndWhatWasHiddenIsListedWithoutItsText() throws Exception {
    Path out = tmp.resolve("login.png");
    CliRunner.Result r = CliRunner.run(Map.of(), "redact", SCREENS.resolve("login.png").toString(),
        out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out).exists();
    assertThat(Files.size(out)).isPositive();
    assertThat(r.out()).contains("login.png:", "email EMAIL at", "PASSWORD at");
    assertThat(r.out()).doesNotContain("@example"); // boxes, never the text
  }

  @Test
  void aFolderIsRedactedUnderTheSameNames() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(SCREENS.resolve("chat.png"), in.resolve("a.png"));
    Files.copy(SCREENS.resolve("webmail.png"), in.resolve("b.png"));
    Path out = tmp.resolve("out");
    CliRunner.Result r = CliRunner.run(Map.of(), "redact", "--in", in.toString(), "--out",
        out.toString(), "--mode", "pixelate");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("a.png")).exists();
    assertThat(out.resolve("b.png")).exists();
    assertThat(r.out()).contains("2 of 2 files redacted");
    // The second file comes out as it does alone: nothing of the first carries over.
    Path alone = tmp.resolve("alone.png");
    CliRunner.Result single = CliRunner.run(Map.of(), "redact", in.resolve("b.png").toString(),
        alone.toString(), "--mode", "pixelate");
    assertThat(single.code()).as(single.err()).isZero();
    assertThat(Files.readAllBytes(alone)).isEqualTo(Files.readAllBytes(out.resolve("b.png")));
  }

  @Test
  void badInputIsAUsageError() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(out.resolve("keep.txt"), "x");
    CliRunner.Result r = CliRunner.run(Map.of(), "redact", "--in", SCREENS.toString(), "--out",
        out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not empty");
    CliRunner.Result missing = CliRunner.run(Map.of(), "redact", tmp.resolve("nope.png").toString(),
        tmp.resolve("o.png").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("is not a file");
    CliRunner.Result mode = CliRunner.run(Map.of(), "redact", "--in", SCREENS.toString(), "--out",
        tmp.resolve("x").toString(), "--mode", "erase");
    assertThat(mode.code()).isEqualTo(2);
    assertThat(mode.err()).contains("--mode");
  }
}
